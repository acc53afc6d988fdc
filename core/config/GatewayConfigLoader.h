#pragma once

#include "core/config/GatewayConfig.h"
#include "core/store/SecretStore.h"

#include <QObject>
#include <QTimer>

namespace llmux {

class Database;

// Builds GatewayConfig snapshots from the database and the keychain, and rebuilds one whenever the
// database's config revision moves, which is how edits from the CLI or the GUI reach a running
// gateway without a restart. Lives on the thread that created it (the application's main thread,
// where the keychain's callbacks arrive); never on a request path.
class GatewayConfigLoader : public QObject
{
    Q_OBJECT
public:
    GatewayConfigLoader(const Database &db, SecretStore secrets, QObject *parent = nullptr);

    // Loads now; loaded() follows once the keychain has answered.
    void reload();
    void startWatching(int intervalMs = 500);

    // A provider as the gateway would use it, before its secrets are read: its base URL and the
    // proxies to reach it through (passwords missing), no keys yet.
    static std::shared_ptr<ProviderEndpoint> endpointWithoutSecrets(const ProviderRecord &record);

Q_SIGNALS:
    void loaded(const llmux::GatewayConfigPtr &config);
    void loadFailed(const QString &message);

private:
    void pollRevision();

    const Database &m_db;
    SecretStore m_secrets;
    QTimer m_poll;
    qint64 m_seenRevision = -1;
    bool m_loading = false;
    bool m_reloadAgain = false;
};

} // namespace llmux
