#pragma once

#include "core/common/Clock.h"
#include "core/config/GatewayConfig.h"
#include "core/routing/CircuitBreaker.h"
#include "core/routing/FailurePolicy.h"

#include <QHash>
#include <QMutex>
#include <QSet>

#include <atomic>
#include <functional>
#include <optional>

namespace llmux {

// What the gateway has learned about its targets and keys while serving: circuit breakers,
// latencies, cooled-down and rejected keys, round-robin positions. Shared by all worker threads
// (one short lock per decision) and kept across configuration changes; entries are named by
// ModelTarget::stateId() and ProviderKey::stateId. Times are milliseconds on a monotonic clock.
class RoutingState
{
public:
    // Told, on the worker's thread and without locks held, when a request finds a provider key
    // rejected or out of credit and takes it out of rotation.
    using KeyDisabledObserver = std::function<void(const QString &provider, qint64 keyId,
                                                   const QString &reason, bool outOfCredit)>;
    // Set before requests are served.
    void setKeyDisabledObserver(KeyDisabledObserver observer)
    {
        m_keyDisabled = std::move(observer);
    }

    explicit RoutingState(Clock &clock = Clock::system(),
                          RandomSource &random = RandomSource::system());

    // The clock all of this runs on (times below are its milliseconds), and the randomness of
    // weighted orders and back-off jitter.
    Clock &clock() const { return m_clock; }
    qint64 nowMs() const { return m_clock.nowMs(); }
    RandomSource &random() const { return m_random; }

    // The order in which to try a route's targets (indexes into route.targets).
    QList<int> order(const Route &route, qint64 nowMs);

    struct Admission
    {
        bool allowed = true;
        QString reason;       // when refused
        qint64 retryAtMs = 0; // when refused: when the breaker lets a probe through
        bool probe = false;   // allowed as the half-open circuit's one probe
    };
    Admission admit(const ModelTarget &target, qint64 nowMs);

    struct KeyPick
    {
        int index = -1;       // into provider.keys; -1 when none is usable
        QString reason;       // when none: why
        qint64 retryAtMs = 0; // when none and all are only cooling down: the earliest end
        // When none: the key to use anyway if the request has nothing else to try (resting or
        // rejected earlier, but not broken in the configuration), -1 when there is none, and when
        // its rest ends (0: not resting).
        int lastResort = -1;
        qint64 lastResortReadyAtMs = 0;
    };
    // The next usable key of the target's provider in rotation, skipping the given ones. Rate
    // limits rest a key for one upstream model (providers limit per model); rejections rest it
    // for all.
    KeyPick pickKey(const ModelTarget &target, const QSet<int> &skip, qint64 nowMs,
                    const BreakerPolicy &policy);

    void recordSuccess(const ModelTarget &target, const ProviderKey &key, double ttfbMs,
                       qint64 nowMs);
    void recordFailure(const ModelTarget &target, const ProviderKey &key,
                       const FailureVerdict &verdict, const QString &summary, qint64 nowMs,
                       const BreakerPolicy &policy);
    // Gives back a half-open probe whose attempt ended without telling anything.
    void releaseProbe(const ModelTarget &target);

    // The proxy to reach a provider through (index into provider.proxies, -1 for none): the first
    // usable one not skipped and not resting after a failure; when all rest, the one back
    // soonest. fresh tells whether the pick is neither skipped nor resting.
    int pickProxy(const ProviderEndpoint &provider, qint64 nowMs, const QSet<int> &skip = {},
                  bool *fresh = nullptr);
    // A proxy that failed to carry a connection rests for restMs; one that worked is fine again.
    void recordProxyResult(const ProxyEndpoint &proxy, bool worked, const QString &reason,
                           qint64 nowMs, qint64 restMs);
    // A health check of a key: a key the provider accepts is back in rotation at once; one it
    // rejects (401/403) leaves it until the next check.
    void recordKeyCheck(const ProviderKey &key, bool accepted, int status, qint64 nowMs,
                        const BreakerPolicy &policy);

    struct TargetHealth
    {
        QString stateId;
        CircuitBreaker::State state = CircuitBreaker::State::Closed;
        QString reason;
        qint64 openUntilMs = 0;
        double latencyMs = 0;
        int windowFailures = 0;
        int windowRequests = 0;
    };
    TargetHealth targetHealth(const QString &stateId, qint64 nowMs, const BreakerPolicy &policy);

    struct KeyHealth
    {
        bool usable = true;
        QString reason;
        qint64 untilMs = 0;
    };
    // Whether a key is disabled (rejected, out of credit): it stays so until a check proves it
    // works again, however long that takes.
    KeyHealth keyHealth(const QString &stateId) const;
    // A key resting from a rate limit on one upstream model.
    KeyHealth keyHealth(const QString &stateId, const QString &upstreamModel, qint64 nowMs) const;
    // A proxy resting after failing to carry a connection.
    KeyHealth proxyHealth(const QString &stateId, qint64 nowMs) const;

    // Whether a provider set to "auto" has the Responses API itself, as the first request sent
    // there found out; nullopt until then. Named by responsesId(), so a new base URL is tried
    // again.
    std::optional<bool> speaksResponses(const QString &responsesId) const;
    void recordSpeaksResponses(const QString &responsesId, bool speaks);
    static QString responsesId(const ProviderEndpoint &provider)
    {
        return QString::number(provider.record.id) + QLatin1Char('|') + provider.record.baseUrl;
    }
    // Targets (ModelTarget::stateId) whose provider said the model is served only through the
    // Responses API: later requests go there at once.
    bool isResponsesOnly(const QString &targetId) const;
    void recordResponsesOnly(const QString &targetId);

private:
    struct TargetRecord
    {
        CircuitBreaker breaker;
        double latencyMs = 0; // moving average of time to first byte; 0 until measured
    };
    struct KeyRecord
    {
        bool disabled = false;
        bool outOfBalance = false; // listing models works without credit: checks cannot clear it
        qint64 retestAtMs = 0;
        QString reason;
    };
    struct Cooldown
    {
        qint64 untilMs = 0;
        QString reason;
    };
    static QString cooldownId(const QString &keyStateId, const QString &upstreamModel)
    {
        return keyStateId + QLatin1Char('|') + upstreamModel;
    }

    Clock &m_clock;
    RandomSource &m_random;
    KeyDisabledObserver m_keyDisabled;
    mutable QMutex m_mutex;
    QHash<QString, TargetRecord> m_targets;
    QHash<QString, KeyRecord> m_keys;
    QHash<QString, Cooldown> m_cooldowns;        // by cooldownId()
    QHash<QString, Cooldown> m_proxies;          // resting proxies by stateId
    QHash<QString, quint32> m_rotation;          // route name or provider id → next position
    QHash<QString, bool> m_speaksResponses;      // by responsesId(); one entry per provider
    QSet<QString> m_responsesOnly;               // target ids; only models a provider named so
    std::atomic<bool> m_anyResponsesOnly{false}; // the usual case asks without a lock
    qint64 m_nextSweepMs = 0;

    // Drops what no longer says anything (closed idle circuits, ended rests), so that model names
    // clients make up cannot grow these maps without end. Called with the lock held.
    void sweep(qint64 nowMs);
};

} // namespace llmux
