#pragma once

#include "core/common/Clock.h"
#include "core/config/GatewayConfig.h"

#include <QHash>
#include <QObject>

namespace llmux {

class Database;
class RoutingState;

// Checks every key of every enabled provider with its cheapest authenticated call (listing
// models) at the configured interval or when asked, keeps each result in the health history,
// puts keys the provider accepts back into rotation and takes rejected ones out, and says when a
// provider goes down (no key works) or comes back. Lives on the thread that created it.
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    // Without routing state (the CLI's one-off checks) results are only recorded and reported.
    // Checks are scheduled on clock.
    HealthMonitor(const Database &db, RoutingState *routing, Clock &clock = Clock::system(),
                  QObject *parent = nullptr);
    ~HealthMonitor() override;

    // The configuration to check; reschedules to its interval. Null stops checking. A provider
    // that is new or changed (another address, key or proxy) loses its old result and, while
    // checks are on, is checked again soon.
    void setConfig(GatewayConfigPtr config);
    // Checks everything now, unless a round is running already.
    void checkNow();
    bool isChecking() const { return m_outstanding > 0; }

    struct ProviderHealth
    {
        qint64 providerId = 0;
        QString provider;
        bool known = false; // checked at least once
        bool up = false;    // at least one key works
        int keysOk = 0;
        int keysTotal = 0;
        QString reason; // why not up, or empty
    };
    QList<ProviderHealth> providers() const { return m_health.values(); }

Q_SIGNALS:
    void roundStarted();
    void checked(const llmux::HealthCheckRecord &check);
    void roundFinished();
    // A provider went down (no key works) or came back; first results count as changes only
    // when the provider is down.
    void providerStateChanged(const QString &provider, bool up, const QString &reason);

private:
    static QByteArray setupOf(const ProviderEndpoint &provider);
    void reschedule();
    void finishKey(const ProviderEndpoint &provider, int keyIndex, int proxyIndex, bool proxyFault,
                   const HealthCheckRecord &check);
    void finishRound();

    const Database &m_db;
    RoutingState *m_routing;
    Clock &m_clock;
    GatewayConfigPtr m_config;
    quint64 m_schedule = 0; // the interval checks in force (see reschedule())
    int m_outstanding = 0;
    // This round's tally per provider id, then the state everyone sees.
    QHash<qint64, ProviderHealth> m_round;
    QHash<qint64, ProviderHealth> m_health;
    // What each provider was checked as (address, kind, keys, proxies): when that changes, the
    // old result says nothing about the new set-up.
    QHash<qint64, QByteArray> m_setups;
    QHash<qint64, QByteArray> m_checkedSetups; // m_setups when the running round began
    bool m_recheckAfterRound = false;
};

} // namespace llmux
