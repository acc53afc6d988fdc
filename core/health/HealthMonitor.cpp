#include "core/health/HealthMonitor.h"

#include "core/providers/ProviderProbe.h"
#include "core/routing/RoutingState.h"
#include "core/store/HealthRepository.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

#include <utility>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcHealth, "llmux.health", QtInfoMsg)

// Long enough for availability over a month; old rows are dropped each round.
constexpr qint64 kKeepHistoryMs = 31LL * 24 * 3600 * 1000;
// A provider just saved is checked this soon: the page showing it gets a fresh state.
constexpr int kRecheckDelayMs = 500;

} // namespace

HealthMonitor::HealthMonitor(const Database &db, RoutingState *routing, Clock &clock,
                             QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_routing(routing)
    , m_clock(clock)
{}

HealthMonitor::~HealthMonitor() = default;

void HealthMonitor::setConfig(GatewayConfigPtr config)
{
    const int before = m_config ? m_config->health.intervalMs : -1;
    m_config = std::move(config);
    bool changed = false;
    if (m_config) {
        QHash<qint64, QByteArray> setups;
        for (const auto &p : std::as_const(m_config->providers)) {
            const QByteArray setup = setupOf(*p);
            setups.insert(p->record.id, setup);
            if (m_setups.value(p->record.id) != setup) {
                m_health.remove(p->record.id);
                changed = true;
            }
        }
        // Providers that are gone are forgotten.
        m_health.removeIf([&setups](const auto &it) { return !setups.contains(it.key()); });
        m_setups = std::move(setups);
    }
    if (!m_config || m_config->health.intervalMs != before)
        reschedule();
    // Not on the first configuration: the gateway schedules the first round itself.
    if (changed && before >= 0 && m_config->health.intervalMs > 0) {
        if (m_outstanding > 0)
            m_recheckAfterRound = true; // the running round checks the old set-up
        else
            m_clock.callAfter(kRecheckDelayMs, this, [this] { checkNow(); });
    }
}

QByteArray HealthMonitor::setupOf(const ProviderEndpoint &provider)
{
    QByteArray setup = provider.record.kind.toUtf8() + '\n' + provider.baseUrl.toEncoded() + '\n' +
                       QByteArray::number(provider.record.enabled);
    for (const ProviderKey &key : provider.keys)
        setup += '\n' + key.stateId.toUtf8() + key.problem.toUtf8();
    for (const ProxyEndpoint &proxy : provider.proxies)
        setup += '\n' + proxy.stateId.toUtf8() + proxy.problem.toUtf8();
    return setup;
}

void HealthMonitor::reschedule()
{
    // A newer schedule makes the pending round of the older one do nothing.
    const quint64 schedule = ++m_schedule;
    if (!m_config || m_config->health.intervalMs <= 0)
        return;
    m_clock.callAfter(m_config->health.intervalMs, this, [this, schedule] {
        if (schedule != m_schedule)
            return;
        checkNow();
        reschedule();
    });
}

void HealthMonitor::checkNow()
{
    if (!m_config || m_outstanding > 0)
        return;
    m_round.clear();
    struct Check
    {
        std::shared_ptr<const ProviderEndpoint> provider;
        int keyIndex;
        int proxyIndex;
    };
    QList<Check> work;
    for (const auto &provider : std::as_const(m_config->providers)) {
        if (!provider->record.enabled)
            continue;
        ProviderHealth &tally = m_round[provider->record.id];
        tally.providerId = provider->record.id;
        tally.provider = provider->record.name;
        tally.known = true;
        tally.keysTotal = int(provider->keys.size());
        // Every key (through the first proxy, if any), and every further proxy with the first key.
        const int firstProxy = provider->proxies.isEmpty() ? -1 : 0;
        for (int i = 0; i < provider->keys.size(); ++i)
            work.append({provider, i, firstProxy});
        for (int p = 1; p < provider->proxies.size(); ++p)
            work.append({provider, 0, p});
        tally.keysTotal = int(provider->keys.size());
    }
    if (work.isEmpty()) {
        Q_EMIT roundFinished();
        return;
    }
    m_outstanding = int(work.size());
    m_checkedSetups = m_setups;
    Q_EMIT roundStarted();
    const int timeoutMs = m_config->health.timeoutMs;
    for (const Check &item : std::as_const(work)) {
        // Plain copies, not structured bindings: lambdas capture them on every compiler.
        const std::shared_ptr<const ProviderEndpoint> provider = item.provider;
        const int keyIndex = item.keyIndex;
        const int proxyIndex = item.proxyIndex;
        const ProviderKey &key = provider->keys.at(keyIndex);
        HealthCheckRecord check;
        if (proxyIndex >= 0)
            check.proxy = provider->proxies.at(proxyIndex).display;
        check.timestampMs = QDateTime::currentMSecsSinceEpoch();
        check.providerId = provider->record.id;
        check.providerName = provider->record.name;
        check.keyId = key.id;
        if (!key.problem.isEmpty()) {
            check.error = key.problem;
            // Asynchronously, like a real probe, so a round always ends after checkNow returns.
            QMetaObject::invokeMethod(
                this,
                [this, provider, keyIndex, check] {
                    finishKey(*provider, keyIndex, -1, false, check);
                },
                Qt::QueuedConnection);
            continue;
        }
        auto *probe = new ProviderProbe(provider, keyIndex, proxyIndex, this);
        probe->setTimeoutMs(timeoutMs);
        connect(probe, &ProviderProbe::finished, this,
                [this, probe, provider, keyIndex, proxyIndex,
                 check](const ProbeResult &result) mutable {
                    check.ok = result.ok;
                    check.status = result.status;
                    check.latencyMs = result.latencyMs;
                    if (!result.ok)
                        check.error = result.message;
                    finishKey(*provider, keyIndex, proxyIndex, result.proxyFault, check);
                    probe->deleteLater();
                });
        probe->start();
    }
}

void HealthMonitor::finishKey(const ProviderEndpoint &provider, int keyIndex, int proxyIndex,
                              bool proxyFault, const HealthCheckRecord &check)
{
    if (Status s = HealthRepository(m_db).record(check); !s)
        qCWarning(lcHealth) << "cannot record a health check:" << s.error();
    if (m_routing && m_config) {
        const qint64 now = m_routing->nowMs();
        // A proxy fault says nothing about the key.
        if (!proxyFault)
            m_routing->recordKeyCheck(provider.keys.at(keyIndex), check.ok, check.status, now,
                                      m_config->breaker);
        if (proxyIndex >= 0 && (check.ok || proxyFault))
            m_routing->recordProxyResult(provider.proxies.at(proxyIndex), check.ok, check.error,
                                         now, m_config->breaker.openMs);
    }
    ProviderHealth &tally = m_round[provider.record.id];
    if (check.ok) {
        // Through further proxies only the first key is checked: count each key once.
        if (proxyIndex <= 0)
            ++tally.keysOk;
        else
            tally.keysOk = std::max(tally.keysOk, 1);
    } else {
        QString label = provider.keys.size() > 1
                            ? QStringLiteral("key '%1': ").arg(provider.keys.at(keyIndex).label)
                            : QString();
        if (!check.proxy.isEmpty() && provider.proxies.size() > 1)
            label += QStringLiteral("via %1: ").arg(check.proxy);
        tally.reason +=
            (tally.reason.isEmpty() ? QString() : QStringLiteral("; ")) + label + check.error;
    }
    Q_EMIT checked(check);
    if (--m_outstanding == 0)
        finishRound();
}

void HealthMonitor::finishRound()
{
    for (ProviderHealth tally : std::as_const(m_round)) {
        // Checked as it was before a change that came during the round: that says nothing now.
        if (!m_setups.contains(tally.providerId) ||
            m_checkedSetups.value(tally.providerId) != m_setups.value(tally.providerId))
            continue;
        tally.up = tally.keysOk > 0;
        const auto previous = m_health.constFind(tally.providerId);
        const bool changed = previous == m_health.cend() ? !tally.up : previous->up != tally.up;
        m_health.insert(tally.providerId, tally);
        if (changed) {
            qCInfo(lcHealth).noquote() << "provider" << tally.provider
                                       << (tally.up ? "is back up" : "is down:") << tally.reason;
            Q_EMIT providerStateChanged(tally.provider, tally.up, tally.reason);
        }
    }
    if (const Status pruned =
            HealthRepository(m_db).prune(QDateTime::currentMSecsSinceEpoch() - kKeepHistoryMs);
        !pruned)
        qCWarning(lcHealth) << "cannot prune the health history:" << pruned.error();
    Q_EMIT roundFinished();
    if (std::exchange(m_recheckAfterRound, false))
        QTimer::singleShot(0, this, &HealthMonitor::checkNow);
}

} // namespace llmux
