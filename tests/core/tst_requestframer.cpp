#include "core/http/RequestFramer.h"

#include <QTest>

using namespace llmux;
using Verdict = RequestFramer::Verdict;

class TestRequestFramer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void completesRequestWithContentLength()
    {
        RequestFramer f(1024, 1024);
        const QByteArray req =
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
        const auto p = f.feed(req);
        QCOMPARE(p.verdict, Verdict::MessageComplete);
        QCOMPARE(p.consumed, req.size());
    }

    void completesAcrossArbitrarySplits()
    {
        const QByteArray req =
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world";
        for (int split = 1; split < req.size(); ++split) {
            RequestFramer f(1024, 1024);
            QCOMPARE(f.feed(QByteArrayView(req).first(split)).verdict, Verdict::NeedMore);
            const auto p = f.feed(QByteArrayView(req).sliced(split));
            QCOMPARE(p.verdict, Verdict::MessageComplete);
            QCOMPARE(p.consumed, req.size() - split);
        }
    }

    void stopsAtTheEndOfTheFirstPipelinedRequest()
    {
        RequestFramer f(1024, 1024);
        const QByteArray first = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        const QByteArray both = first + "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n";
        const auto p = f.feed(both);
        QCOMPARE(p.verdict, Verdict::MessageComplete);
        QCOMPARE(p.consumed, first.size());
        f.reset();
        QCOMPARE(f.feed(QByteArrayView(both).sliced(first.size())).verdict,
                 Verdict::MessageComplete);
    }

    void framesChunkedBodies()
    {
        RequestFramer f(1024, 1024);
        const QByteArray req = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
        const auto p = f.feed(req);
        QCOMPARE(p.verdict, Verdict::MessageComplete);
        QCOMPARE(p.consumed, req.size());
    }

    void framesChunkedBodiesWithTrailersAcrossSplits()
    {
        const QByteArray req = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "2\r\nhi\r\n0\r\nX-Trailer: 1\r\n\r\nGET";
        for (int split = 1; split < req.size() - 3; ++split) {
            RequestFramer f(1024, 1024);
            auto p = f.feed(QByteArrayView(req).first(split));
            qsizetype consumed = p.consumed;
            if (p.verdict == Verdict::NeedMore) {
                p = f.feed(QByteArrayView(req).sliced(split));
                consumed += p.consumed;
            }
            QCOMPARE(p.verdict, Verdict::MessageComplete);
            QCOMPARE(consumed, req.size() - 3);
        }
        // The trailer section is reported, to be kept from QHttpServer's parser.
        RequestFramer f(1024, 1024);
        const auto p = f.feed(req);
        QCOMPARE(QByteArrayView(req).sliced(p.cutFrom, p.cutLength),
                 QByteArrayView("X-Trailer: 1\r\n\r\n"));
    }

    void rejectsOversizedHeadersBeforeTheirEnd()
    {
        RequestFramer f(100, 1024);
        const QByteArray req = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(200, 'a');
        QCOMPARE(f.feed(req).verdict, Verdict::HeaderTooLarge);
    }

    void rejectsADeclaredBodyOverTheLimitWithoutReadingIt()
    {
        RequestFramer f(1024, 1000);
        const auto p = f.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\n\r\n");
        QCOMPARE(p.verdict, Verdict::BodyTooLarge);
    }

    void rejectsChunkedBodiesThatGrowOverTheLimit()
    {
        RequestFramer f(1024, 10);
        QCOMPARE(f.feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "8\r\n12345678\r\n")
                     .verdict,
                 Verdict::NeedMore);
        QCOMPARE(f.feed("8\r\n").verdict, Verdict::BodyTooLarge);
    }

    void reportsExpectContinueOnceTheHeadIsComplete()
    {
        RequestFramer f(1024, 1024);
        const auto p = f.feed(
            "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        QCOMPARE(p.verdict, Verdict::NeedMore);
        QVERIFY(f.headComplete());
        QVERIFY(f.head().expectsContinue);
    }

    void knowsWhenTheClientWantsToClose()
    {
        RequestFramer f(1024, 1024);
        f.feed("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY(f.head().closeRequested);
        f.reset();
        f.feed("GET / HTTP/1.0\r\nHost: x\r\n\r\n");
        QVERIFY(f.head().closeRequested);
        QCOMPARE(f.head().httpMinorVersion, 0);
        f.reset();
        f.feed("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        QVERIFY(!f.head().closeRequested);
    }

    void rejectsMalformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("not http") << QByteArray("hello there\r\n\r\n");
        QTest::newRow("unknown method") << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::newRow("header without colon")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n");
        QTest::newRow("bad length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
        QTest::newRow("conflicting lengths") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        QTest::newRow("length and chunked")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: "
                          "chunked\r\n\r\n");
        QTest::newRow("bad chunk size")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        QTest::newRow("bad chunk end") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nXY\r\n");
    }
    void rejectsMalformedRequests()
    {
        QFETCH(QByteArray, request);
        RequestFramer f(1024, 1024);
        QCOMPARE(f.feed(request).verdict, Verdict::Malformed);
        QVERIFY(!f.head().problem.isEmpty());
    }

    // What a strict server refuses (RFC 9112), so that the checks made on this head agree with
    // what QHttpServer's parser makes of the same bytes.
    void refusesWhatAStrictServerRefuses_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("verdict");
        const int malformed = int(Verdict::Malformed);
        QTest::newRow("no Host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << malformed;
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\n"
                                                 "Host: evil.example\r\n\r\n")
                                   << malformed;
        QTest::newRow("two Origins")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost\r\n"
                          "Origin: https://evil.example\r\n\r\n")
            << malformed;
        QTest::newRow("HTTP/1.9") << QByteArray("GET / HTTP/1.9\r\nHost: x\r\n\r\n")
                                  << int(Verdict::VersionNotSupported);
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
                                  << int(Verdict::VersionNotSupported);
        QTest::newRow("HTTP/1.10") << QByteArray("GET / HTTP/1.10\r\nHost: x\r\n\r\n") << malformed;
        QTest::newRow("absolute-form")
            << QByteArray("GET http://evil.example/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            << malformed;
        QTest::newRow("asterisk for GET")
            << QByteArray("GET * HTTP/1.1\r\nHost: x\r\n\r\n") << malformed;
        QTest::newRow("NUL in a value")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 37) << malformed;
        QTest::newRow("bare CR in a value")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n") << malformed;
        QTest::newRow("folded line")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n") << malformed;
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << malformed;
        QByteArray many = "GET / HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < RequestFramer::kMaxHeaderFields; ++i)
            many += "X-Pad-" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("101 header fields")
            << QByteArray(many + "\r\n") << int(Verdict::TooManyHeaders);
    }
    void refusesWhatAStrictServerRefuses()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, verdict);
        RequestFramer f(64 * 1024, 1024);
        QCOMPARE(int(f.feed(request).verdict), verdict);
        QVERIFY(!f.head().problem.isEmpty());
    }

    void acceptsWhatItShould()
    {
        // A head may end with an empty line whose CR is missing, or whose lines lack theirs: it
        // ends where QHttpServer's parser ends it.
        for (const QByteArray &head : {QByteArray("GET / HTTP/1.1\nHost: x\n\r\nGET"),
                                       QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\nGET"),
                                       QByteArray("GET / HTTP/1.1\nHost: x\n\nGET")}) {
            RequestFramer f(1024, 1024);
            const auto p = f.feed(head);
            QCOMPARE(p.verdict, Verdict::MessageComplete);
            QCOMPARE(p.consumed, head.size() - 3);
            QCOMPARE(f.head().header("host"), QByteArray("x"));
        }
        RequestFramer f(64 * 1024, 1024);
        QByteArray hundred = "OPTIONS * HTTP/1.1\r\nHost: x\r\n";
        for (int i = 1; i < RequestFramer::kMaxHeaderFields; ++i)
            hundred += "X-Pad-" + QByteArray::number(i) + ":\t1\t\r\n";
        QCOMPARE(f.feed(QByteArray(hundred + "\r\n")).verdict, Verdict::MessageComplete);
        QCOMPARE(f.head().headers().size(), RequestFramer::kMaxHeaderFields);
        QCOMPARE(f.head().header("x-pad-1"), QByteArray("1"));
        QCOMPARE(f.head().method, QByteArray("OPTIONS"));
        QCOMPARE(f.head().target, QByteArray("*"));
        f.reset();
        QCOMPARE(f.feed("GET /v1/models?x=1 HTTP/1.0\nHost: x\n\n").verdict,
                 Verdict::MessageComplete);
        QCOMPARE(f.head().target, QByteArray("/v1/models?x=1"));
    }

    // A refused body can still be followed to its end, to discard it before closing.
    void followsARefusedBodyToItsEnd()
    {
        RequestFramer f(1024, 10);
        QCOMPARE(f.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n").verdict,
                 Verdict::BodyTooLarge);
        f.ignoreBodyLimit();
        QCOMPARE(f.feed(QByteArray(19, 'a')).verdict, Verdict::NeedMore);
        const auto p = f.feed("aGET");
        QCOMPARE(p.verdict, Verdict::MessageComplete);
        QCOMPARE(p.consumed, 1);
        QVERIFY(f.messageComplete());
    }
};

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
