#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/UsageQuery.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kBase = 1'700'000'000'000; // a fixed instant, so the test is reproducible

RequestLogEntry entry(qint64 ts, const QString &model, const QString &provider, int status,
                      double latency, qint64 prompt, qint64 completion, double cost,
                      std::optional<qint64> keyId = std::nullopt, const QString &keyName = {})
{
    RequestLogEntry e;
    e.timestampMs = ts;
    e.endpoint = QStringLiteral("/v1/chat/completions");
    e.modelRequested = model;
    e.provider = provider;
    e.upstreamModel = model;
    e.status = status;
    e.latencyMs = latency;
    e.promptTokens = prompt;
    e.completionTokens = completion;
    e.cost = cost;
    e.keyId = keyId;
    e.keyName = keyName;
    return e;
}

} // namespace

class TestUsageQuery : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    void insert(QList<RequestLogEntry> rows)
    {
        QVERIFY2(RequestLogRepository(*m_db).insertBatch(rows).ok(), "insertBatch failed");
    }

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("u%1.sqlite").arg(++n)));
        QVERIFY(m_db->open().ok());
    }
    void cleanup() { m_db.reset(); }

    void emptyLogGivesZeroes()
    {
        const auto t = UsageQuery(*m_db).totals(0, kBase);
        QVERIFY2(t.ok(), qPrintable(t.error()));
        QCOMPARE(t->requests, 0);
        QCOMPARE(t->medianLatencyMs, 0.0);
        const auto b = UsageQuery(*m_db).breakdown(0, kBase, UsageDimension::Model);
        QVERIFY(b.ok());
        QVERIFY(b->isEmpty());
        QCOMPARE(UsageQuery(*m_db).hasUsage().value(), false);
        insert({entry(kBase, QStringLiteral("a"), QStringLiteral("p"), 200, 1, 1, 1, 0)});
        QCOMPARE(UsageQuery(*m_db).hasUsage().value(), true);
    }

    void totalsCountErrorsTokensCostAndMedianInHalfOpenRange()
    {
        auto disconnected =
            entry(kBase + 4, QStringLiteral("a"), QStringLiteral("p"), 200, 40, 1, 0, 0.0);
        disconnected.clientDisconnected = true;
        auto noUsage = entry(kBase + 5, QStringLiteral("a"), QStringLiteral("p"), 502, 50, 0, 0, 0);
        noUsage.promptTokens.reset();
        noUsage.completionTokens.reset();
        noUsage.cost.reset();
        insert({entry(kBase - 1, QStringLiteral("a"), QStringLiteral("p"), 200, 999, 1000, 1000,
                      9), // before the range
                entry(kBase, QStringLiteral("a"), QStringLiteral("p"), 200, 10, 100, 20, 0.5),
                entry(kBase + 1, QStringLiteral("a"), QStringLiteral("p"), 200, 30, 200, 40, 0.25),
                entry(kBase + 2, QStringLiteral("b"), QStringLiteral("q"), 429, 20, 0, 0, 0),
                disconnected, noUsage,
                entry(kBase + 10, QStringLiteral("a"), QStringLiteral("p"), 200, 1, 1, 1,
                      1)}); // at the end: excluded
        const auto t = UsageQuery(*m_db).totals(kBase, kBase + 10);
        QVERIFY2(t.ok(), qPrintable(t.error()));
        QCOMPARE(t->requests, 5);
        QCOMPARE(t->errors, 3); // 429, 502, disconnected
        QCOMPARE(t->promptTokens, 301);
        QCOMPARE(t->completionTokens, 60);
        QCOMPARE(t->cost, 0.75);
        QCOMPARE(t->medianLatencyMs, 30.0); // 10 20 30 40 50
        QCOMPARE(t->errorRate(), 0.6);

        // An even count: the mean of the two middle latencies (10 20 30 40 -> 25).
        const auto even = UsageQuery(*m_db).totals(kBase, kBase + 5);
        QVERIFY(even.ok());
        QCOMPARE(even->requests, 4);
        QCOMPARE(even->medianLatencyMs, 25.0);
    }

    void seriesHasEveryBucketEmptyOnesToo()
    {
        insert({entry(kBase + 10, QStringLiteral("a"), QStringLiteral("p"), 200, 100, 10, 5, 0.1),
                entry(kBase + 20, QStringLiteral("a"), QStringLiteral("p"), 200, 300, 10, 5, 0.1),
                entry(kBase + 3 * kHour + 1, QStringLiteral("a"), QStringLiteral("p"), 500, 7, 0, 0,
                      0)});
        const auto s = UsageQuery(*m_db).series(kBase, kBase + 4 * kHour + kHour / 2, kHour);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(s->size(), 5); // the last bucket is half an hour
        QCOMPARE(s->at(0).startMs, kBase);
        QCOMPARE(s->at(0).totals.requests, 2);
        QCOMPARE(s->at(0).totals.promptTokens, 20);
        QCOMPARE(s->at(0).totals.medianLatencyMs, 200.0);
        QCOMPARE(s->at(1).startMs, kBase + kHour);
        QCOMPARE(s->at(1).totals.requests, 0);
        QCOMPARE(s->at(2).totals.requests, 0);
        QCOMPARE(s->at(3).totals.requests, 1);
        QCOMPARE(s->at(3).totals.errors, 1);
        QCOMPARE(s->at(4).startMs, kBase + 4 * kHour);

        // Explicit boundaries (calendar days of different lengths).
        const auto b = UsageQuery(*m_db).series(
            QList<qint64>{kBase, kBase + 15, kBase + 3 * kHour, kBase + 5 * kHour});
        QVERIFY(b.ok());
        QCOMPARE(b->size(), 3);
        QCOMPARE(b->at(0).totals.requests, 1);
        QCOMPARE(b->at(1).totals.requests, 1);
        QCOMPARE(b->at(2).totals.requests, 1);

        QVERIFY(!UsageQuery(*m_db).series(kBase, kBase + kHour, 0).ok());
        QVERIFY(!UsageQuery(*m_db).series(QList<qint64>{kBase + 1, kBase}).ok());
    }

    void breakdownIsBiggestFirstWithMedians()
    {
        insert({entry(kBase, QStringLiteral("small"), QStringLiteral("p1"), 200, 5, 1, 1, 0.01),
                entry(kBase + 1, QStringLiteral("big"), QStringLiteral("p2"), 200, 10, 5, 5, 0.1),
                entry(kBase + 2, QStringLiteral("big"), QStringLiteral("p2"), 200, 20, 5, 5, 0.1),
                entry(kBase + 3, QStringLiteral("big"), QStringLiteral("p1"), 200, 90, 5, 5, 0.1),
                entry(kBase + 4, QStringLiteral("mid"), QStringLiteral("p2"), 200, 7, 100, 100, 1),
                entry(kBase + 5, QStringLiteral("mid"), QStringLiteral("p2"), 500, 9, 0, 0, 0)});
        auto models = UsageQuery(*m_db).breakdown(kBase, kBase + 10, UsageDimension::Model);
        QVERIFY2(models.ok(), qPrintable(models.error()));
        QCOMPARE(models->size(), 3);
        QCOMPARE(models->at(0).name, QStringLiteral("big"));
        QCOMPARE(models->at(0).totals.requests, 3);
        QCOMPARE(models->at(0).totals.medianLatencyMs, 20.0);
        QCOMPARE(models->at(1).name, QStringLiteral("mid"));
        QCOMPARE(models->at(1).totals.errors, 1);
        QCOMPARE(models->at(1).totals.medianLatencyMs, 8.0);
        QCOMPARE(models->at(2).name, QStringLiteral("small"));
        QVERIFY(!models->at(0).keyId.has_value());

        auto providers = UsageQuery(*m_db).breakdown(kBase, kBase + 10, UsageDimension::Provider);
        QVERIFY(providers.ok());
        QCOMPARE(providers->size(), 2);
        QCOMPARE(providers->at(0).name, QStringLiteral("p2"));
        QCOMPARE(providers->at(0).totals.requests, 4);
        QCOMPARE(providers->at(0).totals.cost, 1.2);
        QCOMPARE(providers->at(1).name, QStringLiteral("p1"));
        QCOMPARE(providers->at(1).totals.medianLatencyMs, 47.5);
    }

    void keySlicesCarryIdAndNewestName()
    {
        insert({entry(kBase, QStringLiteral("m"), QStringLiteral("p"), 200, 1, 1, 1, 0, 7,
                      QStringLiteral("old name")),
                entry(kBase + 2, QStringLiteral("m"), QStringLiteral("p"), 200, 1, 1, 1, 0, 7,
                      QStringLiteral("ci")),
                entry(kBase + 1, QStringLiteral("m"), QStringLiteral("p"), 200, 1, 1, 1, 0, 9,
                      QStringLiteral("laptop")),
                entry(kBase + 3, QStringLiteral("m"), QStringLiteral("p"), 200, 1, 1, 1, 0, 7,
                      QStringLiteral("ci")),
                entry(kBase + 4, QStringLiteral("m"), QStringLiteral("p"), 200, 1, 1, 1, 0)});
        auto keys = UsageQuery(*m_db).breakdown(kBase, kBase + 10, UsageDimension::Key);
        QVERIFY2(keys.ok(), qPrintable(keys.error()));
        QCOMPARE(keys->size(), 3);
        QCOMPARE(keys->at(0).keyId, std::optional<qint64>(7));
        QCOMPARE(keys->at(0).name, QStringLiteral("ci"));
        QCOMPARE(keys->at(0).totals.requests, 3);
        // Ties in requests and tokens: by name, the keyless requests ("") first.
        QVERIFY(!keys->at(1).keyId.has_value());
        QCOMPARE(keys->at(1).name, QString());
        QCOMPARE(keys->at(2).keyId, std::optional<qint64>(9));
        QCOMPARE(keys->at(2).name, QStringLiteral("laptop"));
    }

    void staysUsableOnALargeLog()
    {
        // 200k rows over 30 days: correctness of the aggregates at scale (time is printed, not
        // asserted).
        QSqlQuery q(m_db->connection());
        QVERIFY(m_db->connection().transaction());
        q.prepare(QStringLiteral(
            "INSERT INTO request_log (ts_ms, endpoint, model_requested, provider, status, "
            "latency_ms, prompt_tokens, completion_tokens, cost) VALUES (?, "
            "'/v1/chat/completions', "
            "?, ?, 200, ?, 10, 5, 0.001)"));
        const int n = 200000;
        const qint64 span = 30LL * 24 * kHour;
        for (int i = 0; i < n; ++i) {
            q.bindValue(0, kBase + span * i / n);
            q.bindValue(1, QStringLiteral("model-%1").arg(i % 20));
            q.bindValue(2, QStringLiteral("provider-%1").arg(i % 3));
            q.bindValue(3, double(i % 1000));
            QVERIFY(q.exec());
        }
        QVERIFY(m_db->connection().commit());
        QElapsedTimer timer;
        timer.start();
        const UsageQuery usage(*m_db);
        const auto t = usage.totals(kBase, kBase + span);
        QVERIFY(t.ok());
        QCOMPARE(t->requests, n);
        QCOMPARE(t->promptTokens, 10LL * n);
        QCOMPARE(t->medianLatencyMs, 499.5);
        const auto s = usage.series(kBase, kBase + span, 24 * kHour);
        QVERIFY(s.ok());
        QCOMPARE(s->size(), 30);
        const auto b = usage.breakdown(kBase, kBase + span, UsageDimension::Model);
        QVERIFY(b.ok());
        QCOMPARE(b->size(), 20);
        QVERIFY(b->at(0).totals.medianLatencyMs > 0);

        UsageQuery withoutMedians(*m_db);
        withoutMedians.setWithMedians(false);
        const auto fast = withoutMedians.totals(kBase, kBase + span);
        QVERIFY(fast.ok());
        QCOMPARE(fast->requests, n);
        QCOMPARE(fast->medianLatencyMs, 0.0);
        qInfo("totals + daily series + model breakdown over %d rows: %lld ms", n,
              qint64(timer.elapsed()));
    }
};

QTEST_GUILESS_MAIN(TestUsageQuery)
#include "tst_usagequery.moc"
