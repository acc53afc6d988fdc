// The routing decisions on their own: what failures mean, circuit breakers, and the attempt plans
// of each strategy, on a clock the test moves by hand.
#include "core/routing/AttemptPlanner.h"
#include "core/routing/CircuitBreaker.h"
#include "core/routing/FailurePolicy.h"
#include "core/routing/RoutingState.h"

#include <QTest>

using namespace llmux;

namespace {

std::shared_ptr<ProviderEndpoint> provider(qint64 id, const QString &name, int keys = 1)
{
    auto p = std::make_shared<ProviderEndpoint>();
    p->record.id = id;
    p->record.name = name;
    for (int i = 0; i < keys; ++i)
        p->keys.append({i,
                        QStringLiteral("k%1").arg(i),
                        "sk-" + QByteArray::number(i),
                        {},
                        QStringLiteral("%1/%2").arg(id).arg(i)});
    return p;
}

Route route(RouteStrategy strategy, const QList<std::shared_ptr<ProviderEndpoint>> &providers)
{
    Route r{QStringLiteral("r"), strategy, {}};
    for (const auto &p : providers)
        r.targets.append({p, QStringLiteral("m"), std::nullopt, 1});
    return r;
}

AttemptFailure status(int code, QByteArray body = {}, QByteArray retryAfter = {})
{
    return {AttemptFailure::Kind::Status, code, retryAfter, body,
            QStringLiteral("HTTP %1").arg(code)};
}

AttemptFailure refused()
{
    return {AttemptFailure::Kind::Unreachable, 0, {}, {}, QStringLiteral("refused")};
}

RetryPolicy quickRetry()
{
    RetryPolicy p;
    p.backoffBaseMs = 100;
    p.backoffMaxMs = 400;
    return p;
}

} // namespace

class TestRouting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failuresAreClassified_data()
    {
        using Scope = FailureVerdict::Scope;
        using Key = FailureVerdict::KeyAction;
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("scope");
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("breaker");
        QTest::newRow("500") << 500 << QByteArray() << int(Scope::Transient) << int(Key::None)
                             << true;
        QTest::newRow("503") << 503 << QByteArray() << int(Scope::Transient) << int(Key::None)
                             << true;
        QTest::newRow("529 overloaded")
            << 529 << QByteArray(R"({"type":"error","error":{"type":"overloaded_error"}})")
            << int(Scope::Transient) << int(Key::None) << true;
        QTest::newRow("408") << 408 << QByteArray() << int(Scope::Transient) << int(Key::None)
                             << true;
        // Without a sign of a key-wide limit a 429 is about that request ("request too large").
        QTest::newRow("429 bare") << 429 << QByteArray() << int(Scope::Key) << int(Key::None)
                                  << false;
        QTest::newRow("429 Gemini retry delay")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2s"}]}})")
            << int(Scope::Key) << int(Key::Cooldown) << false;
        QTest::newRow("429 quota")
            << 429
            << QByteArray(
                   R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota"}})")
            << int(Scope::Key) << int(Key::Disable) << false;
        QTest::newRow("401") << 401 << QByteArray() << int(Scope::Key) << int(Key::Disable)
                             << false;
        QTest::newRow("403") << 403 << QByteArray() << int(Scope::Key) << int(Key::Disable)
                             << false;
        QTest::newRow("402 balance")
            << 402 << QByteArray(R"({"error":{"message":"Insufficient Balance"}})")
            << int(Scope::Key) << int(Key::Disable) << false;
        QTest::newRow("400 credit")
            << 400
            << QByteArray(
                   R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low"}})")
            << int(Scope::Key) << int(Key::Disable) << false;
        QTest::newRow("404") << 404 << QByteArray() << int(Scope::Target) << int(Key::None)
                             << false;
        QTest::newRow("400") << 400 << QByteArray(R"({"error":{"message":"bad"}})")
                             << int(Scope::Client) << int(Key::None) << false;
        QTest::newRow("422") << 422 << QByteArray() << int(Scope::Client) << int(Key::None)
                             << false;
    }
    void failuresAreClassified()
    {
        QFETCH(int, code);
        QFETCH(QByteArray, body);
        QFETCH(int, scope);
        QFETCH(int, key);
        QFETCH(bool, breaker);
        const FailureVerdict v = FailurePolicy::classify(status(code, body), RetryPolicy());
        QCOMPARE(int(v.scope), scope);
        QCOMPARE(int(v.key), key);
        QCOMPARE(v.countsAgainstTarget, breaker);
        QCOMPARE(int(FailurePolicy::classify(refused(), RetryPolicy()).scope),
                 int(FailureVerdict::Scope::Transient));
    }

    void retryAfterIsReadInEveryForm()
    {
        const QDateTime now(QDate(2026, 11, 25), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(FailurePolicy::retryAfterMs("7", {}, now), 7000);
        QCOMPARE(FailurePolicy::retryAfterMs("0.5", {}, now), 500);
        QCOMPARE(FailurePolicy::retryAfterMs("Wed, 25 Nov 2026 12:00:30 GMT", {}, now), 30000);
        const QByteArray gemini =
            R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12s"}]}})";
        QCOMPARE(FailurePolicy::retryAfterMs({}, gemini, now), 12000);
        QCOMPARE(FailurePolicy::retryAfterMs("soon", {}, now), 0);
        // Absurd hints are capped at a day instead of overflowing the clock.
        QCOMPARE(FailurePolicy::retryAfterMs("1e300", {}, now), 24LL * 3600 * 1000);
        QCOMPARE(FailurePolicy::retryAfterMs("-5", {}, now), 0);
        // Rate-limit headers at zero without a hint: the key rests for the default.
        RetryPolicy policy;
        AttemptFailure exhausted = status(429);
        exhausted.limitExhausted = true;
        QCOMPARE(FailurePolicy::classify(exhausted, policy, now).cooldownMs,
                 policy.defaultCooldownMs);
        QCOMPARE(FailurePolicy::classify(status(429), policy, now).cooldownMs, 0);
        QCOMPARE(FailurePolicy::classify(status(429, {}, "3"), policy, now).cooldownMs, 3000);
    }

    void exhaustedLimitHeadersAreRecognised()
    {
        QVERIFY(FailurePolicy::isExhaustedLimitHeader("x-ratelimit-remaining-requests", "0"));
        QVERIFY(FailurePolicy::isExhaustedLimitHeader("x-ratelimit-remaining-tokens", " 0 "));
        QVERIFY(FailurePolicy::isExhaustedLimitHeader("anthropic-ratelimit-tokens-remaining", "0"));
        QVERIFY(FailurePolicy::isExhaustedLimitHeader("ratelimit-remaining", "0"));
        QVERIFY(!FailurePolicy::isExhaustedLimitHeader("x-ratelimit-remaining-requests", "59"));
        QVERIFY(!FailurePolicy::isExhaustedLimitHeader("x-ratelimit-limit-requests", "0"));
        QVERIFY(!FailurePolicy::isExhaustedLimitHeader("x-ratelimit-reset-requests", "0s"));
        QVERIFY(!FailurePolicy::isExhaustedLimitHeader("content-length", "0"));
        QVERIFY(!FailurePolicy::isExhaustedLimitHeader("x-ratelimit-remaining-requests", "none"));
    }

    void breakerOpensAfterConsecutiveFailures()
    {
        BreakerPolicy policy;
        policy.consecutiveFailures = 3;
        policy.openMs = 1000;
        CircuitBreaker b;
        for (int i = 0; i < 2; ++i) {
            QVERIFY(b.allow(i));
            b.recordFailure(i, policy, QStringLiteral("boom"));
        }
        b.recordSuccess(5); // a success resets the count
        for (int i = 0; i < 3; ++i) {
            QVERIFY(b.allow(10 + i));
            b.recordFailure(10 + i, policy, QStringLiteral("boom"));
        }
        QCOMPARE(b.state(13), CircuitBreaker::State::Open);
        QVERIFY(!b.allow(500));
        QVERIFY(b.openReason().contains(QLatin1String("3 consecutive failures")));
        // Half-open after the open period: exactly one probe.
        QVERIFY(b.allow(1012));
        QVERIFY(!b.allow(1013));
        b.recordFailure(1020, policy, QStringLiteral("still down"));
        QCOMPARE(b.state(1021), CircuitBreaker::State::Open);
        // Twice as long this time.
        QVERIFY(!b.allow(1020 + 1999));
        QVERIFY(b.allow(1020 + 2000));
        b.recordSuccess(3100);
        QCOMPARE(b.state(3100), CircuitBreaker::State::Closed);
        QVERIFY(b.allow(3101));
    }

    void breakerOpensOnAFailureRateOverTheWindow()
    {
        BreakerPolicy policy;
        policy.consecutiveFailures = 100;
        policy.minimumRequests = 10;
        policy.failureRate = 0.5;
        CircuitBreaker b;
        // Alternating outcomes: never two failures in a row, but half of them fail.
        for (int i = 0; i < 9; ++i) {
            QVERIFY(b.allow(i));
            if (i % 2)
                b.recordFailure(i, policy, QStringLiteral("flaky"));
            else
                b.recordSuccess(i);
        }
        QCOMPARE(b.state(9), CircuitBreaker::State::Closed);
        b.recordFailure(9, policy, QStringLiteral("flaky"));
        QCOMPARE(b.state(10), CircuitBreaker::State::Open);
        // Old outcomes leave the window.
        CircuitBreaker slow;
        for (int i = 0; i < 10; ++i)
            (i % 2 ? slow.recordFailure(i * 10000, policy, QStringLiteral("x"))
                   : slow.recordSuccess(i * 10000));
        QCOMPARE(slow.state(100000), CircuitBreaker::State::Closed);
    }

    void aLostProbeDoesNotKeepTheCircuitShut()
    {
        BreakerPolicy policy;
        policy.consecutiveFailures = 1;
        policy.openMs = 1000;
        CircuitBreaker b;
        b.recordFailure(0, policy, QStringLiteral("down"));
        QVERIFY(b.allow(1000)); // the probe, whose request then vanishes without a word
        QVERIFY(!b.allow(1500));
        QVERIFY(b.allow(2001));
        b.recordNeutral();
        QVERIFY(b.allow(2002));
    }

    void failoverTriesTargetsInOrderThenBacksOff()
    {
        RoutingState state;
        const auto a = provider(1, QStringLiteral("a")), b = provider(2, QStringLiteral("b"));
        AttemptPlanner plan(route(RouteStrategy::Failover, {a, b}), state, quickRetry(),
                            BreakerPolicy(), 0);
        auto c = plan.next(0);
        QVERIFY(c);
        QCOMPARE(c->target, 0);
        QCOMPARE(c->delayMs, 0);
        plan.failed(status(503), 1);
        c = plan.next(1);
        QCOMPARE(c->target, 1);
        QCOMPARE(c->delayMs, 0); // a fresh target needs no wait
        plan.failed(refused(), 2);
        c = plan.next(2);
        QVERIFY(c);
        QCOMPARE(c->target, 0);
        QVERIFY(c->delayMs >= 50 && c->delayMs <= 100); // backoff with jitter, round two
        plan.failed(status(503), 200);
        c = plan.next(200);
        QCOMPARE(c->target, 1);
        plan.failed(status(503), 300);
        QVERIFY(!plan.next(300)); // four attempts: the default limit
        QCOMPARE(plan.attempts(), 4);
        QCOMPARE(plan.history().size(), 4);
        QVERIFY(plan.history().first().startsWith(QLatin1String("a/m: HTTP 503")));
    }

    void theDeadlineStopsRetries()
    {
        RoutingState state;
        RetryPolicy policy = quickRetry();
        policy.deadlineMs = 1000;
        AttemptPlanner plan(route(RouteStrategy::Failover, {provider(1, QStringLiteral("a"))}),
                            state, policy, BreakerPolicy(), 0);
        QVERIFY(plan.next(0));
        plan.failed(status(500), 1200);
        QVERIFY(!plan.next(1200));
    }

    void aClientFaultEndsThePlan()
    {
        RoutingState state;
        AttemptPlanner plan(route(RouteStrategy::Failover, {provider(1, QStringLiteral("a")),
                                                            provider(2, QStringLiteral("b"))}),
                            state, quickRetry(), BreakerPolicy(), 0);
        QVERIFY(plan.next(0));
        plan.failed(status(400, R"({"error":{"message":"bad request"}})"), 1);
        QVERIFY(!plan.next(1));
        QVERIFY(plan.lastFailureWasClientFault());
    }

    void keysRotateAndRejectedKeysStayOut()
    {
        RoutingState state;
        const auto p = provider(1, QStringLiteral("a"), 3);
        QList<int> used;
        for (int i = 0; i < 6; ++i) {
            AttemptPlanner plan(route(RouteStrategy::Failover, {p}), state, quickRetry(),
                                BreakerPolicy(), i);
            const auto c = plan.next(i);
            used << c->key;
            if (c->key == 1)
                plan.failed(status(401), i); // key 1 is rejected once and for all
            else
                plan.succeeded(10, i);
        }
        QCOMPARE(used.count(1), 1);
        QCOMPARE(used.count(0) + used.count(2), 5);
        QVERIFY(!state.keyHealth(p->keys[1].stateId).usable);
        // Retested after the retest period.
        BreakerPolicy policy;
        const auto retest = state.pickKey(route(RouteStrategy::Failover, {p}).targets.first(),
                                          {0, 2}, policy.keyRetestMs + 100, policy);
        QCOMPARE(retest.index, 1);
    }

    void aRateLimitRestsTheKeyForThatModelOnly()
    {
        RoutingState state;
        const auto p = provider(1, QStringLiteral("a")), q = provider(2, QStringLiteral("b"));
        Route r = route(RouteStrategy::Failover, {p, q});
        AttemptPlanner plan(r, state, quickRetry(), BreakerPolicy(), 0);
        QCOMPARE(plan.next(0)->target, 0);
        plan.failed(status(429, {}, "5"), 0);
        QCOMPARE(plan.next(0)->target, 1); // the other provider at once

        AttemptPlanner later(r, state, quickRetry(), BreakerPolicy(), 100);
        QCOMPARE(later.next(100)->target, 1); // a's only key rests: skipped without a try
        QCOMPARE(later.skipped(), 1);
        QVERIFY(later.history().first().contains(QLatin1String("rate limited")));

        Route other = r;
        other.targets.first().upstreamModel = QStringLiteral("other-model");
        AttemptPlanner unaffected(other, state, quickRetry(), BreakerPolicy(), 100);
        QCOMPARE(unaffected.next(100)->target, 0);
        AttemptPlanner rested(r, state, quickRetry(), BreakerPolicy(), 5001);
        QCOMPARE(rested.next(5001)->target, 0);
    }

    // Rests and circuits steer traffic to alternatives. A request without one still goes to the
    // provider: one client's failures never become everyone's refusal.
    void withoutAnAlternativeARequestIsSentAnyway()
    {
        RoutingState state;
        BreakerPolicy breaker;
        breaker.consecutiveFailures = 1;
        const auto p = provider(1, QStringLiteral("a"));
        const Route r = route(RouteStrategy::Failover, {p});
        {
            AttemptPlanner plan(r, state, quickRetry(), breaker, 0);
            plan.next(0);
            plan.failed(status(500), 0); // opens the circuit
        }
        QCOMPARE(state.targetHealth(r.targets[0].stateId(), 1, breaker).state,
                 CircuitBreaker::State::Open);
        AttemptPlanner open(r, state, quickRetry(), breaker, 10);
        auto c = open.next(10);
        QVERIFY(c);
        QCOMPARE(c->target, 0);
        QCOMPARE(c->delayMs, 0);
        QCOMPARE(open.skipped(), 0); // the provider's own answer will be relayed
        QVERIFY(open.history().isEmpty());
        open.succeeded(5, 20); // and its success closes the circuit
        QCOMPARE(state.targetHealth(r.targets[0].stateId(), 21, breaker).state,
                 CircuitBreaker::State::Closed);

        // A key resting a long time: sent anyway, the provider's 429 is the answer.
        {
            AttemptPlanner plan(r, state, quickRetry(), breaker, 100);
            plan.next(100);
            plan.failed(status(429, {}, "60"), 100);
            QVERIFY(!plan.next(100));
        }
        AttemptPlanner resting(r, state, quickRetry(), breaker, 200);
        c = resting.next(200);
        QVERIFY(c);
        QCOMPARE(c->delayMs, 0);
        QCOMPARE(resting.attempts(), 1);

        // A rest that ends within seconds is waited for.
        Route other = r;
        other.targets.first().upstreamModel = QStringLiteral("other-model");
        {
            AttemptPlanner plan(other, state, quickRetry(), breaker, 1000);
            plan.next(1000);
            plan.failed(status(429, {}, "2"), 1000);
        }
        AttemptPlanner soon(other, state, quickRetry(), breaker, 1500);
        c = soon.next(1500);
        QVERIFY(c);
        QCOMPARE(c->delayMs, 1500);

        // A key the provider rejected is the last resort too; a key broken in the configuration
        // is not.
        const auto rejected = provider(2, QStringLiteral("rejected"));
        const Route rr = route(RouteStrategy::Failover, {rejected});
        {
            AttemptPlanner plan(rr, state, quickRetry(), breaker, 0);
            plan.next(0);
            plan.failed(status(401), 0);
        }
        AttemptPlanner retry(rr, state, quickRetry(), breaker, 10);
        QVERIFY(retry.next(10));
        auto broken = provider(3, QStringLiteral("broken"));
        broken->keys[0].problem = QStringLiteral("its secret is missing from the keychain");
        AttemptPlanner none(route(RouteStrategy::Failover, {broken}), state, quickRetry(), breaker,
                            10);
        QVERIFY(!none.next(10));
        QVERIFY(none.history().first().contains(QLatin1String("keychain")));
    }

    void aRequestCountsOnceAgainstATargetAndAnErrorStatusIsRetriedOnce()
    {
        RoutingState state;
        BreakerPolicy breaker;
        breaker.consecutiveFailures = 2;
        RetryPolicy retry = quickRetry();
        retry.maxAttempts = 10;
        const auto p = provider(1, QStringLiteral("a"));
        const Route r = route(RouteStrategy::Failover, {p});
        AttemptPlanner plan(r, state, retry, breaker, 0);
        QVERIFY(plan.next(0));
        plan.failed(status(500), 0);
        const auto again = plan.next(0);
        QVERIFY(again);
        QVERIFY(again->delayMs > 0);
        plan.failed(status(500), 500);
        QVERIFY(!plan.next(500)); // one retry on the same target, not ten
        QCOMPARE(plan.attempts(), 2);
        const auto health = state.targetHealth(r.targets[0].stateId(), 501, breaker);
        QCOMPARE(health.state, CircuitBreaker::State::Closed); // one request, one failure
        QCOMPARE(health.windowFailures, 1);

        // Unreachable is retried within the attempt limit, but still counts once.
        RoutingState fresh;
        AttemptPlanner down(r, fresh, retry, breaker, 1000);
        qint64 now = 1000;
        while (const auto c = down.next(now)) {
            now += c->delayMs;
            down.failed(refused(), now);
        }
        QCOMPARE(down.attempts(), 10);
        QCOMPARE(fresh.targetHealth(r.targets[0].stateId(), now, breaker).windowFailures, 1);
    }

    void aRequestSpecific429DoesNotRestTheKey()
    {
        RoutingState state;
        const auto p = provider(1, QStringLiteral("a"), 2);
        const Route r = route(RouteStrategy::Failover, {p});
        AttemptPlanner plan(r, state, quickRetry(), BreakerPolicy(), 0);
        const int first = plan.next(0)->key;
        plan.failed(status(429, R"({"error":{"message":"Request too large for gpt-4"}})"), 0);
        const auto c = plan.next(0);
        QVERIFY(c);
        QVERIFY(c->key != first); // another key may have room
        QVERIFY(state.keyHealth(p->keys[first].stateId, QStringLiteral("m"), 1).usable);
        AttemptFailure exhausted = status(429);
        exhausted.limitExhausted = true;
        plan.failed(exhausted, 1);
        QVERIFY(!state.keyHealth(p->keys[c->key].stateId, QStringLiteral("m"), 2).usable);
    }

    void strategiesOrderTargets()
    {
        RoutingState state;
        const auto a = provider(1, QStringLiteral("a")), b = provider(2, QStringLiteral("b")),
                   c = provider(3, QStringLiteral("c"));
        Route rr = route(RouteStrategy::RoundRobin, {a, b, c});
        QCOMPARE(state.order(rr, 0), QList<int>({0, 1, 2}));
        QCOMPARE(state.order(rr, 0), QList<int>({1, 2, 0}));
        QCOMPARE(state.order(rr, 0), QList<int>({2, 0, 1}));

        Route cost = route(RouteStrategy::Cost, {a, b, c});
        cost.targets[0].price = ModelPrice{5, 15};
        cost.targets[2].price = ModelPrice{0.5, 1.5};
        QCOMPARE(state.order(cost, 0), QList<int>({2, 0, 1})); // unpriced last

        Route latency = route(RouteStrategy::Latency, {a, b, c});
        state.recordSuccess(latency.targets[0], a->keys[0], 300, 0);
        state.recordSuccess(latency.targets[1], b->keys[0], 20, 0);
        QCOMPARE(state.order(latency, 0), QList<int>({2, 1, 0})); // unmeasured first

        Route weighted = route(RouteStrategy::Weighted, {a, b});
        weighted.targets[0].weight = 1;
        weighted.targets[1].weight = 99;
        int bFirst = 0;
        for (int i = 0; i < 200; ++i)
            bFirst += state.order(weighted, 0).first() == 1;
        QVERIFY2(bFirst > 170, qPrintable(QString::number(bFirst)));
    }

    void openCircuitsAreSkippedWithTheirReason()
    {
        RoutingState state;
        BreakerPolicy policy;
        policy.consecutiveFailures = 1;
        const auto a = provider(1, QStringLiteral("a")), b = provider(2, QStringLiteral("b"));
        const Route r = route(RouteStrategy::Failover, {a, b});
        {
            AttemptPlanner plan(r, state, quickRetry(), policy, 0);
            QCOMPARE(plan.next(0)->target, 0);
            plan.failed(status(500), 0);
            QCOMPARE(plan.next(0)->target, 1);
            plan.succeeded(5, 1);
        }
        AttemptPlanner plan(r, state, quickRetry(), policy, 10);
        const auto c = plan.next(10);
        QCOMPARE(c->target, 1);
        QCOMPARE(plan.skipped(), 1);
        QVERIFY(plan.history().first().contains(QLatin1String("circuit open")));
        const auto health = state.targetHealth(r.targets[0].stateId(), 10, policy);
        QCOMPARE(health.state, CircuitBreaker::State::Open);
    }

    void aHalfOpenCircuitLetsExactlyOneProbeThrough()
    {
        RoutingState state;
        BreakerPolicy policy;
        policy.consecutiveFailures = 1;
        policy.openMs = 1000;
        const auto a = provider(1, QStringLiteral("a")), b = provider(2, QStringLiteral("b"));
        const Route r = route(RouteStrategy::Failover, {a, b});
        {
            AttemptPlanner plan(r, state, quickRetry(), policy, 0);
            plan.next(0);
            plan.failed(status(500), 0); // opens a's circuit
        }
        AttemptPlanner prober(r, state, quickRetry(), policy, 1000);
        QCOMPARE(prober.next(1000)->target, 0); // the probe
        // Meanwhile another request skips a, and its own 429 on b does not free a's probe.
        AttemptPlanner other(r, state, quickRetry(), policy, 1001);
        QCOMPARE(other.next(1001)->target, 1);
        other.failed(status(429, {}, "30"), 1001);
        // a: probe out; b: its only key rests. With nothing else, the request goes to a anyway.
        AttemptPlanner third(r, state, quickRetry(), policy, 1002);
        QCOMPARE(third.next(1002)->target, 0);
        QCOMPARE(third.skipped(), 1);
        QVERIFY(third.history().first().contains(QLatin1String("rate limited")));
        third.abandoned();
        // The prober's client leaves: the probe is given back for someone else.
        prober.abandoned();
        AttemptPlanner fourth(r, state, quickRetry(), policy, 1003);
        QCOMPARE(fourth.next(1003)->target, 0);
        fourth.succeeded(5, 1004);
        QCOMPARE(state.targetHealth(r.targets[0].stateId(), 1005, policy).state,
                 CircuitBreaker::State::Closed);
    }

    void proxyFailuresTryTheNextProxyThenTheNextTarget()
    {
        RoutingState state;
        auto a = provider(1, QStringLiteral("a"));
        for (int i = 0; i < 2; ++i) {
            ProxyEndpoint proxy;
            proxy.display = QStringLiteral("http://p%1:8080").arg(i);
            proxy.stateId = QStringLiteral("proxy|") + proxy.display;
            a->proxies << proxy;
        }
        const auto b = provider(2, QStringLiteral("b"));
        const Route r = route(RouteStrategy::Failover, {a, b});
        AttemptFailure proxyDown = refused();
        proxyDown.proxyFault = true;
        AttemptPlanner plan(r, state, quickRetry(), BreakerPolicy(), 0);
        auto c = plan.next(0);
        QCOMPARE(c->target, 0);
        QCOMPARE(c->proxy, 0);
        plan.failed(proxyDown, 0);
        c = plan.next(0);
        QCOMPARE(c->target, 0);
        QCOMPARE(c->proxy, 1); // same target, same key, next proxy, no wait
        QCOMPARE(c->delayMs, 0);
        plan.failed(proxyDown, 0);
        c = plan.next(0);
        QCOMPARE(c->target, 1); // every proxy failed: the next target
        // Proxy failures are not the provider's: a's circuit saw none.
        QCOMPARE(state.targetHealth(r.targets[0].stateId(), 1, BreakerPolicy()).windowFailures, 0);
        // Both proxies rest now; a later request still gets one (the one back soonest).
        QVERIFY(!state.proxyHealth(a->proxies[0].stateId, 1).usable);
        QVERIFY(state.pickProxy(*a, 1) >= 0);
    }

    void aKeyOutOfBalanceIsNotRevivedByAHealthCheck()
    {
        RoutingState state;
        const auto p = provider(1, QStringLiteral("a"));
        const Route r = route(RouteStrategy::Failover, {p});
        AttemptPlanner plan(r, state, quickRetry(), BreakerPolicy(), 0);
        plan.next(0);
        plan.failed(status(402, R"({"error":{"message":"Insufficient Balance"}})"), 0);
        state.recordKeyCheck(p->keys[0], true, 200, 1, BreakerPolicy());
        QVERIFY(!state.keyHealth(p->keys[0].stateId).usable);
        // A rejected key is: listing models proves the key itself works again.
        AttemptPlanner again(route(RouteStrategy::Failover, {provider(2, QStringLiteral("b"))}),
                             state, quickRetry(), BreakerPolicy(), 0);
        const auto b = again.route().targets[0].provider;
        again.next(0);
        again.failed(status(401), 0);
        QVERIFY(!state.keyHealth(b->keys[0].stateId).usable);
        state.recordKeyCheck(b->keys[0], true, 200, 2, BreakerPolicy());
        QVERIFY(state.keyHealth(b->keys[0].stateId).usable);
    }
};

QTEST_GUILESS_MAIN(TestRouting)
#include "tst_routing.moc"
