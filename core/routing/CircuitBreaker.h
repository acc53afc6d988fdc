#pragma once

#include "core/config/GatewayConfig.h"

#include <QString>

#include <deque>

namespace llmux {

// The circuit breaker of one target. Closed, it lets everything through and counts outcomes; it
// opens after too many consecutive failures or too high a failure rate over the window; open, it
// refuses instantly until its time is up; then half-open, it lets one probe through, which closes
// it on success or opens it again for twice as long on failure. Not thread-safe: RoutingState
// guards it. Times are milliseconds on any monotonic clock.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    // Whether a request may go to the target now; a half-open breaker gives out one probe, and
    // says so through probe (its holder must report back or release it).
    bool allow(qint64 nowMs, bool *probe = nullptr);
    void recordSuccess(qint64 nowMs);
    void recordFailure(qint64 nowMs, const BreakerPolicy &policy, const QString &reason);
    // An attempt ended without telling anything (the client left): frees a probe.
    void recordNeutral();

    State state(qint64 nowMs) const;
    qint64 openUntilMs() const { return m_openUntilMs; }
    int consecutiveFailures() const { return m_consecutiveFailures; }
    QString lastFailure() const { return m_lastFailure; }
    QString openReason() const { return m_openReason; }
    qint64 lastActivityMs() const { return m_window.empty() ? 0 : m_window.back().first; }
    // Failures and requests in the window, for health views.
    std::pair<int, int> windowCounts(qint64 nowMs, const BreakerPolicy &policy);

private:
    void open(qint64 nowMs, const BreakerPolicy &policy, const QString &why);
    void trim(qint64 nowMs, int windowMs);

    State m_state = State::Closed;
    qint64 m_openUntilMs = 0;
    qint64 m_openForMs = 0;
    bool m_probeOut = false;
    qint64 m_probeSinceMs = 0;
    int m_consecutiveFailures = 0;
    QString m_lastFailure;
    QString m_openReason;
    std::deque<std::pair<qint64, bool>> m_window; // (time, failed)
};

} // namespace llmux
