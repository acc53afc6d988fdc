#include "core/upstream/HttpResponseParser.h"

#include <QTest>

using namespace llmux;

class TestHttpResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAContentLengthResponse()
    {
        HttpResponseParser p;
        auto out = p.feed(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        QVERIFY(out.head);
        QCOMPARE(out.head->status, 200);
        QCOMPARE(out.head->header("content-type"), QByteArray("application/json"));
        QCOMPARE(out.body, QByteArray("{}"));
        QVERIFY(out.complete);
        QVERIFY(p.reusable());
    }

    void decodesChunkedBodiesByteByByte()
    {
        const QByteArray wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "6\r\ndata: \r\n9\r\n{\"a\":1}\n\n\r\n0\r\n\r\n";
        HttpResponseParser p;
        QByteArray body;
        bool complete = false;
        for (char c : wire) {
            auto out = p.feed(QByteArrayView(&c, 1));
            QVERIFY(out.error.isEmpty());
            body += out.body;
            complete = complete || out.complete;
        }
        QCOMPARE(body, QByteArray("data: {\"a\":1}\n\n"));
        QVERIFY(complete);
    }

    void skipsInterimResponses()
    {
        HttpResponseParser p;
        auto out = p.feed(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(out.head);
        QCOMPARE(out.head->status, 201);
        QVERIFY(out.complete);
    }

    void readsCloseDelimitedBodiesUntilThePeerCloses()
    {
        HttpResponseParser p;
        auto out = p.feed("HTTP/1.1 200 OK\r\n\r\npartial");
        QCOMPARE(out.body, QByteArray("partial"));
        QVERIFY(!out.complete);
        QVERIFY(p.peerClosed().complete);
        QVERIFY(!p.reusable());
    }

    void reportsATruncatedBodyAsAnError()
    {
        HttpResponseParser p;
        p.feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        const auto out = p.peerClosed();
        QVERIFY(!out.complete);
        QVERIFY(out.error.contains(QLatin1String("mid-response")));
    }

    void connectionCloseMakesTheConnectionSingleUse()
    {
        HttpResponseParser p;
        QVERIFY(
            p.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").complete);
        QVERIFY(!p.reusable());
    }

    void rejectsGarbage()
    {
        HttpResponseParser p;
        QVERIFY(!p.feed("SSH-2.0-OpenSSH\r\n\r\n").error.isEmpty());
        HttpResponseParser q;
        QVERIFY(!q.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n")
                     .error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
