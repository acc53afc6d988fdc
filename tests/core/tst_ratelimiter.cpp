// Rate limits without a gateway: the sliding window (never more than the limit in any window,
// no double burst at an edge, the exact wait until room, bounded memory), counters that take all
// claims or none, concurrency given back, which limits apply to a request, and the texts and
// headers people see.
#include "core/limits/LimitCounters.h"
#include "core/limits/RateLimiter.h"
#include "core/limits/SlidingWindow.h"

#include <QTest>

#include <random>

using namespace llmux;

class TestRateLimiter : public QObject
{
    Q_OBJECT

    static LimitRule rule(qint64 id, RateLimit::Scope scope, const QString &subject,
                          RateLimit::Kind kind, qint64 amount, qint64 windowMs)
    {
        return LimitRule::of(RateLimit{id, scope, subject, kind, amount, windowMs, {}});
    }

private Q_SLOTS:
    void windowNeverHoldsMoreThanItsLimit()
    {
        // Requests at random times, each admitted when it fits: no 60 s span may hold more
        // than 5, wherever it starts.
        SlidingWindow w(60000);
        std::mt19937 rng(3);
        QList<qint64> admitted;
        qint64 now = 1000000;
        for (int i = 0; i < 2000; ++i) {
            now += rng() % 4000;
            if (w.waitFor(now, 1, 5) == 0) {
                w.add(now, 1);
                admitted << now;
            }
        }
        QVERIFY(admitted.size() > 50);
        for (qsizetype i = 0; i + 5 < admitted.size(); ++i)
            QVERIFY2(
                admitted.at(i + 5) - admitted.at(i) >= 60000,
                qPrintable(
                    QStringLiteral("6 within %1 ms").arg(admitted.at(i + 5) - admitted.at(i))));
    }

    void noDoubleBurstAtTheEdge()
    {
        SlidingWindow w(60000);
        const qint64 edge = 60000 * 100;
        w.add(edge - 500, 5);                         // five just before a minute turns
        QCOMPARE(w.waitFor(edge + 500, 1, 5), 59000); // a fixed window would let five more in
        QCOMPARE(w.used(edge + 59499), 5);
        QCOMPARE(w.used(edge + 59500), 0);
        QCOMPARE(w.waitFor(edge + 1000, 6, 5), -1); // more than the limit ever holds
    }

    void memoryStaysBounded()
    {
        // A million uses a millisecond apart in a one-hour window: kept as about 1024 entries,
        // and never more counted than was added.
        SlidingWindow w(3600000);
        for (qint64 t = 0; t < 1000000; ++t)
            w.add(t, 1);
        QCOMPARE(w.used(1000000), 1000000);
        // Half of them have left an exact window; at most a 1024th of an hour more is held.
        const qint64 held = w.used(3600000 + 500000);
        QVERIFY2(held >= 500000 && held <= 500000 + 3600000 / 1024,
                 qPrintable(QString::number(held)));
    }

    void settlementCorrectsAnEstimate()
    {
        SlidingWindow w(60000);
        w.add(1000, 10);
        w.adjust(2000, 1000, 25);
        QCOMPARE(w.used(2000), 35);
        w.adjust(2000, 1000, -100); // never below zero
        QCOMPARE(w.used(2000), 0);
        w.add(3000, 4);
        w.adjust(200000, 3000, 50); // that use has left: nothing to correct
        QCOMPARE(w.used(200000), 0);
        // A late correction of a use that has left never lands on a later one.
        SlidingWindow later(60000);
        later.add(0, 9000);
        later.add(65000, 8000);
        later.adjust(70000, 0, -9000);
        QCOMPARE(later.used(70000), 8000);
    }

    void countersTakeAllClaimsOrNone()
    {
        LocalLimitCounters counters;
        const LimitClaim roomy{QStringLiteral("a"), false, 100, 60000, 1};
        const LimitClaim tight{QStringLiteral("b"), false, 1, 60000, 1};
        QVERIFY(counters.acquire({roomy, tight}, 1000).admitted);
        const LimitDecision refused = counters.acquire({roomy, tight}, 2000);
        QVERIFY(!refused.admitted);
        QCOMPARE(refused.refused, 1);
        QVERIFY(refused.retryAfterMs > 0);
        // The refused request took nothing from the roomy limit.
        QCOMPARE(refused.remaining.at(0), 99);
        const LimitClaim running{QStringLiteral("c"), true, 1, 0, 1};
        QVERIFY(counters.acquire({running}, 0).admitted);
        QVERIFY(!counters.acquire({running}, 0).admitted);
        counters.release(running);
        QVERIFY(counters.acquire({running}, 0).admitted);
    }

    void whichLimitsApply()
    {
        const LimitedRequest r{QStringLiteral("cherry"),
                               QStringLiteral("Team-A"),
                               QStringLiteral("chat"),
                               {QStringLiteral("fast"), QStringLiteral("deepseek/deepseek-chat")},
                               10};
        using S = RateLimit::Scope;
        using K = RateLimit::Kind;
        QVERIFY(RateLimiter::applies(rule(1, S::Global, {}, K::Requests, 1, 1000), r));
        QVERIFY(RateLimiter::applies(
            rule(1, S::Endpoint, QStringLiteral("chat"), K::Requests, 1, 1000), r));
        QVERIFY(!RateLimiter::applies(
            rule(1, S::Endpoint, QStringLiteral("messages"), K::Requests, 1, 1000), r));
        QVERIFY(RateLimiter::applies(
            rule(1, S::Project, QStringLiteral("team-a"), K::Requests, 1, 1000), r));
        QVERIFY(RateLimiter::applies(
            rule(1, S::Key, QStringLiteral("cherry"), K::Requests, 1, 1000), r));
        QVERIFY(!RateLimiter::applies(
            rule(1, S::Key, QStringLiteral("other"), K::Requests, 1, 1000), r));
        // The name asked for and the provider's model both count.
        QVERIFY(RateLimiter::applies(
            rule(1, S::Model, QStringLiteral("FAST"), K::Requests, 1, 1000), r));
        QVERIFY(RateLimiter::applies(
            rule(1, S::Model, QStringLiteral("deepseek/*"), K::Requests, 1, 1000), r));
        QVERIFY(!RateLimiter::applies(
            rule(1, S::Model, QStringLiteral("gpt-*"), K::Requests, 1, 1000), r));
        LimitedRequest noProject = r;
        noProject.projectName.clear();
        QVERIFY(!RateLimiter::applies(
            rule(1, S::Project, QStringLiteral("team-a"), K::Requests, 1, 1000), noProject));
    }

    void admissionsGiveTheirPlaceBackAndSayWhy()
    {
        GatewayConfig config;
        config.limits = {
            rule(7, RateLimit::Scope::Key, QStringLiteral("cherry"), RateLimit::Kind::Concurrent, 1,
                 0),
            rule(8, RateLimit::Scope::Global, {}, RateLimit::Kind::Requests, 10, 60000)};
        RateLimiter limiter(std::make_shared<LocalLimitCounters>());
        const LimitedRequest r{
            QStringLiteral("cherry"), {}, QStringLiteral("chat"), {QStringLiteral("m")}, 0};
        auto first = limiter.admit(config, r, 0);
        QVERIFY(first && first->admitted());
        const HeaderList headers = first->headers();
        QCOMPARE(headerValue(headers, "x-ratelimit-limit-requests"), QByteArray("10"));
        QCOMPARE(headerValue(headers, "x-ratelimit-remaining-requests"), QByteArray("9"));
        auto second = limiter.admit(config, r, 0);
        QVERIFY(second && !second->admitted());
        const GatewayError e = second->refusal();
        QCOMPARE(e.status, 429);
        QCOMPARE(e.retryAfter, QByteArray("1"));
        QVERIFY(e.message.contains(QStringLiteral("key cherry: 1 requests at once (limit 7)")));
        first.reset(); // the first request ended
        QVERIFY(limiter.admit(config, r, 0)->admitted());
        // A limit removed and added again under the same id counts afresh.
        GatewayConfig reused = config;
        RateLimit again = reused.limits.first().limit;
        again.createdAt = QDateTime::fromMSecsSinceEpoch(123456);
        reused.limits.first() = LimitRule::of(again);
        auto held = limiter.admit(config, r, 0);
        QVERIFY(held->admitted());
        QVERIFY(!limiter.admit(config, r, 0)->admitted());
        QVERIFY(limiter.admit(reused, r, 0)->admitted());
        // A request no limit applies to costs nothing.
        config.limits.removeLast();
        LimitedRequest other = r;
        other.keyName = QStringLiteral("other");
        QVERIFY(!limiter.admit(config, other, 0));
    }

    void textsPeopleRead()
    {
        QCOMPARE(RateLimit::windowFromText(QStringLiteral("1m")), 60000);
        QCOMPARE(RateLimit::windowFromText(QStringLiteral("90s")), 90000);
        QCOMPARE(RateLimit::windowFromText(QStringLiteral("1d")), 86400000);
        QVERIFY(!RateLimit::windowFromText(QStringLiteral("2d")));
        QVERIFY(!RateLimit::windowFromText(QStringLiteral("0m")));
        QVERIFY(!RateLimit::windowFromText(QStringLiteral("m")));
        QVERIFY(!RateLimit::windowFromText(QStringLiteral("5w")));
        const auto rate = RateLimit::rateFromText(QStringLiteral("300/5m"));
        QVERIFY(rate);
        QCOMPARE(rate->first, 300);
        QCOMPARE(rate->second, 300000);
        QVERIFY(!RateLimit::rateFromText(QStringLiteral("300")));
        QVERIFY(!RateLimit::rateFromText(QStringLiteral("-1/1m")));
        QCOMPARE(RateLimit::windowText(90000), QStringLiteral("90s"));
        QCOMPARE(RateLimit::windowText(3600000), QStringLiteral("1h"));
        QCOMPARE(RateLimiter::durationText(250), QByteArray("250ms"));
        QCOMPARE(RateLimiter::durationText(59000), QByteArray("59s"));
        QCOMPARE(RateLimiter::durationText(360000), QByteArray("6m0s"));
        QCOMPARE(RateLimiter::durationText(3723000), QByteArray("1h2m3s"));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
