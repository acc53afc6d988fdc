#pragma once

#include "core/common/Clock.h"
#include "core/common/Result.h"
#include "core/config/ConfigHolder.h"
#include "core/config/ListenSettings.h"
#include "core/http/ConnectionBudget.h"
#include "core/http/HttpLimits.h"
#include "core/http/ListeningSockets.h"

#include <QHostAddress>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace llmux {

class AlertCenter;
class Database;
class GatewayConfigLoader;
class GatewayWorker;
class HealthMonitor;
struct Governance;
class RoutingState;
class SecretStore;
class RequestLogWriter;
class ResponseStore;

struct GatewayOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = ListenSettings::kDefaultPort; // 0 picks a free port (tests)
    HttpLimits limits;
    int workerThreads = 0; // 0: one per core, at least two
    ListenerMode listener = ListenerMode::Automatic;
};

// The local gateway as one object: listens, serves requests on worker threads, follows
// configuration changes, and writes the request log. Used the same way by the desktop app, by
// `llmux serve` and by the tests. Its own methods are called from the thread that created it.
class Gateway : public QObject
{
    Q_OBJECT
public:
    Gateway(const Database &db, const SecretStore &secrets, QObject *parent = nullptr);
    // With the clock and randomness routing and health checks run on (tests move time forward).
    Gateway(const Database &db, const SecretStore &secrets, Clock &clock, RandomSource &random,
            QObject *parent = nullptr);
    ~Gateway() override;

    // Binds the port and starts the workers; ready() follows once the configuration is loaded.
    Status start(const GatewayOptions &options);
    // Stops accepting, ends open requests (each one still logged) and flushes the log.
    void stop();
    // Stops accepting, lets requests in flight finish within the configured grace period
    // (gateway.shutdown_grace_ms), then stop(): what is still running is cut off, its stream
    // ended with an error event, and logged as cut off by the shutdown.
    void stopGracefully();
    int requestsInFlight() const { return m_budget.requestsInFlight(); }
    // Listens on another address. The new one is bound first: when it cannot be, the gateway
    // goes on serving where it was and the failure says why. Does nothing when stopped.
    Status moveTo(const QHostAddress &host, quint16 port);

    bool isRunning() const { return m_running; }
    bool isReady() const { return m_ready; }
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    QString baseUrl() const;
    int openConnections() const { return m_budget.openConnections(); }
    // Bytes of request bodies held in memory right now (each counted twice, see HttpLimits).
    qint64 bodyBytesInFlight() const { return m_budget.bodyBytesInFlight(); }

    RequestLogWriter *requestLogWriter() const { return m_usage.get(); }
    GatewayConfigLoader *configLoader() const { return m_loader.get(); }
    GatewayConfigPtr currentConfig() const { return m_config.current(); }
    // What the workers have learned about targets and keys (circuits, cooldowns, latencies).
    RoutingState *routingState() const { return m_routing.get(); }
    // Checks provider keys while the gateway runs.
    HealthMonitor *healthMonitor() const { return m_health.get(); }
    // Sends alerts about what happens in the gateway to the configured channels.
    AlertCenter *alertCenter() const { return m_alerts.get(); }
    // Rate-limit counters and budget spending as the workers keep them (live, in memory).
    const Governance &governance() const { return *m_governance; }

Q_SIGNALS:
    void ready();
    void stateChanged();
    void configReloaded(qint64 revision);
    void problem(const QString &message);

private:
    void applyConfig(const GatewayConfigPtr &config);
    Status startOn(ListeningSockets::Bound bound);
    // SingleAcceptor: gives an accepted connection to the next worker in turn.
    void handOff(qintptr descriptor);

    const Database &m_db;
    ConfigHolder m_config;
    std::unique_ptr<RequestLogWriter> m_usage;
    std::unique_ptr<ResponseStore> m_responses;
    std::unique_ptr<RoutingState> m_routing;
    std::unique_ptr<Governance> m_governance;
    std::unique_ptr<HealthMonitor> m_health;
    std::unique_ptr<AlertCenter> m_alerts;
    std::unique_ptr<GatewayConfigLoader> m_loader;
    std::vector<QThread *> m_threads;
    std::vector<GatewayWorker *> m_workers;
    std::unique_ptr<HandoffAcceptor> m_acceptor;
    size_t m_nextWorker = 0;
    GatewayOptions m_options;
    ConnectionBudget m_budget;
    QHostAddress m_address;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_stopping = false; // in stopGracefully()'s grace period
    bool m_ready = false;
};

} // namespace llmux
