#include "core/routing/CircuitBreaker.h"

#include <algorithm>

namespace llmux {
namespace {
// Bounds memory per target whatever the traffic; the rate is then over the newest outcomes.
constexpr size_t kMaxWindowEntries = 2000;
} // namespace

bool CircuitBreaker::allow(qint64 nowMs, bool *probe)
{
    if (probe)
        *probe = false;
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        if (nowMs < m_openUntilMs)
            return false;
        m_state = State::HalfOpen;
        m_probeOut = false;
        [[fallthrough]];
    case State::HalfOpen:
        // A probe that never reported (its request vanished) must not keep the target shut.
        if (m_probeOut && nowMs - m_probeSinceMs < std::max<qint64>(m_openForMs, 1000))
            return false;
        m_probeOut = true;
        m_probeSinceMs = nowMs;
        if (probe)
            *probe = true;
        return true;
    }
    return true;
}

void CircuitBreaker::recordSuccess(qint64 nowMs)
{
    m_consecutiveFailures = 0;
    m_window.emplace_back(nowMs, false);
    if (m_window.size() > kMaxWindowEntries)
        m_window.pop_front();
    if (m_state != State::Closed) {
        // Recovered: start counting afresh.
        m_state = State::Closed;
        m_probeOut = false;
        m_openForMs = 0;
        m_openReason.clear();
        m_window.clear();
    }
}

void CircuitBreaker::recordFailure(qint64 nowMs, const BreakerPolicy &policy, const QString &reason)
{
    ++m_consecutiveFailures;
    m_lastFailure = reason;
    m_window.emplace_back(nowMs, true);
    if (m_window.size() > kMaxWindowEntries)
        m_window.pop_front();
    if (m_state == State::HalfOpen) {
        open(nowMs, policy,
             QStringLiteral("the probe after an open period failed: %1").arg(reason));
        return;
    }
    if (m_state == State::Open)
        return;
    if (m_consecutiveFailures >= policy.consecutiveFailures) {
        open(nowMs, policy,
             QStringLiteral("%1 consecutive failures, the last: %2")
                 .arg(m_consecutiveFailures)
                 .arg(reason));
        return;
    }
    const auto [failures, total] = windowCounts(nowMs, policy);
    if (total >= policy.minimumRequests && failures >= policy.failureRate * total)
        open(nowMs, policy,
             QStringLiteral("%1 of the last %2 requests failed, the last: %3")
                 .arg(failures)
                 .arg(total)
                 .arg(reason));
}

void CircuitBreaker::recordNeutral()
{
    m_probeOut = false;
}

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const
{
    if (m_state == State::Open && nowMs >= m_openUntilMs)
        return State::HalfOpen;
    return m_state;
}

std::pair<int, int> CircuitBreaker::windowCounts(qint64 nowMs, const BreakerPolicy &policy)
{
    trim(nowMs, policy.windowMs);
    const int failures = int(
        std::count_if(m_window.begin(), m_window.end(), [](const auto &e) { return e.second; }));
    return {failures, int(m_window.size())};
}

void CircuitBreaker::open(qint64 nowMs, const BreakerPolicy &policy, const QString &why)
{
    m_openForMs =
        m_openForMs == 0 ? policy.openMs : std::min<qint64>(m_openForMs * 2, policy.maxOpenMs);
    m_state = State::Open;
    m_openUntilMs = nowMs + m_openForMs;
    m_probeOut = false;
    m_openReason = why;
}

void CircuitBreaker::trim(qint64 nowMs, int windowMs)
{
    while (!m_window.empty() && m_window.front().first < nowMs - windowMs)
        m_window.pop_front();
}

} // namespace llmux
