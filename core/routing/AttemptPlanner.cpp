#include "core/routing/AttemptPlanner.h"

#include "core/routing/RoutingState.h"

#include <algorithm>
#include <utility>

namespace llmux {

AttemptPlanner::AttemptPlanner(Route route, RoutingState &state, RetryPolicy retry,
                               BreakerPolicy breaker, qint64 startMs)
    : m_route(std::move(route))
    , m_state(state)
    , m_retry(retry)
    , m_breaker(breaker)
    , m_startMs(startMs)
{
    const qsizetype n = m_route.targets.size();
    m_order = m_state.order(m_route, startMs);
    m_triedKeys.resize(n);
    m_triedProxies.resize(n);
    m_probe.fill(false, n);
    m_doneThisRound.fill(false, n);
    m_excluded.fill(false, n);
    m_worthRetrying.fill(false, n);
    m_lastResort.fill(false, n);
    m_countedAgainst.fill(false, n);
    m_statusFailures.fill(0, n);
}

QString AttemptPlanner::nameOf(int target, int key) const
{
    const ModelTarget &t = m_route.targets.at(target);
    QString name = t.displayName();
    if (key >= 0 && t.provider->keys.size() > 1)
        name += QStringLiteral(" (key '%1')").arg(t.provider->keys.at(key).label);
    return name;
}

void AttemptPlanner::skip(int target, const QString &why, qint64 retryAtMs, bool keyRest,
                          bool usableAsLastResort)
{
    m_onlyKeysResting = m_onlyKeysResting && keyRest;
    m_excluded[target] = true;
    m_lastResort[target] = usableAsLastResort;
    ++m_skipped;
    m_history << QStringLiteral("%1: skipped, %2").arg(nameOf(target, -1), why);
    if (retryAtMs <= 0)
        m_allResting = false;
    else
        m_retryAtMs = m_retryAtMs == 0 ? retryAtMs : std::min(m_retryAtMs, retryAtMs);
}

std::optional<AttemptPlanner::Choice> AttemptPlanner::next(qint64 nowMs)
{
    if (m_clientFault || m_attempts >= m_retry.maxAttempts)
        return std::nullopt;
    if (m_attempts > 0 && nowMs - m_startMs > m_retry.deadlineMs)
        return std::nullopt;
    while (true) {
        for (int target : std::as_const(m_order)) {
            if (m_excluded[target] || m_doneThisRound[target])
                continue;
            const ModelTarget &t = m_route.targets.at(target);
            if (m_triedKeys[target].isEmpty()) {
                // Our own earlier failures may have opened the circuit since the last round.
                const RoutingState::Admission admission = m_state.admit(t, nowMs);
                if (!admission.allowed) {
                    // A retry that finds the circuit open ends there: the failure that opened
                    // it is the answer.
                    if (m_round > 1)
                        m_excluded[target] = true;
                    else
                        skip(target, admission.reason, admission.retryAtMs, false, true);
                    continue;
                }
                m_probe[target] = m_probe[target] || admission.probe;
            }
            const RoutingState::KeyPick key =
                m_state.pickKey(t, m_triedKeys[target], nowMs, m_breaker);
            if (key.index < 0) {
                releaseProbe(target);
                if (m_triedKeys[target].isEmpty() && m_round == 1)
                    skip(target, key.reason, key.retryAtMs, true, key.lastResort >= 0);
                else
                    m_doneThisRound[target] = true;
                continue;
            }
            m_triedKeys[target].insert(key.index);
            int delay = 0;
            if (m_round > 1) {
                // Backing off before going back to a target that already failed this request.
                const qint64 base = qint64(m_retry.backoffBaseMs) << std::min(m_round - 2, 16);
                const qint64 capped = std::min<qint64>(base, m_retry.backoffMaxMs);
                delay = int(capped / 2 + m_state.random().bounded(quint64(capped / 2 + 1)));
                if (nowMs + delay - m_startMs > m_retry.deadlineMs) {
                    releaseProbe(target);
                    return std::nullopt;
                }
            }
            ++m_attempts;
            m_current = {target, key.index,
                         m_state.pickProxy(*t.provider, nowMs, m_triedProxies[target]), delay};
            return m_current;
        }
        // Nothing tried and nothing left: what rests or has an open circuit is still a better
        // answer than a refusal caused by other requests.
        if (m_attempts == 0)
            return lastResort(nowMs);
        // Every target had its turn: go round again if a transient failure leaves hope.
        bool again = false;
        for (qsizetype i = 0; i < m_route.targets.size(); ++i) {
            again = again || (m_worthRetrying[i] && !m_excluded[i]);
            m_doneThisRound[i] = !(m_worthRetrying[i] && !m_excluded[i]);
            m_triedKeys[i].clear();
            m_triedProxies[i].clear();
            m_worthRetrying[i] = false;
        }
        if (!again)
            return std::nullopt;
        ++m_round;
    }
}

std::optional<AttemptPlanner::Choice> AttemptPlanner::lastResort(qint64 nowMs)
{
    // A key resting for this long or less is waited for rather than sent to while resting.
    constexpr qint64 kLongestRestWaitMs = 5000;
    for (int target : std::as_const(m_order)) {
        if (!m_lastResort[target])
            continue;
        m_lastResort[target] = false;
        const ModelTarget &t = m_route.targets.at(target);
        const RoutingState::KeyPick key = m_state.pickKey(t, {}, nowMs, m_breaker);
        const int index = key.index >= 0 ? key.index : key.lastResort;
        if (index < 0)
            continue;
        int delay = 0;
        if (key.index < 0 && key.lastResortReadyAtMs > nowMs) {
            const qint64 wait = key.lastResortReadyAtMs - nowMs;
            if (wait <= kLongestRestWaitMs && nowMs + wait - m_startMs <= m_retry.deadlineMs)
                delay = int(wait);
        }
        // Sent after all: no longer a skipped target.
        const QString skippedLine = nameOf(target, -1) + QStringLiteral(": skipped, ");
        m_history.removeIf([&skippedLine](const QString &l) { return l.startsWith(skippedLine); });
        --m_skipped;
        m_excluded[target] = false;
        m_triedKeys[target].insert(index);
        ++m_attempts;
        m_current = {target, index, m_state.pickProxy(*t.provider, nowMs, m_triedProxies[target]),
                     delay};
        return m_current;
    }
    return std::nullopt;
}

void AttemptPlanner::failed(const AttemptFailure &failure, qint64 nowMs)
{
    using Scope = FailureVerdict::Scope;
    const int target = m_current.target;
    const ModelTarget &t = m_route.targets.at(target);
    FailureVerdict verdict = FailurePolicy::classify(failure, m_retry);
    // One request is one vote against a target, however many attempts it made there.
    if (verdict.countsAgainstTarget && std::exchange(m_countedAgainst[target], true))
        verdict.countsAgainstTarget = false;
    m_state.recordFailure(t, t.provider->keys.at(m_current.key), verdict, failure.summary, nowMs,
                          m_breaker);
    m_history << QStringLiteral("%1: %2").arg(nameOf(target, m_current.key), failure.summary);
    m_allResting = false;
    // A half-open probe ends with a failure either way: counted, it reopens the circuit;
    // otherwise it is given back.
    if (!verdict.countsAgainstTarget)
        releaseProbe(target);
    m_probe[target] = false;
    if (failure.proxyFault && m_current.proxy >= 0) {
        const auto &proxies = t.provider->proxies;
        m_state.recordProxyResult(proxies.at(m_current.proxy), false, failure.summary, nowMs,
                                  m_breaker.openMs);
        m_triedProxies[target].insert(m_current.proxy);
        // Another proxy may reach the same target at once, with the same key; once every proxy
        // failed or rests, the target is done for this round like after any transient failure.
        bool fresh = false;
        m_state.pickProxy(*t.provider, nowMs, m_triedProxies[target], &fresh);
        if (fresh) {
            m_triedKeys[target].remove(m_current.key);
            return;
        }
    }
    switch (verdict.scope) {
    case Scope::Client:
        m_clientFault = true;
        break;
    case Scope::Key:
        break; // the same target's next key, if it has one
    case Scope::Target:
        m_excluded[target] = true;
        break;
    case Scope::Transient:
        m_doneThisRound[target] = true;
        // An error status answered twice is the target's answer to this request.
        if (failure.kind == AttemptFailure::Kind::Status && ++m_statusFailures[target] >= 2)
            m_excluded[target] = true;
        else
            m_worthRetrying[target] = true;
        break;
    }
}

void AttemptPlanner::succeeded(double ttfbMs, qint64 nowMs)
{
    m_probe[m_current.target] = false; // the success closes the circuit
    const ModelTarget &t = m_route.targets.at(m_current.target);
    m_state.recordSuccess(t, t.provider->keys.at(m_current.key), ttfbMs, nowMs);
    if (m_current.proxy >= 0)
        m_state.recordProxyResult(t.provider->proxies.at(m_current.proxy), true, QString(), nowMs,
                                  0);
}

void AttemptPlanner::abandoned()
{
    for (int target = 0; target < m_probe.size(); ++target)
        releaseProbe(target);
}

void AttemptPlanner::unusable(const QString &why)
{
    const int target = m_current.target;
    --m_attempts;
    releaseProbe(target);
    skip(target, why, 0, false);
}

void AttemptPlanner::releaseProbe(int target)
{
    if (!m_probe[target])
        return;
    m_probe[target] = false;
    m_state.releaseProbe(m_route.targets.at(target));
}

} // namespace llmux
