// The gateway end to end over real loopback HTTP against the fake OpenAI upstream.
#include "core/config/GatewayConfigLoader.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/RequestLogQuery.h"
#include "core/store/SettingsRepository.h"
#include "tests/integration/GatewayFixture.h"

#include <QSignalSpy>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;
using namespace llmux::test;
using Json = nlohmann::json;

namespace {

Json parse(const QByteArray &bytes)
{
    return Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

QList<QByteArray> sseData(const QByteArray &body)
{
    QList<QByteArray> out;
    for (const QByteArray &block : body.split('\n'))
        if (block.startsWith("data: "))
            out << block.mid(6);
    return out;
}

} // namespace

class TestGateway : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<GatewayFixture> f;

private Q_SLOTS:
    void initTestCase()
    {
        f = std::make_unique<GatewayFixture>();
        ProviderTimeouts timeouts;
        timeouts.firstByteMs = 1500;
        timeouts.idleMs = 1000;
        const QString error = f->start(timeouts, [](GatewayFixture &fx) {
            // A provider that gives up on a silent upstream sooner, for the timeout cases.
            ProviderTimeouts impatient;
            impatient.firstByteMs = 250;
            return fx.addProvider(QStringLiteral("impatient"), fx.upstream.baseUrl(), impatient) > 0
                       ? QString()
                       : QStringLiteral("could not add the impatient provider");
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Back-offs between attempts take no real time here.
        f->clock.setSkipDelays(true);
    }

    // The agent's own session id is recorded (Claude Code's header, Codex's), bounded and plain;
    // the log can be filtered by it.
    void agentSessionsAreRecorded()
    {
        const QByteArray body =
            R"({"model":"gpt-fake","messages":[{"role":"user","content":"x"}]})";
        QCOMPARE(f->chat(body, "X-Claude-Code-Session-Id: 5a1b2c3d-0000-4e4e-8f8f-123456789abc\r\n")
                     .status,
                 200);
        QCOMPARE(f->log(1).first().session, QStringLiteral("5a1b2c3d-0000-4e4e-8f8f-123456789abc"));
        QCOMPARE(f->chat(body, "session-id: codex-thread-1\r\n").status, 200);
        QCOMPARE(f->log(1).first().session, QStringLiteral("codex-thread-1"));
        // Too long, or not a plain token: not recorded.
        QCOMPARE(f->chat(body, "X-Claude-Code-Session-Id: " + QByteArray(300, 'a') + "\r\n").status,
                 200);
        QVERIFY(f->log(1).first().session.isEmpty());
        QCOMPARE(f->chat(body, "X-Claude-Code-Session-Id: <script>x</script>\r\n").status, 200);
        QVERIFY(f->log(1).first().session.isEmpty());

        RequestLogFilter filter;
        filter.session = QStringLiteral("codex-thread-1");
        const auto page = RequestLogQuery(*f->db).firstPage(filter, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->rows.size(), 1);
        QCOMPARE(page->rows.first().session, QStringLiteral("codex-thread-1"));
        filter.session.clear();
        filter.text = QStringLiteral("5a1b2c3d");
        QCOMPARE(RequestLogQuery(*f->db).firstPage(filter, 10)->rows.size(), 1);
    }

    void cleanupTestCase() { f.reset(); }

    void healthNeedsNoKey()
    {
        const auto r = f->send(f->rawRequest("GET", "/health", {}, {}, false));
        QCOMPARE(r.status, 200);
        QVERIFY2((parse(r.body)["status"]) == "ok", (parse(r.body)["status"]).dump().c_str());
    }

    void plainCompletionIsForwardedAndLogged()
    {
        const auto r = f->chat(
            R"({"model":"gpt-fake","messages":[{"role":"user","content":"hi"}],"x_unknown_field":{"kept":true}})");
        QCOMPARE(r.status, 200);
        const Json body = parse(r.body);
        QVERIFY2((body["object"]) == "chat.completion", (body["object"]).dump().c_str());
        QVERIFY(body["choices"][0]["message"]["content"].get<std::string>().find("hi") !=
                std::string::npos);
        // The provider saw its own key, never the gateway key, and unknown fields untouched.
        QByteArray authorization;
        for (const auto &h : f->upstream.lastRequestHeaders())
            if (h.first == "authorization")
                authorization = h.second;
        QCOMPARE(authorization, QByteArray("Bearer sk-upstream-secret"));
        QVERIFY2((parse(f->upstream.lastRequestBody())["x_unknown_field"]["kept"]) == true,
                 (parse(f->upstream.lastRequestBody())["x_unknown_field"]["kept"]).dump().c_str());

        const auto log = f->log(1);
        QCOMPARE(log.size(), 1);
        const RequestLogEntry &e = log.first();
        QCOMPARE(e.status, 200);
        QCOMPARE(e.modelRequested, QStringLiteral("gpt-fake"));
        QCOMPARE(e.provider, QStringLiteral("fake"));
        QCOMPARE(e.keyName, QStringLiteral("tests"));
        QCOMPARE(e.promptTokens.value_or(-1), 11);
        QCOMPARE(e.completionTokens.value_or(-1), 7);
        QVERIFY(e.cost.has_value());
        QCOMPARE(*e.cost, (11 * 1.0 + 7 * 2.0) / 1e6);
        QVERIFY(e.ttfbMs.has_value());
        QVERIFY(!e.stream);
    }

    void aliasIsRewrittenToTheUpstreamModel()
    {
        QVERIFY(f->addModel(QStringLiteral("my-alias"), QStringLiteral("gpt-fake")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            f->gateway->currentConfig()->models.contains(QStringLiteral("my-alias")), 5000);
        const auto r =
            f->chat(R"({"model":"my-alias","messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, 200);
        QVERIFY2((parse(f->upstream.lastRequestBody())["model"]) == "gpt-fake",
                 (parse(f->upstream.lastRequestBody())["model"]).dump().c_str());
        const auto direct =
            f->chat(R"({"model":"fake/gpt-fake","messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(direct.status, 200);
    }

    void streamIsChunkedAndHidesTheUsageChunkItAskedFor()
    {
        const auto r = f->chat(
            R"({"model":"gpt-fake","stream":true,"messages":[{"role":"user","content":"one two"}]})");
        QCOMPARE(r.status, 200);
        QVERIFY(r.complete);
        QCOMPARE(r.header("transfer-encoding"), QByteArray("chunked"));
        QVERIFY(r.header("content-type").startsWith("text/event-stream"));
        const auto events = sseData(r.body);
        QVERIFY(events.size() >= 3);
        QCOMPARE(events.last(), QByteArray("[DONE]"));
        for (const QByteArray &e : events) {
            if (e == "[DONE]")
                continue;
            const Json chunk = parse(e);
            QVERIFY2((chunk["object"]) == "chat.completion.chunk",
                     (chunk["object"]).dump().c_str());
            QVERIFY(!chunk["choices"].empty()); // the usage-only chunk was stripped
        }
        QVERIFY2((parse(f->upstream.lastRequestBody())["stream_options"]["include_usage"]) == true,
                 (parse(f->upstream.lastRequestBody())["stream_options"]["include_usage"])
                     .dump()
                     .c_str());
        const auto log = f->log(1);
        QVERIFY(log.first().stream);
        QCOMPARE(log.first().completionTokens.value_or(-1), 7);
    }

    void streamKeepsTheUsageChunkWhenTheClientAskedForIt()
    {
        const auto r = f->chat(
            R"({"model":"gpt-fake","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, 200);
        const auto events = sseData(r.body);
        QVERIFY(events.size() >= 2);
        const Json usageChunk = parse(events.at(events.size() - 2));
        QVERIFY(usageChunk["choices"].empty());
        QVERIFY2((usageChunk["usage"]["prompt_tokens"]) == 11,
                 (usageChunk["usage"]["prompt_tokens"]).dump().c_str());
    }

    void badInputGetsOpenAiErrors_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        GatewayFixture &fx = *f;
        QTest::newRow("malformed json")
            << fx.chatRequest("{\"model\": ") << 400 << QByteArray("invalid_json");
        QTest::newRow("not an object")
            << fx.chatRequest("[1,2]") << 400 << QByteArray("invalid_request");
        QTest::newRow("no model") << fx.chatRequest("{\"messages\":[]}") << 400
                                  << QByteArray("missing_model");
        QTest::newRow("no key") << fx.rawRequest("POST", "/v1/chat/completions", "{}", {}, false)
                                << 401 << QByteArray("missing_api_key");
        QTest::newRow("bad key") << fx.rawRequest("POST", "/v1/chat/completions", "{}",
                                                  "x-api-key: sk-llmux-wrong\r\n", false)
                                 << 401 << QByteArray("invalid_api_key");
        QTest::newRow("unknown model") << fx.chatRequest(R"({"model":"nope","messages":[]})") << 404
                                       << QByteArray("model_not_found");
        // Bounded before anything echoes or records it (a 20 KB name is refused, not echoed).
        QTest::newRow("huge model name")
            << fx.chatRequest("{\"model\":\"" + QByteArray(20000, 'm') + "\",\"messages\":[]}")
            << 400 << QByteArray("invalid_model");
        QTest::newRow("stream not a boolean")
            << fx.chatRequest(R"({"model":"fake/gpt","stream":"yes","messages":[]})") << 400
            << QByteArray("invalid_request");
        QTest::newRow("unknown endpoint")
            << fx.rawRequest("GET", "/v1/nothing") << 404 << QByteArray("unknown_endpoint");
        QTest::newRow("wrong method") << fx.rawRequest("GET", "/v1/chat/completions") << 405
                                      << QByteArray("method_not_allowed");
        QTest::newRow("upstream 500")
            << fx.chatRequest(R"({"model":"fake/error-500","messages":[]})") << 500
            << QByteArray("fake_error");
        QTest::newRow("upstream html 503")
            << fx.chatRequest(R"({"model":"fake/html-503","messages":[]})") << 503
            << QByteArray("upstream_error");
        QTest::newRow("upstream hangs")
            << fx.chatRequest(R"({"model":"impatient/hang","messages":[]})") << 504
            << QByteArray("upstream_timeout");
    }
    void badInputGetsOpenAiErrors()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        const auto r = f->send(raw);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        const Json body = parse(r.body);
        QVERIFY2(body.contains("error"), r.body.constData());
        QCOMPARE(QByteArray::fromStdString(body["error"]["code"].get<std::string>()), code);
        QVERIFY(!body["error"]["message"].get<std::string>().empty());
        QVERIFY(body["error"].contains("type"));
        QVERIFY2(r.body.size() < 4096, "an error never echoes a large request field");
    }

    void rateLimitKeepsRetryAfter()
    {
        const auto r = f->chat(R"({"model":"fake/error-429","messages":[]})");
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("retry-after"), QByteArray("1"));
    }

    void pathsWithoutV1Work()
    {
        QCOMPARE(f->send(f->rawRequest("POST", "/chat/completions",
                                       R"({"model":"gpt-fake","messages":[]})"))
                     .status,
                 200);
        const auto models = f->send(f->rawRequest("GET", "/models"));
        QCOMPARE(models.status, 200);
        QVERIFY2((parse(models.body)["object"]) == "list",
                 (parse(models.body)["object"]).dump().c_str());
        QVERIFY2((parse(models.body)["data"][0]["object"]) == "model",
                 (parse(models.body)["data"][0]["object"]).dump().c_str());
        // Listing models is a request like any other: it is in the log, with its key.
        const QList<RequestLogEntry> log = f->log(1);
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().endpoint, QStringLiteral("/models"));
        QCOMPARE(log.first().status, 200);
        QVERIFY(!log.first().keyName.isEmpty());
    }

    void unreachableProviderIs502()
    {
        ProviderTimeouts t;
        const qint64 dead =
            f->addProvider(QStringLiteral("dead"), QStringLiteral("http://127.0.0.1:1/v1"), t);
        QVERIFY(dead > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            f->gateway->currentConfig()->providers.contains(QStringLiteral("dead")), 5000);
        const auto r = f->chat(R"({"model":"dead/some-model","messages":[]})");
        QCOMPARE(r.status, 502);
        QVERIFY2((parse(r.body)["error"]["code"]) == "upstream_unreachable",
                 (parse(r.body)["error"]["code"]).dump().c_str());
        QCOMPARE(f->log(1).first().status, 502);
    }

    void midStreamFailuresEndWithAnErrorEvent_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("stall") << QByteArray("fake/stall-2") << QByteArray("upstream_timeout");
        QTest::newRow("cut") << QByteArray("fake/cut-2") << QByteArray("upstream_bad_response");
    }
    void midStreamFailuresEndWithAnErrorEvent()
    {
        QFETCH(QByteArray, model);
        QFETCH(QByteArray, code);
        const auto r = f->chat(R"({"model":")" + model + R"(","stream":true,"messages":[]})");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.complete, qPrintable(r.error)); // terminated properly, not left hanging
        const auto events = sseData(r.body);
        QVERIFY(events.size() >= 2);
        const Json last = parse(events.last());
        QCOMPARE(QByteArray::fromStdString(last["error"]["code"].get<std::string>()), code);
        const auto log = f->log(1);
        QVERIFY(log.first().status >= 500);
        QVERIFY(!log.first().error.isEmpty());
    }

    void clientDisconnectMidStreamIsRecordedAndCancelsUpstream()
    {
        {
            RawClient client(f->gateway->port());
            client.write(
                f->chatRequest(R"({"model":"fake/chunks-50-100","stream":true,"messages":[]})"));
            QVERIFY(client.waitForBytes("tok1"));
            QCOMPARE(f->upstream.requestsInFlight(), 1);
            client.socket().abort();
        }
        // The upstream stream would run for five more seconds unless the gateway cancels it.
        QTRY_COMPARE_WITH_TIMEOUT(f->upstream.requestsInFlight(), 0, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(f->log(1).first().clientDisconnected, 5000);
        QCOMPARE(f->log(1).first().modelRequested, QStringLiteral("fake/chunks-50-100"));
    }

    void aSlowClientSlowsTheUpstreamInsteadOfFillingMemory()
    {
        RawClient client(f->gateway->port());
        client.write(f->chatRequest(R"({"model":"fake/flood-64","stream":true,"messages":[]})"));
        // Generous: an unoptimised sanitizer build shares two cores with other tests.
        QVERIFY(client.waitForBytes("tok0-", 60000));
        // The client stops reading: once the buffers along the way are full, the gateway must stop
        // reading the provider, so the provider's output piles up on its side, not in LLMux.
        client.socket().setReadBufferSize(1);
        // Two seconds are ample for loopback to move all 64 MB if nothing holds it back.
        QTest::qWait(2000);
        QVERIFY2(f->upstream.unsentBytes() > 16 * 1024 * 1024,
                 qPrintable(QStringLiteral("only %1 bytes held back by the provider")
                                .arg(f->upstream.unsentBytes())));
        client.socket().setReadBufferSize(0);
        QVERIFY(client.waitForBytes("[DONE]", 60000));
        QVERIFY(client.received().contains("tok4095-"));
        QVERIFY(client.received().size() > 64 * 1024 * 1024);
    }

    void oversizedRequestsAreRejectedBeforeTheBodyArrives()
    {
        RawClient client(f->gateway->port());
        client.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                     "209715200\r\n\r\n");
        const auto r = client.readResponse();
        QCOMPARE(r.status, 413);
        QVERIFY2((parse(r.body)["error"]["code"]) == "request_too_large",
                 (parse(r.body)["error"]["code"]).dump().c_str());
        QVERIFY(client.waitForDisconnect());

        RawClient headers(f->gateway->port());
        headers.write("GET /health HTTP/1.1\r\nX-Huge: " + QByteArray(64 * 1024, 'a') + "\r\n\r\n");
        QCOMPARE(headers.readResponse().status, 431);
    }

    void expectContinueIsAnswered()
    {
        const QByteArray body = R"({"model":"gpt-fake","messages":[]})";
        RawClient client(f->gateway->port());
        client.write(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
            f->key + "\r\nExpect: 100-continue\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY(client.waitForBytes("HTTP/1.1 100 Continue\r\n\r\n"));
        client.write(body);
        QVERIFY(client.waitForBytes("chat.completion"));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        RawClient client(f->gateway->port());
        // A slow completion first, then two quick requests, all in one write.
        client.write(f->chatRequest(R"({"model":"fake/slow-300","messages":[]})") +
                     f->rawRequest("GET", "/v1/models") +
                     f->rawRequest("GET", "/health", {}, {}, false));
        QVERIFY(client.waitForBytes("\"service\":\"llmux\""));
        const QByteArray all = client.received();
        const qsizetype completion = all.indexOf("chat.completion");
        const qsizetype models = all.indexOf("\"object\":\"list\"");
        const qsizetype health = all.indexOf("\"service\":\"llmux\"");
        QVERIFY(completion > 0 && models > 0 && health > 0);
        QVERIFY(completion < models);
        QVERIFY(models < health);
        QCOMPARE(all.count("HTTP/1.1 200 OK"), 3);
    }

    void keepAliveServesManyRequestsOnOneConnection()
    {
        RawClient client(f->gateway->port());
        for (int i = 0; i < 5; ++i) {
            client.write(f->chatRequest(R"({"model":"gpt-fake","stream":true,"messages":[]})"));
            const auto r = client.readResponse();
            QCOMPARE(r.status, 200);
            QVERIFY(r.complete);
            QVERIFY(client.isConnected());
        }
    }

    void idleConnectionsAreClosed()
    {
        RawClient client(f->gateway->port());
        QVERIFY(client.isConnected());
        QVERIFY(client.waitForDisconnect(f->limits.idleTimeoutMs + 3000));
    }

    void browserPagesOnOtherSitesAreRefused()
    {
        const auto evil = f->send(f->rawRequest("POST", "/v1/chat/completions",
                                                R"({"model":"gpt-fake","messages":[]})",
                                                "Origin: https://evil.example\r\n"));
        QCOMPARE(evil.status, 403);
        QVERIFY2((parse(evil.body)["error"]["code"]) == "origin_not_allowed",
                 (parse(evil.body)["error"]["code"]).dump().c_str());
        const auto rebinding =
            f->send("GET /health HTTP/1.1\r\nHost: attacker.example:5569\r\n\r\n");
        QCOMPARE(rebinding.status, 403);
        const auto local =
            f->send(f->rawRequest("GET", "/v1/models", {}, "Origin: http://localhost:3000\r\n"));
        QCOMPARE(local.status, 200);
        QCOMPARE(local.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    }

    void configChangesApplyWithoutRestart()
    {
        QCOMPARE(f->chat(R"({"model":"late-model","messages":[]})").status, 404);
        QVERIFY(f->addModel(QStringLiteral("late-model"), QStringLiteral("gpt-fake")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(f->chat(R"({"model":"late-model","messages":[]})").status, 200,
                                  5000);
        QVERIFY(ModelRepository(*f->db).setEnabled(QStringLiteral("late-model"), false).ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->chat(R"({"model":"late-model","messages":[]})").status, 404,
                                  5000);
    }

    void manySlowStreamsToOneProviderProgressTogether()
    {
        constexpr int kStreams = 64;
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < kStreams; ++i) {
            clients.push_back(std::make_unique<RawClient>(f->gateway->port()));
            clients.back()->write(
                f->chatRequest(R"({"model":"fake/chunks-10-200","stream":true,"messages":[]})"));
        }
        // Every stream has its first token before any stream could have finished on its own.
        for (auto &c : clients)
            QVERIFY(c->waitForBytes("tok0"));
        for (auto &c : clients)
            QVERIFY(!c->received().contains("[DONE]") || c->received().contains("tok9"));
        QVERIFY2(f->upstream.maxConcurrentRequests() >= kStreams,
                 qPrintable(QStringLiteral("only %1 upstream requests ran at once")
                                .arg(f->upstream.maxConcurrentRequests())));
        for (auto &c : clients) {
            QVERIFY(c->waitForBytes("[DONE]"));
            QVERIFY(c->received().contains("tok9"));
        }
    }

    void revokedKeysStopWorkingLive()
    {
        QVERIFY(GatewayKeyRepository(*f->db).revoke(QStringLiteral("tests")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(f->chat(R"({"model":"gpt-fake","messages":[]})").status, 401,
                                  5000);
    }

    void stoppingTheGatewayRecordsInFlightRequests()
    {
        GatewayFixture g;
        QVERIFY(g.start().isEmpty());
        RawClient client(g.gateway->port());
        client.write(
            g.chatRequest(R"({"model":"fake/chunks-100-100","stream":true,"messages":[]})"));
        QVERIFY(client.waitForBytes("tok0"));
        g.gateway->stop();
        const auto log = g.log(5);
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().modelRequested, QStringLiteral("fake/chunks-100-100"));
        QCOMPARE(log.first().status, 503);
        QVERIFY2(log.first().error.contains(QLatin1String("shutting down")),
                 qPrintable(log.first().error));
        QVERIFY(!log.first().clientDisconnected);
    }

    // A stopping gateway takes no new connection, lets what is in flight finish within its grace
    // period, and cuts off (with an error event, logged as such) only what runs longer.
    void stoppingGracefullyLetsRequestsInFlightFinish()
    {
        GatewayFixture g;
        QVERIFY(g.start({}, [](GatewayFixture &fixture) {
                     return SettingsRepository(*fixture.db)
                                    .setValue(QStringLiteral("gateway.shutdown_grace_ms"),
                                              QStringLiteral("1500"))
                                    .ok()
                                ? QString()
                                : QStringLiteral("cannot set the grace period");
                 }).isEmpty());
        QCOMPARE(g.gateway->currentConfig()->shutdown.graceMs, 1500);
        RawClient quick(g.gateway->port()), endless(g.gateway->port());
        quick.write(g.chatRequest(R"({"model":"fake/slow-500","messages":[]})"));
        endless.write(
            g.chatRequest(R"({"model":"fake/chunks-100-100","stream":true,"messages":[]})"));
        QVERIFY(endless.waitForBytes("tok0"));
        QTRY_COMPARE(g.gateway->requestsInFlight(), 2);
        const quint16 port = g.gateway->port();
        g.gateway->stopGracefully();
        const auto answered = quick.readResponse();
        QCOMPARE(answered.status, 200);
        QVERIFY(quick.waitForDisconnect(5000)); // answered, then closed: no new request on it
        QVERIFY(endless.waitForBytes("gateway_shutting_down"));
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(1000));
        const auto log = g.log(5);
        QCOMPARE(log.size(), 2);
        for (const RequestLogEntry &e : log) {
            if (e.modelRequested == QLatin1String("fake/slow-500")) {
                QCOMPARE(e.status, 200);
            } else {
                QCOMPARE(e.status, 503);
                QVERIFY(e.error.contains(QLatin1String("shutting down")));
            }
        }
    }

    // At the limit, the connection that has waited longest without being served makes room:
    // idle or slow clients cannot keep a working one out.
    void atTheConnectionLimitTheLongestWaitingMakesRoom()
    {
        HttpLimits limits = GatewayFixture::testLimits();
        limits.maxConnections = 2;
        GatewayFixture g(limits);
        QVERIFY(g.start().isEmpty());
        RawClient a(g.gateway->port());
        QTRY_COMPARE(g.gateway->openConnections(), 1);
        RawClient b(g.gateway->port());
        b.write("GET"); // a head that has begun and does not go on
        QTRY_COMPARE(g.gateway->openConnections(), 2);
        RawClient c(g.gateway->port());
        c.write(g.rawRequest("GET", "/health", {}, {}, false));
        QCOMPARE(c.readResponse().status, 200);
        QVERIFY(a.waitForDisconnect(5000)); // idle longest
        QVERIFY(b.isConnected());
        QVERIFY(a.received().isEmpty());
    }

    // Connections that are being answered are never closed for a newcomer: it gets a 503.
    void whenEveryConnectionIsBusyANewcomerGets503()
    {
        HttpLimits limits = GatewayFixture::testLimits();
        limits.maxConnections = 2;
        GatewayFixture g(limits);
        QVERIFY(g.start().isEmpty());
        RawClient a(g.gateway->port()), b(g.gateway->port());
        for (RawClient *client : {&a, &b})
            client->write(g.rawRequest(
                "POST", "/v1/chat/completions",
                R"({"model":"fake/slow-1500","messages":[{"role":"user","content":"hi"}]})"));
        QTRY_COMPARE(g.upstream.requestsInFlight(), 2);
        RawClient c(g.gateway->port());
        const auto refused = c.readResponse();
        QCOMPARE(refused.status, 503);
        QVERIFY(parse(refused.body)["error"]["code"] == "too_many_connections");
        QCOMPARE(refused.header("retry-after"), QByteArray("1"));
        QCOMPARE(a.readResponse().status, 200);
        QCOMPARE(b.readResponse().status, 200);
    }

    void aBusyPortIsReportedNotShared()
    {
        // Each worker has its own socket on the port; a second gateway (another LLMux) must still
        // be told the port is taken instead of quietly sharing its connections.
        Gateway second(*f->db, *f->secrets);
        GatewayOptions options;
        options.port = f->gateway->port();
        options.workerThreads = 2;
        const Status started = second.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().contains(QLatin1String("Cannot listen")),
                 qPrintable(started.error()));
        QCOMPARE(f->send(f->rawRequest("GET", "/health")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
