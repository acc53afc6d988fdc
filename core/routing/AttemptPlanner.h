#pragma once

#include "core/config/GatewayConfig.h"
#include "core/routing/FailurePolicy.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace llmux {

class RoutingState;

// Plans the upstream attempts of one request over its route: which target and which key next,
// after how long. Targets come in the order of the route's strategy; targets with an open circuit
// and keys that are resting or rejected are skipped without a try, since breakers and rests exist
// to steer traffic to alternatives. When that leaves nothing, the request still goes to the
// provider (waiting for a rest that ends within seconds): it is never refused on account of other
// requests' failures. A key failure moves to the provider's next key, a target failure to the next
// target; when every target had its turn and transient failures leave hope, another round starts
// after an exponential backoff with jitter, within the attempt limit and the deadline. An error
// status is retried on the same target at most once, and a target's circuit hears of one failure
// per request however many attempts it took. Tells RoutingState what each attempt taught.
class AttemptPlanner
{
public:
    AttemptPlanner(Route route, RoutingState &state, RetryPolicy retry, BreakerPolicy breaker,
                   qint64 startMs);

    struct Choice
    {
        int target = -1; // index into route().targets
        int key = -1;    // index into that provider's keys
        int proxy = -1;  // index into that provider's proxies, -1: directly
        int delayMs = 0; // wait this long before sending
    };
    // The next attempt, or nullopt when there is nothing left worth trying.
    std::optional<Choice> next(qint64 nowMs);

    // Outcome of the attempt last returned by next().
    void failed(const AttemptFailure &failure, qint64 nowMs);
    void succeeded(double ttfbMs, qint64 nowMs);
    // The attempt ended without an outcome (client gone, gateway stopping).
    void abandoned();
    // The chosen target cannot take this request at all (no such operation, untranslatable):
    // skip it without counting an attempt.
    void unusable(const QString &why);

    const Route &route() const { return m_route; }
    RoutingState &state() const { return m_state; }
    int attempts() const { return m_attempts; }
    bool lastFailureWasClientFault() const { return m_clientFault; }
    // One line per failed attempt and per target skipped without one, in order.
    QStringList history() const { return m_history; }
    // When nothing was attempted because every key or circuit is resting: the earliest time one
    // comes back (0 when something else stood in the way).
    qint64 retryAtMs() const { return m_allResting ? m_retryAtMs : 0; }
    // Whether everything skipped was only a key resting from a rate limit (not an open circuit).
    bool onlyKeysResting() const { return m_onlyKeysResting; }
    int skipped() const { return m_skipped; }

private:
    QString nameOf(int target, int key) const;
    void skip(int target, const QString &why, qint64 retryAtMs, bool keyRest,
              bool usableAsLastResort = false);
    std::optional<Choice> lastResort(qint64 nowMs);

    Route m_route;
    RoutingState &m_state;
    RetryPolicy m_retry;
    BreakerPolicy m_breaker;
    qint64 m_startMs;
    QList<int> m_order;
    void releaseProbe(int target);

    QList<QSet<int>> m_triedKeys;    // per target, this round
    QList<QSet<int>> m_triedProxies; // per target, this round: proxies that failed
    QList<bool> m_probe;             // per target: we hold its half-open circuit's probe
    QList<bool> m_doneThisRound;     // per target
    QList<bool> m_excluded;          // per target, for the rest of the request
    QList<bool> m_worthRetrying;     // per target: a transient failure this round
    QList<bool> m_lastResort;        // per target: skipped only for resting or an open circuit
    QList<bool> m_countedAgainst;    // per target: its circuit has heard of this request's failure
    QList<int> m_statusFailures;     // per target: transient error statuses it answered
    int m_round = 1;
    int m_attempts = 0;
    int m_skipped = 0;
    Choice m_current;
    bool m_clientFault = false;
    bool m_allResting = true;
    bool m_onlyKeysResting = true;
    qint64 m_retryAtMs = 0;
    QStringList m_history;
};

} // namespace llmux
