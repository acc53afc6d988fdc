#include "core/routing/RoutingState.h"

#include <QMutexLocker>

#include <algorithm>
#include <numeric>

namespace llmux {
namespace {

QList<int> identity(qsizetype n)
{
    QList<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    return order;
}

// Weighted random order without replacement: heavier targets tend to come first.
QList<int> weightedOrder(const Route &route, RandomSource &random)
{
    QList<int> left = identity(route.targets.size());
    QList<int> order;
    while (!left.isEmpty()) {
        qint64 total = 0;
        for (int i : std::as_const(left))
            total += route.targets.at(i).weight;
        qint64 pick = qint64(random.bounded(quint64(std::max<qint64>(total, 1))));
        qsizetype chosen = 0;
        for (qsizetype j = 0; j < left.size(); ++j) {
            pick -= route.targets.at(left.at(j)).weight;
            if (pick < 0) {
                chosen = j;
                break;
            }
        }
        order << left.takeAt(chosen);
    }
    return order;
}

double priceOf(const ModelTarget &t)
{
    return t.price ? t.price->inputPerMillion + t.price->outputPerMillion
                   : std::numeric_limits<double>::infinity();
}

} // namespace

RoutingState::RoutingState(Clock &clock, RandomSource &random)
    : m_clock(clock)
    , m_random(random)
{}

QList<int> RoutingState::order(const Route &route, qint64 nowMs)
{
    Q_UNUSED(nowMs)
    const qsizetype n = route.targets.size();
    if (n <= 1)
        return identity(n);
    switch (route.strategy) {
    case RouteStrategy::Failover:
        return identity(n);
    case RouteStrategy::RoundRobin: {
        quint32 start = 0;
        {
            QMutexLocker lock(&m_mutex);
            start = m_rotation[QStringLiteral("route:") + route.name]++;
        }
        QList<int> order = identity(n);
        std::rotate(order.begin(), order.begin() + start % n, order.end());
        return order;
    }
    case RouteStrategy::Weighted:
        return weightedOrder(route, m_random);
    case RouteStrategy::Latency: {
        QList<double> latency(n);
        {
            QMutexLocker lock(&m_mutex);
            for (qsizetype i = 0; i < n; ++i) {
                const auto it = m_targets.constFind(route.targets.at(i).stateId());
                latency[i] = it == m_targets.cend() ? 0 : it->latencyMs;
            }
        }
        // Unmeasured targets (0) go first, so each gets measured.
        QList<int> order = identity(n);
        std::stable_sort(order.begin(), order.end(),
                         [&latency](int a, int b) { return latency[a] < latency[b]; });
        return order;
    }
    case RouteStrategy::Cost: {
        QList<int> order = identity(n);
        std::stable_sort(order.begin(), order.end(), [&route](int a, int b) {
            return priceOf(route.targets.at(a)) < priceOf(route.targets.at(b));
        });
        return order;
    }
    }
    return identity(n);
}

RoutingState::Admission RoutingState::admit(const ModelTarget &target, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_targets.find(target.stateId());
    if (it == m_targets.end())
        return {};
    Admission allowed;
    if (it->breaker.allow(nowMs, &allowed.probe))
        return allowed;
    Admission refused;
    refused.allowed = false;
    refused.retryAtMs = it->breaker.openUntilMs();
    refused.reason = it->breaker.state(nowMs) == CircuitBreaker::State::HalfOpen
                         ? QStringLiteral("circuit half-open, a probe request is in flight")
                         : QStringLiteral("circuit open (%1)").arg(it->breaker.openReason());
    return refused;
}

RoutingState::KeyPick RoutingState::pickKey(const ModelTarget &target, const QSet<int> &skip,
                                            qint64 nowMs, const BreakerPolicy &policy)
{
    const ProviderEndpoint &provider = *target.provider;
    const qsizetype n = provider.keys.size();
    KeyPick pick;
    QStringList reasons;
    QMutexLocker lock(&m_mutex);
    const quint32 start =
        n > 1 ? m_rotation[QStringLiteral("provider:") + QString::number(provider.record.id)]++ : 0;
    for (qsizetype step = 0; step < n; ++step) {
        const int i = int((start + step) % n);
        if (skip.contains(i))
            continue;
        const ProviderKey &key = provider.keys.at(i);
        if (!key.problem.isEmpty()) {
            reasons << QStringLiteral("key '%1': %2").arg(key.label, key.problem);
            continue;
        }
        if (auto it = m_keys.find(key.stateId); it != m_keys.end() && it->disabled) {
            if (nowMs < it->retestAtMs) {
                reasons << QStringLiteral("key '%1' %2").arg(key.label, it->reason);
                if (pick.lastResort < 0)
                    pick.lastResort = i;
                continue;
            }
            // Time to test it again with one real request; others keep away meanwhile.
            it->retestAtMs = nowMs + policy.keyRetestMs;
        }
        if (!m_cooldowns.isEmpty()) {
            auto it = m_cooldowns.find(cooldownId(key.stateId, target.upstreamModel));
            if (it != m_cooldowns.end() && nowMs < it->untilMs) {
                reasons << QStringLiteral("key '%1' %2, resting %3 s more")
                               .arg(key.label, it->reason)
                               .arg((it->untilMs - nowMs + 999) / 1000);
                pick.retryAtMs =
                    pick.retryAtMs == 0 ? it->untilMs : std::min(pick.retryAtMs, it->untilMs);
                // A key that is only resting beats one the provider rejected.
                if (pick.lastResortReadyAtMs == 0 || it->untilMs < pick.lastResortReadyAtMs) {
                    pick.lastResort = i;
                    pick.lastResortReadyAtMs = it->untilMs;
                }
                continue;
            }
            if (it != m_cooldowns.end())
                m_cooldowns.erase(it);
        }
        pick.index = i;
        pick.reason.clear();
        return pick;
    }
    // retryAtMs only helps when every key is merely resting.
    if (reasons.size() != std::count_if(reasons.cbegin(), reasons.cend(), [](const QString &r) {
            return r.contains(QLatin1String("resting"));
        }))
        pick.retryAtMs = 0;
    pick.reason = reasons.isEmpty() ? QStringLiteral("every API key was tried")
                                    : reasons.join(QStringLiteral("; "));
    return pick;
}

void RoutingState::recordSuccess(const ModelTarget &target, const ProviderKey &key, double ttfbMs,
                                 qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    sweep(nowMs);
    TargetRecord &t = m_targets[target.stateId()];
    t.breaker.recordSuccess(nowMs);
    t.latencyMs = t.latencyMs == 0 ? ttfbMs : 0.8 * t.latencyMs + 0.2 * ttfbMs;
    if (!m_keys.isEmpty())
        m_keys.remove(key.stateId);
}

void RoutingState::recordFailure(const ModelTarget &target, const ProviderKey &key,
                                 const FailureVerdict &verdict, const QString &summary,
                                 qint64 nowMs, const BreakerPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    sweep(nowMs);
    if (verdict.countsAgainstTarget)
        m_targets[target.stateId()].breaker.recordFailure(nowMs, policy, summary);
    if (verdict.key == FailureVerdict::KeyAction::None)
        return;
    if (verdict.key == FailureVerdict::KeyAction::Disable) {
        KeyRecord &k = m_keys[key.stateId];
        const bool newlyDisabled = !k.disabled;
        k.reason = verdict.keyReason;
        k.disabled = true;
        k.outOfBalance = verdict.outOfBalance;
        k.retestAtMs = nowMs + policy.keyRetestMs;
        lock.unlock();
        if (newlyDisabled && m_keyDisabled)
            m_keyDisabled(target.provider->record.name, key.id, verdict.keyReason,
                          verdict.outOfBalance);
    } else {
        Cooldown &c = m_cooldowns[cooldownId(key.stateId, target.upstreamModel)];
        c.reason = verdict.keyReason;
        c.untilMs = std::max(c.untilMs, nowMs + verdict.cooldownMs);
    }
}

void RoutingState::recordKeyCheck(const ProviderKey &key, bool accepted, int status, qint64 nowMs,
                                  const BreakerPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    if (accepted) {
        // Listing models works without credit: only a request can tell the balance is back.
        const auto it = m_keys.constFind(key.stateId);
        if (it != m_keys.cend() && !it->outOfBalance)
            m_keys.remove(key.stateId);
        return;
    }
    if (status != 401 && status != 403)
        return; // unreachable or overloaded says nothing about the key
    KeyRecord &k = m_keys[key.stateId];
    k.disabled = true;
    k.reason = QStringLiteral("rejected by the provider's health check (HTTP %1)").arg(status);
    k.retestAtMs = nowMs + policy.keyRetestMs;
}

int RoutingState::pickProxy(const ProviderEndpoint &provider, qint64 nowMs, const QSet<int> &skip,
                            bool *fresh)
{
    if (fresh)
        *fresh = false;
    const qsizetype n = provider.proxies.size();
    if (n == 0)
        return -1;
    QMutexLocker lock(&m_mutex);
    int soonest = -1;
    qint64 soonestMs = 0;
    for (int i = 0; i < n; ++i) {
        const ProxyEndpoint &proxy = provider.proxies.at(i);
        if (!proxy.problem.isEmpty() || skip.contains(i))
            continue;
        const auto it = m_proxies.constFind(proxy.stateId);
        if (it == m_proxies.cend() || nowMs >= it->untilMs) {
            if (fresh)
                *fresh = true;
            return i;
        }
        if (soonest < 0 || it->untilMs < soonestMs) {
            soonest = i;
            soonestMs = it->untilMs;
        }
    }
    // Every proxy rests (try the one back soonest) or none can be used (the first says why).
    return soonest >= 0 ? soonest : 0;
}

void RoutingState::recordProxyResult(const ProxyEndpoint &proxy, bool worked, const QString &reason,
                                     qint64 nowMs, qint64 restMs)
{
    QMutexLocker lock(&m_mutex);
    if (worked) {
        if (!m_proxies.isEmpty())
            m_proxies.remove(proxy.stateId);
        return;
    }
    m_proxies.insert(proxy.stateId, {nowMs + restMs, reason});
}

RoutingState::KeyHealth RoutingState::proxyHealth(const QString &stateId, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    KeyHealth h;
    const auto it = m_proxies.constFind(stateId);
    if (it != m_proxies.cend() && nowMs < it->untilMs) {
        h.usable = false;
        h.reason = it->reason;
        h.untilMs = it->untilMs;
    }
    return h;
}

void RoutingState::releaseProbe(const ModelTarget &target)
{
    QMutexLocker lock(&m_mutex);
    if (auto it = m_targets.find(target.stateId()); it != m_targets.end())
        it->breaker.recordNeutral();
}

void RoutingState::sweep(qint64 nowMs)
{
    if (nowMs < m_nextSweepMs)
        return;
    constexpr qint64 kSweepEveryMs = 60000;
    m_nextSweepMs = nowMs + kSweepEveryMs;
    m_cooldowns.removeIf([nowMs](const auto &it) { return it.value().untilMs <= nowMs; });
    m_proxies.removeIf([nowMs](const auto &it) { return it.value().untilMs <= nowMs; });
    // A closed circuit with no failure for a while holds nothing but a latency estimate.
    m_targets.removeIf([nowMs](const auto &it) {
        const CircuitBreaker &b = it.value().breaker;
        return b.state(nowMs) == CircuitBreaker::State::Closed && b.consecutiveFailures() == 0 &&
               nowMs - b.lastActivityMs() > 10 * kSweepEveryMs;
    });
}

RoutingState::TargetHealth RoutingState::targetHealth(const QString &stateId, qint64 nowMs,
                                                      const BreakerPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    TargetHealth h;
    h.stateId = stateId;
    auto it = m_targets.find(stateId);
    if (it == m_targets.end())
        return h;
    h.state = it->breaker.state(nowMs);
    h.reason = h.state == CircuitBreaker::State::Closed ? it->breaker.lastFailure()
                                                        : it->breaker.openReason();
    h.openUntilMs = it->breaker.openUntilMs();
    h.latencyMs = it->latencyMs;
    std::tie(h.windowFailures, h.windowRequests) = it->breaker.windowCounts(nowMs, policy);
    return h;
}

std::optional<bool> RoutingState::speaksResponses(const QString &responsesId) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_speaksResponses.constFind(responsesId);
    return it == m_speaksResponses.cend() ? std::nullopt : std::optional<bool>(*it);
}

void RoutingState::recordSpeaksResponses(const QString &responsesId, bool speaks)
{
    QMutexLocker lock(&m_mutex);
    m_speaksResponses.insert(responsesId, speaks);
}

bool RoutingState::isResponsesOnly(const QString &targetId) const
{
    if (!m_anyResponsesOnly.load(std::memory_order_acquire))
        return false;
    QMutexLocker lock(&m_mutex);
    return m_responsesOnly.contains(targetId);
}

void RoutingState::recordResponsesOnly(const QString &targetId)
{
    QMutexLocker lock(&m_mutex);
    m_responsesOnly.insert(targetId);
    m_anyResponsesOnly.store(true, std::memory_order_release);
}

RoutingState::KeyHealth RoutingState::keyHealth(const QString &stateId) const
{
    QMutexLocker lock(&m_mutex);
    KeyHealth h;
    auto it = m_keys.constFind(stateId);
    if (it == m_keys.cend())
        return h;
    if (it->disabled) {
        h.usable = false;
        h.reason = it->reason;
        h.untilMs = it->retestAtMs;
    }
    return h;
}

RoutingState::KeyHealth RoutingState::keyHealth(const QString &stateId,
                                                const QString &upstreamModel, qint64 nowMs) const
{
    KeyHealth h = keyHealth(stateId);
    QMutexLocker lock(&m_mutex);
    auto it = m_cooldowns.constFind(cooldownId(stateId, upstreamModel));
    if (h.usable && it != m_cooldowns.cend() && nowMs < it->untilMs) {
        h.usable = false;
        h.reason = it->reason;
        h.untilMs = it->untilMs;
    }
    return h;
}

} // namespace llmux
