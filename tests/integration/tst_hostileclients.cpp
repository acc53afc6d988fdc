// What a hostile local program or web page can do to the gateway's front door, one defect per
// case, each bounded in count and time and on loopback only: the strict framing that keeps the
// origin check honest, keys checked before bodies are read, a memory budget for bodies, slow
// clients timed out and evicted, refused bodies drained so clients see the answer.
#include "tests/integration/GatewayFixture.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

using namespace llmux;
using namespace llmux::test;

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed memory in quarantine (256 MB by default), which resident memory
// would count as the gateway's; a small quarantine lets the memory bounds here mean something.
extern "C" const char *__asan_default_options()
{
    return "quarantine_size_mb=8";
}
#endif

namespace {

QByteArray errorCode(const QByteArray &body)
{
    const auto j =
        nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object() ||
        !j["error"].contains("code") || !j["error"]["code"].is_string())
        return {};
    return QByteArray::fromStdString(j["error"]["code"].get<std::string>());
}

// This process's resident memory, in bytes (the gateway runs in it).
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    return 0;
}

HttpLimits hostileLimits()
{
    HttpLimits l = GatewayFixture::testLimits();
    l.headTimeoutMs = 600;
    l.bodyRateWindowMs = 400;
    l.minBodyBytesPerSecond = 1000;
    l.drainTimeoutMs = 3000;
    return l;
}

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<GatewayFixture> f;

    QByteArray head(const QByteArray &requestLine, const QByteArray &headers) const
    {
        return requestLine + "\r\n" + headers + "\r\n";
    }
    QByteArray host() const { return "Host: 127.0.0.1:" + QByteArray::number(f->gateway->port()); }

private Q_SLOTS:
    void initTestCase()
    {
        f = std::make_unique<GatewayFixture>(hostileLimits());
        const QString error = f->start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { f.reset(); }

    // Qt 6.4's parser drops every header past 100, which once let a foreign Host through.
    void overLongHeaderListsAreRefusedBeforeTheParserSeesThem()
    {
        QByteArray padding;
        for (int i = 0; i < 120; ++i)
            padding += "X-Pad-" + QByteArray::number(i) + ": 1\r\n";
        const auto refused =
            f->send(head("GET /health HTTP/1.1", "Host: evil.example\r\n" + padding));
        QCOMPARE(refused.status, 431);
        QCOMPARE(errorCode(refused.body), QByteArray("request_header_too_large"));
        // At the limit itself the parser keeps the headers, and the Host check sees the Host.
        padding.clear();
        for (int i = 1; i < 100; ++i)
            padding += "X-Pad-" + QByteArray::number(i) + ": 1\r\n";
        const auto foreign =
            f->send(head("GET /health HTTP/1.1", "Host: evil.example\r\n" + padding));
        QCOMPARE(foreign.status, 403);
        QCOMPARE(f->send(head("GET /health HTTP/1.1", host() + "\r\n" + padding)).status, 200);
    }

    void strictParsing_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("no Host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("no Host, HTTP/1.0") << QByteArray("GET /health HTTP/1.0\r\n\r\n") << 400;
        QTest::newRow("Host twice, foreign second")
            << QByteArray("GET /health HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")
            << 400;
        QTest::newRow("Origin twice")
            << QByteArray("GET /health HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n"
                          "Origin: https://evil.example\r\n\r\n")
            << 400;
        QTest::newRow("HTTP/1.9") << QByteArray("GET /health HTTP/1.9\r\nHost: localhost\r\n\r\n")
                                  << 505;
        QTest::newRow("absolute-form") << QByteArray("GET http://evil.example/health HTTP/1.1\r\n"
                                                     "Host: localhost\r\n\r\n")
                                       << 400;
        QTest::newRow("NUL in a value")
            << QByteArray("GET /health HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n\r\n", 51)
            << 400;
    }
    void strictParsing()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const auto r = f->send(request);
        QCOMPARE(r.status, status);
        QVERIFY(!errorCode(r.body).isEmpty());
        QCOMPARE(r.header("connection"), QByteArray("close"));
    }

    // A keyless client is answered from its head: no body is read, whatever it declares.
    void keysAndOriginsAreCheckedBeforeTheBody_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("no key") << QByteArray() << 401;
        QTest::newRow("wrong key") << QByteArray("Authorization: Bearer llmux-wrong\r\n") << 401;
        QTest::newRow("foreign page")
            << QByteArray("Origin: https://evil.example\r\nAuthorization: Bearer KEY\r\n") << 403;
        QTest::newRow("no key, waiting for 100 Continue")
            << QByteArray("Expect: 100-continue\r\n") << 401;
    }
    void keysAndOriginsAreCheckedBeforeTheBody()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        headers.replace("KEY", f->key);
        RawClient client(f->gateway->port());
        client.write(head(
            "POST /v1/chat/completions HTTP/1.1",
            host() + "\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n" + headers));
        const auto r = client.readResponse(5000);
        QCOMPARE(r.status, status);
        QVERIFY(!client.received().contains("100 Continue"));
        QCOMPARE(f->gateway->bodyBytesInFlight(), 0);
    }

    // Refused bodies are read and thrown away, not kept: a hundred keyless 30 MB uploads cost
    // no memory, and every one of them gets its answer.
    void keylessUploadsCostNoMemory()
    {
        HttpLimits limits = hostileLimits();
        limits.maxBodyBytes = 32 * 1024 * 1024;
        GatewayFixture g(limits);
        QVERIFY(g.start().isEmpty());
        const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(g.gateway->port());
        const qint64 before = residentBytes();
        std::vector<std::unique_ptr<RawClient>> clients;
        const QByteArray chunk(256 * 1024, 'x');
        for (int i = 0; i < 100; ++i) {
            clients.push_back(std::make_unique<RawClient>(g.gateway->port()));
            clients.back()->write(head("POST /v1/chat/completions HTTP/1.1",
                                       host + "\r\nContent-Length: 31457280\r\n"));
            for (int k = 0; k < 4; ++k)
                clients.back()->write(chunk);
        }
        for (auto &client : clients) {
            const auto r = client->readResponse(15000);
            QCOMPARE(r.status, 401);
        }
        QCOMPARE(g.gateway->bodyBytesInFlight(), 0);
        const qint64 grown = residentBytes() - before;
        QVERIFY2(grown < 64LL * 1024 * 1024, qPrintable(QString::number(grown)));
    }

    // A body over the limit, sent without waiting for "100 Continue": the client reads the 413
    // after it has sent everything, instead of a connection reset.
    void anOversizedBodyIsAnsweredNotReset()
    {
        RawClient client(f->gateway->port());
        const QByteArray body(2 * 1024 * 1024, 'x');
        client.write(f->rawRequest("POST", "/v1/chat/completions", body));
        const auto r = client.readResponse(10000);
        QCOMPARE(r.status, 413);
        QCOMPARE(errorCode(r.body), QByteArray("request_too_large"));
    }

    // Bodies held in memory are bounded for the whole gateway; a request that would pass the
    // bound is told to come back, and the budget is given back when requests end.
    void bodiesInFlightStayWithinTheBudget()
    {
        HttpLimits limits = hostileLimits();
        limits.maxBodyBytes = 4 * 1024 * 1024;
        limits.maxBodyBytesInFlight = 3 * 1024 * 1024; // each body counts twice
        GatewayFixture g(limits);
        QVERIFY(g.start().isEmpty());
        const QByteArray body =
            "{\"model\":\"fake/gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" +
            QByteArray(1024 * 1024, 'a') + "\"}]}";
        const QByteArray request = g.rawRequest("POST", "/v1/chat/completions", body);
        const qsizetype headEnd = request.indexOf("\r\n\r\n") + 4;
        RawClient first(g.gateway->port());
        first.write(request.first(headEnd + 10)); // the head and a little: its share is reserved
        QTRY_VERIFY(g.gateway->bodyBytesInFlight() > 2 * 1024 * 1024);
        RawClient second(g.gateway->port());
        second.write(request.first(headEnd + 10));
        const auto busy = second.readResponse(5000);
        QCOMPARE(busy.status, 503);
        QCOMPARE(errorCode(busy.body), QByteArray("gateway_busy"));
        QCOMPARE(busy.header("retry-after"), QByteArray("1"));
        first.write(request.mid(headEnd + 10));
        QCOMPARE(first.readResponse().status, 200);
        QTRY_COMPARE(g.gateway->bodyBytesInFlight(), 0);
        QCOMPARE(g.send(request).status, 200);
    }

    void aHeadThatNeverCompletesTimesOut()
    {
        RawClient client(f->gateway->port());
        client.write("GET /health HTTP/1.1\r\nHo");
        const auto r = client.readResponse(5000);
        QCOMPARE(r.status, 408);
        QVERIFY(r.body.contains("head did not arrive"));
    }

    void aBodyTrickledTooSlowlyTimesOut()
    {
        RawClient client(f->gateway->port());
        client.write(f->rawRequest("POST", "/v1/chat/completions", QByteArray(), {}, true)
                         .replace("Content-Length: 0", "Content-Length: 100000"));
        client.write("{\"mo");
        const auto r = client.readResponse(5000);
        QCOMPARE(r.status, 408);
        QVERIFY(r.body.contains("slower than"));
    }

    // Slow-header connections fill every slot: a client with a key is still served, because the
    // connection that has waited longest without being served makes room for it.
    void slowlorisLeavesKeyedClientsServed()
    {
        HttpLimits limits = hostileLimits();
        limits.maxConnections = 64;
        limits.headTimeoutMs = 60000; // they would hold on for a minute
        GatewayFixture g(limits);
        QVERIFY(g.start().isEmpty());
        // 2,000 of them, as many as this process may open (each costs a descriptor here and,
        // while it lasts, one in the gateway, which runs in this process too).
        rlimit files{};
        getrlimit(RLIMIT_NOFILE, &files);
        files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
        setrlimit(RLIMIT_NOFILE, &files);
        const int count = int(std::min<rlim_t>(2000, (files.rlim_cur - 256) / 2));
        QVERIFY2(count >= 300, qPrintable(QString::number(count)));
        std::vector<std::unique_ptr<RawClient>> loris;
        for (int i = 0; i < count; ++i) {
            loris.push_back(std::make_unique<RawClient>(g.gateway->port()));
            loris.back()->write("POST /v1/chat/completions HTTP/1.1\r\nHo");
        }
        QTRY_VERIFY(g.gateway->openConnections() >= 60);
        for (int i = 0; i < 5; ++i) {
            const auto r = g.send(g.rawRequest("GET", "/v1/models"), 5000);
            QCOMPARE(r.status, 200);
        }
        QVERIFY(g.gateway->openConnections() <= limits.maxConnections + 1);
    }

    // A head whose empty line has no CR is still screened before its body.
    void aBareLfHeadIsScreenedToo()
    {
        RawClient client(f->gateway->port());
        client.write("POST /v1/chat/completions HTTP/1.1\n" + host() +
                     "\nContent-Length: 900000\n\r\n");
        QCOMPARE(client.readResponse(5000).status, 401);
        QCOMPARE(f->gateway->bodyBytesInFlight(), 0);
    }

    // A request pipelined behind one being answered is refused without writing into that
    // answer, and its share of the body budget comes back when the client leaves.
    void pipelinedRequestsNeverCorruptTheAnswerInProgress()
    {
        {
            RawClient client(f->gateway->port());
            client.write(f->chatRequest("{\"model\":\"fake/slow-300\",\"messages\":[]}") +
                         "GET /health HTTP/1.9\r\n" + host() + "\r\n\r\n");
            const auto first = client.readResponse(5000);
            QCOMPARE(first.status, 200);
            QVERIFY(first.complete);
            QVERIFY(first.body.contains("chat.completion"));
            QVERIFY(client.waitForDisconnect(5000));
            QVERIFY(!client.received().contains("505"));
        }
        {
            RawClient client(f->gateway->port());
            const QByteArray body(400 * 1024, 'x');
            client.write(f->chatRequest("{\"model\":\"fake/slow-300\",\"messages\":[]}") +
                         f->rawRequest("POST", "/v1/chat/completions", body));
            QTRY_VERIFY(f->gateway->bodyBytesInFlight() > 0);
        } // the client leaves with its second request still waiting
        QTRY_COMPARE(f->gateway->bodyBytesInFlight(), 0);
    }

    // A chunked body may end with trailer fields (RFC 9112, 7.1.2).
    void chunkedBodiesWithTrailersAreServed()
    {
        const QByteArray json =
            "{\"model\":\"fake/gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\n" + host() +
                             "\r\nAuthorization: Bearer " + f->key +
                             "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                             "\r\n" +
                             QByteArray::number(json.size(), 16) + "\r\n" + json +
                             "\r\n0\r\nX-Trailer: 1\r\n\r\n";
        RawClient client(f->gateway->port());
        client.write(request);
        const auto r = client.readResponse(5000);
        QVERIFY2(r.status == 200, client.received().constData());
        // And the connection goes on serving.
        client.write(f->rawRequest("GET", "/health", {}, {}, false));
        QCOMPARE(client.readResponse(5000).status, 200);
        // Trailers that arrive in pieces, the last piece with the next request.
        const qsizetype cut = request.indexOf("X-Trailer") + 5;
        client.write(request.first(cut));
        client.socket().flush();
        QTest::qWait(50); // lets the gateway read the first piece on its own
        client.write(request.mid(cut) + f->rawRequest("GET", "/health", {}, {}, false));
        // Both answers may arrive in one read, which readResponse() does not split: count them.
        QTRY_COMPARE(client.received().count("\"object\":\"chat.completion\""), 2);
        QTRY_COMPARE(client.received().count("\"status\":\"ok\""), 2);
        QCOMPARE(client.received().count("HTTP/1.1 200 OK"), 4);
    }
};

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"
