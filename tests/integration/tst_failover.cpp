// Routes, key pools, retries, failover and circuit breaking end to end: a real gateway over
// loopback in front of fake providers that fail in every way a provider fails.
#include "core/routing/RoutingState.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeAnthropicUpstream.h"
#include "tests/integration/GatewayFixture.h"

#include <QMutex>
#include <QTcpServer>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;
using namespace llmux::test;
using Json = nlohmann::json;

namespace {

// Everything the gateway prints during the run.
QMutex printedLock;
QStringList printed;

Json parse(const QByteArray &bytes)
{
    return Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

QByteArray chatJson(const QByteArray &model, bool stream = false)
{
    return R"({"model":")" + model + R"(","stream":)" + (stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":"hi"}]})";
}

QString contentOf(const QByteArray &body)
{
    const Json j = parse(body);
    if (!j.is_object() || !j.contains("choices"))
        return {};
    return QString::fromStdString(j["choices"][0]["message"]["content"].get<std::string>());
}

} // namespace

class TestFailover : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<GatewayFixture> f;
    FakeOpenAiUpstream backup;
    FakeOpenAiUpstream pooled;
    FakeAnthropicUpstream claude;
    quint16 deadPort = 0;
    qint64 backupId = 0, pooledId = 0, claudeId = 0, deadId = 0, leakyId = 0;

    // A route whose targets are "provider:model[:weight]".
    QString addRoute(const QString &name, RouteStrategy strategy, const QStringList &targets)
    {
        RouteRecord r;
        r.pattern = name;
        r.strategy = strategy;
        const QHash<QString, qint64> ids = {
            {QStringLiteral("fake"), f->providerId}, {QStringLiteral("backup"), backupId},
            {QStringLiteral("pooled"), pooledId},    {QStringLiteral("claude"), claudeId},
            {QStringLiteral("dead"), deadId},        {QStringLiteral("leaky"), leakyId}};
        for (const QString &t : targets) {
            const QStringList parts = t.split(QLatin1Char(':'));
            r.targets.append(
                {ids.value(parts[0]), parts[0], parts[1], parts.size() > 2 ? parts[2].toInt() : 1});
        }
        const auto id = RouteRepository(*f->db).save(r, false);
        return id ? QString() : id.error();
    }

    // Adds routes after start-up and waits until the gateway serves them.
    void addRouteLive(const QString &name, RouteStrategy strategy, const QStringList &targets)
    {
        QCOMPARE(addRoute(name, strategy, targets), QString());
        QTRY_VERIFY_WITH_TIMEOUT(f->gateway->currentConfig()->routes.contains(name.toLower()) ||
                                     name.contains(QLatin1Char('*')),
                                 5000);
        if (name.contains(QLatin1Char('*')))
            QTRY_VERIFY_WITH_TIMEOUT(!f->gateway->currentConfig()->wildcardRoutes.isEmpty(), 5000);
    }

    // Sends a route request and checks it was answered by the backup after a failure on the first
    // target; returns the log entry.
    RequestLogEntry expectServedByBackup(const QByteArray &route, int attempts)
    {
        const int before = backup.requestCount();
        const auto r = f->chat(chatJson(route));
        [&] {
            QCOMPARE(r.status, 200);
            QVERIFY(contentOf(r.body).startsWith(QLatin1String("Hello from fake upstream")));
            QCOMPARE(backup.requestCount(), before + 1);
        }();
        const RequestLogEntry e = f->log(1).value(0);
        [&] {
            QCOMPARE(e.status, 200);
            QCOMPARE(e.provider, QStringLiteral("backup"));
            QCOMPARE(e.attempts, attempts);
        }();
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &m) {
            QMutexLocker lock(&printedLock);
            printed << m;
            fprintf(stderr, "%s\n", qPrintable(m));
        });
        QVERIFY(backup.listen());
        QVERIFY(pooled.listen());
        QVERIFY(claude.listen());
        {
            QTcpServer closed; // a port nobody listens on: connection refused
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            deadPort = closed.serverPort();
        }
        pooled.rejectKey("sk-pool-main");
        qputenv("LLMUX_TEST_POOL_MAIN", "sk-pool-main");
        qputenv("LLMUX_TEST_POOL_2", "sk-pool-two");
        qputenv("LLMUX_TEST_POOL_3", "sk-pool-three");

        f = std::make_unique<GatewayFixture>();
        ProviderTimeouts fast;
        fast.firstByteMs = 1000;
        fast.idleMs = 1000;
        const QString error = f->start(fast, [this](GatewayFixture &g) -> QString {
            backupId = g.addProvider(QStringLiteral("backup"), backup.baseUrl(), {});
            claudeId = g.addProvider(QStringLiteral("claude"), claude.baseUrl(), {},
                                     QStringLiteral("anthropic"));
            deadId = g.addProvider(QStringLiteral("dead"),
                                   QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort), {});
            ProviderRecord pool;
            pool.name = QStringLiteral("pooled");
            pool.kind = QStringLiteral("openai");
            pool.baseUrl = pooled.baseUrl();
            pool.apiKeyEnv = QStringLiteral("LLMUX_TEST_POOL_MAIN");
            pooledId = ProviderRepository(*g.db).add(pool).value();
            // The same rejected key alone: a provider that echoes it in its 401.
            ProviderRecord leaky = pool;
            leaky.name = QStringLiteral("leaky");
            leakyId = ProviderRepository(*g.db).add(leaky).value();
            for (const char *env : {"LLMUX_TEST_POOL_2", "LLMUX_TEST_POOL_3"}) {
                ProviderKeyRecord k;
                k.providerId = pooledId;
                k.label = QString::fromLatin1(env).right(1);
                k.apiKeyEnv = QString::fromLatin1(env);
                if (!ProviderKeyRepository(*g.db).add(k))
                    return QStringLiteral("cannot add a pool key");
            }
            // Quick backoff and a small breaker so the test runs in seconds.
            SettingsRepository settings(*g.db);
            for (const auto &[key, value] :
                 std::initializer_list<std::pair<const char *, const char *>>{
                     {"retry.backoff_base_ms", "20"},
                     {"retry.backoff_max_ms", "100"},
                     {"breaker.failures", "3"},
                     {"breaker.open_ms", "1500"}})
                if (const Status set = settings.setValue(QLatin1String(key), QLatin1String(value));
                    !set)
                    return set.error();
            for (const auto &[name, targets] :
                 std::initializer_list<std::pair<QString, QStringList>>{
                     {QStringLiteral("r-500"), {"fake:error-500", "backup:gpt"}},
                     {QStringLiteral("r-503"), {"fake:error-503", "backup:gpt"}},
                     {QStringLiteral("r-529"), {"claude:error-529", "backup:gpt"}},
                     {QStringLiteral("r-429"), {"fake:error-429", "backup:gpt"}},
                     {QStringLiteral("r-refused"), {"dead:gpt", "backup:gpt"}},
                     {QStringLiteral("r-hang"), {"fake:hang", "backup:gpt"}},
                     {QStringLiteral("r-cut"), {"fake:cut-0", "backup:gpt"}},
                     {QStringLiteral("r-stall-stream"), {"fake:stall-2", "backup:gpt"}},
                     {QStringLiteral("r-cut-stream"), {"fake:cut-2", "backup:gpt"}},
                     {QStringLiteral("r-stream"), {"fake:error-502", "backup:gpt"}},
                     {QStringLiteral("r-stream-event"), {"claude:streamerror-529", "backup:gpt"}},
                     {QStringLiteral("r-stream-chunk"), {"fake:streamerror-500", "backup:gpt"}},
                     {QStringLiteral("r-client-fault"), {"fake:error-400", "backup:gpt"}},
                     {QStringLiteral("r-down"), {"fake:error-503-down", "dead:gpt"}},
                     {QStringLiteral("r-breaker"), {"fake:error-500-breaker", "backup:gpt"}},
                     {QStringLiteral("r-missing"), {"fake:error-404", "backup:gpt"}},
                     {QStringLiteral("r-single-500"), {"fake:failfirst-4-500"}},
                     {QStringLiteral("r-single-down"), {"fake:failfirst-5-503"}},
                     {QStringLiteral("r-single-429"), {"fake:failfirst-1-429"}},
                     {QStringLiteral("r-leak"), {"leaky:gpt"}},
                 }) {
                if (QString e = addRoute(name, RouteStrategy::Failover, targets); !e.isEmpty())
                    return e;
            }
            return QString();
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Back-offs and waits for a resting key take no real time here.
        f->clock.setSkipDelays(true);
    }
    void cleanupTestCase()
    {
        f.reset();
        qInstallMessageHandler(nullptr);
        // The retries above printed why keys were left out; never with the key itself.
        QMutexLocker lock(&printedLock);
        QVERIFY(printed.count() > 0);
        for (const QString &line : std::as_const(printed))
            QVERIFY2(!line.contains(QLatin1String("sk-pool-main")), qPrintable(line));
    }

    void serverErrorsFailOver_data()
    {
        QTest::addColumn<QByteArray>("route");
        QTest::addColumn<QString>("reason");
        QTest::newRow("500") << QByteArray("r-500") << QStringLiteral("HTTP 500");
        QTest::newRow("503") << QByteArray("r-503") << QStringLiteral("HTTP 503");
        QTest::newRow("529 overloaded, other vendor")
            << QByteArray("r-529") << QStringLiteral("HTTP 529");
        QTest::newRow("connection refused")
            << QByteArray("r-refused") << QStringLiteral("dead/gpt");
        QTest::newRow("hang before the first byte")
            << QByteArray("r-hang") << QStringLiteral("no response within 1 s");
        QTest::newRow("cut before the answer")
            << QByteArray("r-cut") << QStringLiteral("fake/cut-0");
        QTest::newRow("404 from one target")
            << QByteArray("r-missing") << QStringLiteral("HTTP 404");
    }
    void serverErrorsFailOver()
    {
        QFETCH(QByteArray, route);
        QFETCH(QString, reason);
        const RequestLogEntry e = expectServedByBackup(route, 2);
        QVERIFY2(e.attemptErrors.contains(reason), qPrintable(e.attemptErrors));
        QCOMPARE(e.upstreamModel, QStringLiteral("gpt"));
    }

    void rateLimitedKeysRestForTheirRetryAfter()
    {
        const int fakeBefore = f->upstream.requestCount();
        const RequestLogEntry first = expectServedByBackup("r-429", 2);
        QVERIFY(first.attemptErrors.contains(QLatin1String("HTTP 429")));
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 1);
        // The fake asked for one second: meanwhile its key is skipped without a try.
        const RequestLogEntry second = expectServedByBackup("r-429", 1);
        QVERIFY2(second.attemptErrors.contains(QLatin1String("rate limited")),
                 qPrintable(second.attemptErrors));
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 1);
        // Then it is tried again.
        f->clock.advance(1100);
        expectServedByBackup("r-429", 2);
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 2);
    }

    void aStreamFailsOverBeforeItsFirstByte()
    {
        const auto r = f->chat(chatJson("r-stream", true));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/event-stream"));
        QVERIFY(r.body.contains("Hello "));
        QVERIFY(r.body.contains("data: [DONE]"));
        QVERIFY(!r.body.contains("error"));
        const RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.provider, QStringLiteral("backup"));
        QCOMPARE(e.attempts, 2);
    }

    // A provider that answers 200 and then sends an error as its first event has sent the client
    // nothing yet: that still fails over.
    void anErrorEventBeforeAnyContentFailsOver_data()
    {
        QTest::addColumn<QByteArray>("route");
        QTest::newRow("anthropic overloaded event") << QByteArray("r-stream-event");
        QTest::newRow("openai-style error chunk") << QByteArray("r-stream-chunk");
    }
    void anErrorEventBeforeAnyContentFailsOver()
    {
        QFETCH(QByteArray, route);
        const auto r = f->chat(chatJson(route, true));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("Hello "));
        QVERIFY(r.body.contains("data: [DONE]"));
        QVERIFY2(!r.body.contains("error"), r.body.constData());
        const RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.provider, QStringLiteral("backup"));
        QCOMPARE(e.attempts, 2);
        QVERIFY2(e.attemptErrors.contains(QLatin1String("error event")),
                 qPrintable(e.attemptErrors));
    }

    // With nothing else to try, the error event becomes the answer: its status and its message,
    // not the 200 that opened the stream.
    void anErrorEventWithNothingElseToTryIsTheAnswer()
    {
        const auto r = f->chat(chatJson("fake/streamerror-500", true));
        QCOMPARE(r.status, 500);
        const Json body = parse(r.body);
        const QString message = QString::fromStdString(body["error"]["message"].get<std::string>());
        QVERIFY2(!message.isEmpty() && !message.contains(QLatin1String("HTTP 200")),
                 r.body.constData());
        const RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.status, 500);
        QVERIFY2(!e.error.isEmpty() && !e.error.contains(QLatin1String("HTTP 200")),
                 qPrintable(e.error));
    }

    void nothingIsRetriedOnceTheClientHasBytes_data()
    {
        QTest::addColumn<QByteArray>("route");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("stall mid-stream")
            << QByteArray("r-stall-stream") << QByteArray("upstream_timeout");
        QTest::newRow("cut mid-stream")
            << QByteArray("r-cut-stream") << QByteArray("upstream_bad_response");
    }
    void nothingIsRetriedOnceTheClientHasBytes()
    {
        QFETCH(QByteArray, route);
        QFETCH(QByteArray, code);
        const int backupBefore = backup.requestCount();
        const auto r = f->chat(chatJson(route, true));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.complete, qPrintable(r.error)); // ended properly, not left hanging
        QVERIFY(r.body.contains("tok") || r.body.contains("Hello "));
        QList<QByteArray> events;
        for (const QByteArray &line : r.body.split('\n'))
            if (line.startsWith("data: "))
                events << line.mid(6);
        const Json last = parse(events.value(events.size() - 1));
        QVERIFY2(last.contains("error"), events.value(events.size() - 1).constData());
        QCOMPARE(QByteArray::fromStdString(last["error"]["code"].get<std::string>()), code);
        QCOMPARE(backup.requestCount(), backupBefore);
        const RequestLogEntry e = f->log(1).value(0);
        QVERIFY(e.status >= 500);
        QCOMPARE(e.attempts, 1);
        QCOMPARE(e.provider, QStringLiteral("fake"));
    }

    void theClientsOwnMistakesAreNotRetried()
    {
        const int backupBefore = backup.requestCount();
        const auto r = f->chat(chatJson("r-client-fault"));
        QCOMPARE(r.status, 400);
        QCOMPARE(QByteArray::fromStdString(parse(r.body)["error"]["code"].get<std::string>()),
                 QByteArray("fake_error"));
        QCOMPARE(backup.requestCount(), backupBefore);
        QCOMPARE(f->log(1).value(0).attempts, 1);
    }

    void whenEveryTargetIsDownOneErrorNamesThemAll()
    {
        const auto r = f->chat(chatJson("r-down"));
        QCOMPARE(r.status, 502); // the last attempt could not connect
        const QString message =
            QString::fromStdString(parse(r.body)["error"]["message"].get<std::string>());
        QVERIFY2(message.contains(QLatin1String("fake/error-503-down")) &&
                     message.contains(QLatin1String("dead/gpt")) &&
                     message.contains(QLatin1String("HTTP 503")),
                 qPrintable(message));
        const RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.status, 502);
        QCOMPARE(e.attempts, 4); // both targets, twice, within the default limit of 4
        QCOMPARE(e.attemptErrors.count(QLatin1Char('\n')), 3);
    }

    void anOpenCircuitIsSkippedThenProbed()
    {
        const int fakeBefore = f->upstream.requestCount();
        for (int i = 0; i < 3; ++i)
            expectServedByBackup("r-breaker", 2);
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 3);
        const GatewayConfigPtr config = f->gateway->currentConfig();
        const ModelTarget failing =
            config->routes.value(QStringLiteral("r-breaker")).targets.first();
        const auto health = f->gateway->routingState()->targetHealth(
            failing.stateId(), f->gateway->routingState()->nowMs(), config->breaker);
        QCOMPARE(health.state, CircuitBreaker::State::Open);
        QVERIFY2(health.reason.contains(QLatin1String("3 consecutive failures")),
                 qPrintable(health.reason));
        // Open: the failing target is not even tried.
        const RequestLogEntry skipped = expectServedByBackup("r-breaker", 1);
        QVERIFY2(skipped.attemptErrors.contains(QLatin1String("circuit open")),
                 qPrintable(skipped.attemptErrors));
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 3);
        // After the open period one probe goes through; it fails, so the circuit opens again.
        f->clock.advance(1600);
        expectServedByBackup("r-breaker", 2);
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 4);
        expectServedByBackup("r-breaker", 1);
        QCOMPARE(f->upstream.requestCount(), fakeBefore + 4);
    }

    // The most common set-up, one provider with one key behind a model: one client's failing
    // requests must not become a refusal for every other client.
    void aSingleTargetServesEveryoneThroughOthersFailures()
    {
        const GatewayConfigPtr config = f->gateway->currentConfig();
        // Two requests meet an upstream 500: each retries once and gets the provider's error.
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(f->chat(chatJson("r-single-500")).status, 500);
            QCOMPARE(f->log(1).value(0).attempts, 2);
        }
        // Two failed requests, not four failed attempts: the circuit (3 failures) stays closed.
        QCOMPARE(f->chat(chatJson("r-single-500")).status, 200);

        // Three failing requests open the circuit (the third finds it open before its retry); the
        // next client is still sent to the provider.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(f->chat(chatJson("r-single-down")).status, 503);
        const ModelTarget down = config->routes.value(QStringLiteral("r-single-down")).targets[0];
        RoutingState *state = f->gateway->routingState();
        QCOMPARE(
            state
                ->targetHealth(down.stateId(), f->gateway->routingState()->nowMs(), config->breaker)
                .state,
            CircuitBreaker::State::Open);
        const int before = f->upstream.requestCount();
        const auto served = f->chat(chatJson("r-single-down"));
        QVERIFY2(served.status == 200, served.body.constData());
        QCOMPARE(f->upstream.requestCount(), before + 1);
        QCOMPARE(f->log(1).value(0).attemptErrors, QString());
        QCOMPARE(
            state
                ->targetHealth(down.stateId(), f->gateway->routingState()->nowMs(), config->breaker)
                .state,
            CircuitBreaker::State::Closed);

        // A 429 asking for a second rests the key; the next client waits that second instead of
        // being refused.
        const auto limited = f->chat(chatJson("r-single-429"));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.header("retry-after"), QByteArray("1"));
        QCOMPARE(f->chat(chatJson("r-single-429")).status, 200);
    }

    // Some providers echo the key they were sent in their 401. LLMux never passes it on: not in
    // the reply, not in the log, not in what it prints (checked for the whole run at the end).
    void echoedProviderKeysNeverLeave()
    {
        const auto plain = f->chat(chatJson("r-leak"));
        const auto stream = f->chat(chatJson("r-leak", true));
        const QList<RequestLogEntry> rows = f->log(2);
        for (const auto &r : {plain, stream}) {
            QCOMPARE(r.status, 502);
            QVERIFY2(r.body.contains("provider_auth_failed"), r.body.constData());
            QVERIFY2(r.body.contains("Incorrect API key provided: [secret masked by LLMux]"),
                     r.body.constData());
            QVERIFY(!r.body.contains("sk-pool-main"));
        }
        QCOMPARE(rows.size(), 2);
        for (const RequestLogEntry &e : rows) {
            QVERIFY2(e.error.contains(QLatin1String("[secret masked by LLMux]")),
                     qPrintable(e.error));
            QVERIFY2(!e.error.contains(QLatin1String("sk-pool-main")), qPrintable(e.error));
            QVERIFY2(!e.attemptErrors.contains(QLatin1String("sk-pool-main")),
                     qPrintable(e.attemptErrors));
        }
    }

    void aRejectedKeyLeavesThePool()
    {
        addRouteLive(QStringLiteral("r-pool"), RouteStrategy::Failover, {"pooled:gpt"});
        const qsizetype seenBefore = pooled.keysSeen().size();
        for (int i = 0; i < 6; ++i) {
            const auto r = f->chat(chatJson("r-pool"));
            QCOMPARE(r.status, 200);
        }
        const QList<QByteArray> keys = pooled.keysSeen().mid(seenBefore);
        QCOMPARE(keys.count("sk-pool-main"), 1); // rejected once, then left out
        QVERIFY(keys.count("sk-pool-two") >= 2); // the others share the load
        QVERIFY(keys.count("sk-pool-three") >= 2);
        QCOMPARE(keys.size(), 7);
    }

    void roundRobinAlternates()
    {
        addRouteLive(QStringLiteral("r-rr"), RouteStrategy::RoundRobin,
                     {"fake:gpt-rr", "backup:gpt-rr"});
        const int fakeBefore = f->upstream.requestCount();
        const int backupBefore = backup.requestCount();
        for (int i = 0; i < 6; ++i)
            QCOMPARE(f->chat(chatJson("r-rr")).status, 200);
        QCOMPARE(f->upstream.requestCount() - fakeBefore, 3);
        QCOMPARE(backup.requestCount() - backupBefore, 3);
    }

    void costPicksTheCheapestPricedTarget()
    {
        QCOMPARE(
            f->addModel(QStringLiteral("pricey"), QStringLiteral("gpt-cost"), ModelPrice{10, 30}),
            QString());
        QCOMPARE(f->addModel(QStringLiteral("cheap"), QStringLiteral("gpt-cost"),
                             ModelPrice{0.1, 0.3}, backupId),
                 QString());
        addRouteLive(QStringLiteral("r-cost"), RouteStrategy::Cost,
                     {"fake:gpt-cost", "backup:gpt-cost"});
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(f->chat(chatJson("r-cost")).status, 200);
            const RequestLogEntry e = f->log(1).value(0);
            QCOMPARE(e.provider, QStringLiteral("backup"));
            QVERIFY(e.cost && *e.cost > 0);
        }
    }

    void latencyLearnsTheFasterTarget()
    {
        addRouteLive(QStringLiteral("r-latency"), RouteStrategy::Latency,
                     {"fake:slow-300", "backup:gpt-fast"});
        QStringList servedBy;
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(f->chat(chatJson("r-latency")).status, 200);
            servedBy << f->log(1).value(0).provider;
        }
        // Each target is measured once, then the faster one keeps the traffic.
        QCOMPARE(servedBy.mid(2), QStringList(3, QStringLiteral("backup")));
    }

    void weightedSpreadsByWeight()
    {
        addRouteLive(QStringLiteral("r-weighted"), RouteStrategy::Weighted,
                     {"fake:gpt-w:1", "backup:gpt-w:9"});
        const int fakeBefore = f->upstream.requestCount();
        const int backupBefore = backup.requestCount();
        for (int i = 0; i < 60; ++i)
            QCOMPARE(f->chat(chatJson("r-weighted")).status, 200);
        const int toFake = f->upstream.requestCount() - fakeBefore;
        const int toBackup = backup.requestCount() - backupBefore;
        QCOMPARE(toFake + toBackup, 60);
        // 9:1 expected; these bounds fail with a probability below one in a million.
        QVERIFY2(toBackup > 36, qPrintable(QString::number(toBackup)));
    }

    void wildcardRoutesRewriteTheUpstreamModel()
    {
        addRouteLive(QStringLiteral("team-*"), RouteStrategy::Failover,
                     {"fake:error-503-wild", "backup:gpt-*"});
        const auto r = f->chat(chatJson("team-4o-mini"));
        QCOMPARE(r.status, 200);
        QCOMPARE(parse(backup.lastRequestBody())["model"].get<std::string>(),
                 std::string("gpt-4o-mini"));
        const RequestLogEntry e = f->log(1).value(0);
        QCOMPARE(e.modelRequested, QStringLiteral("team-4o-mini"));
        QCOMPARE(e.upstreamModel, QStringLiteral("gpt-4o-mini"));
        // An exact name still wins over the pattern.
        QCOMPARE(f->chat(chatJson("gpt-fake")).status, 200);
        QCOMPARE(f->log(1).value(0).provider, QStringLiteral("fake"));
    }

    // Bounded load on loopback: one of two targets fails every other request, yet every client
    // request succeeds.
    void halfFailingTargetUnderLoadStillAnswersEveryRequest()
    {
        addRouteLive(QStringLiteral("r-load"), RouteStrategy::RoundRobin,
                     {"fake:flaky-503", "backup:gpt-load"});
        constexpr int kBatches = 15, kConcurrent = 16;
        int ok = 0, retried = 0;
        for (int batch = 0; batch < kBatches; ++batch) {
            std::vector<std::unique_ptr<RawClient>> clients;
            for (int i = 0; i < kConcurrent; ++i) {
                clients.push_back(std::make_unique<RawClient>(f->gateway->port()));
                clients.back()->write(f->chatRequest(chatJson("r-load", i % 2 == 0)));
            }
            for (auto &client : clients) {
                const auto r = client->readResponse(20000);
                if (r.status == 200 && r.complete && !r.body.contains("\"error\""))
                    ++ok;
            }
        }
        for (const RequestLogEntry &e : f->log(kBatches * kConcurrent))
            if (e.modelRequested == QLatin1String("r-load") && e.attempts > 1)
                ++retried;
        QCOMPARE(ok, kBatches * kConcurrent);
        QVERIFY(retried > 0); // failures did happen and were hidden
    }
};

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
