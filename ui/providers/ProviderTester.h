#pragma once

#include "core/domain/Records.h"
#include "core/providers/ProviderProbe.h"
#include "core/store/SecretStore.h"

#include <QObject>

#include <memory>

namespace llmux {

class Database;

// Tests a provider as typed in the editor or as stored: with a typed key, or with its stored key
// read from the keychain (or its environment variable), through its proxies. Reports the probe's
// result, including the model ids the provider lists. Never blocks; a new start() drops the
// previous test's answer.
class ProviderTester : public QObject
{
    Q_OBJECT
public:
    ProviderTester(const Database &db, SecretStore secrets, QObject *parent = nullptr);
    ~ProviderTester() override;

    // record.id 0: a provider not saved yet. An empty typedKey means "the stored key".
    // proxyText: proxies as typed (passwords in the URLs are used, not stored).
    void start(const ProviderRecord &record, const QByteArray &typedKey, const QString &proxyText);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const llmux::ProbeResult &result);

private:
    void probe(const std::shared_ptr<const ProviderEndpoint> &endpoint, int generation);
    void finish(const ProbeResult &result);

    const Database &m_db;
    SecretStore m_secrets;
    ProviderProbe *m_probe = nullptr; // child; replaced with deleteLater, as it may be emitting
    int m_generation = 0;
    bool m_running = false;
};

} // namespace llmux
