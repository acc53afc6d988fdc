#pragma once

#include "core/config/GatewayConfig.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace llmux {

class UpstreamCall;
class UpstreamConnectionPool;

struct ProbeResult
{
    bool ok = false;
    int status = 0;
    double latencyMs = 0;
    int modelCount = -1;
    QString message;
    bool proxyFault = false; // the proxy failed, not the provider
    // The provider's model ids as its own API names them (Gemini's without "models/").
    QStringList modelIds;

    static ProbeResult failure(QString message, double latencyMs = 0, bool proxyFault = false);
};

// Checks that a provider answers with its API key, using the cheapest call it has (listing
// models), and says exactly what failed when it does not. Used by `llmux provider test` and the
// GUI's "Test connection".
class ProviderProbe : public QObject
{
    Q_OBJECT
public:
    // Tests the provider with one of its keys (0: its own key), through one of its proxies (-1:
    // the first one it has, if any).
    explicit ProviderProbe(std::shared_ptr<const ProviderEndpoint> provider, int keyIndex = 0,
                           int proxyIndex = -1, QObject *parent = nullptr);
    ~ProviderProbe() override;
    // The longest a probe waits for the provider's first byte (default 15 s).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void start();

Q_SIGNALS:
    void finished(const llmux::ProbeResult &result);

private:
    std::shared_ptr<const ProviderEndpoint> m_provider;
    int m_keyIndex = 0;
    int m_proxyIndex = -1;
    int m_timeoutMs = 15000;
    std::unique_ptr<UpstreamConnectionPool> m_pool;
};

} // namespace llmux
