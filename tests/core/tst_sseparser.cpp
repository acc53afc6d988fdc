#include "core/http/SseParser.h"

#include <QTest>

using namespace llmux;

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsEventsAndKeepsTheirRawBytes()
    {
        SseParser p;
        const QByteArray stream = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
        const auto events = p.feed(stream);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].data, QByteArray("{\"a\":1}"));
        QCOMPARE(events[0].raw, QByteArray("data: {\"a\":1}\n\n"));
        QCOMPARE(events[1].data, QByteArray("[DONE]"));
        QCOMPARE(events[0].raw + events[1].raw, stream);
    }

    void waitsForTheBlankLineAcrossReads()
    {
        SseParser p;
        const QByteArray stream = "event: message_start\r\ndata: {\"x\":\r\ndata: 2}\r\n\r\n";
        QList<SseParser::Event> all;
        for (char c : stream)
            all += p.feed(QByteArrayView(&c, 1));
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].event, QByteArray("message_start"));
        QCOMPARE(all[0].data, QByteArray("{\"x\":\n2}"));
        QCOMPARE(all[0].raw, stream);
    }

    void ignoresCommentsAndKeepsTheRemainder()
    {
        SseParser p;
        const auto events = p.feed(": keep-alive\n\ndata: partial");
        QCOMPARE(events.size(), 1);
        QVERIFY(events[0].data.isEmpty());
        QCOMPARE(p.takeRemainder(), QByteArray("data: partial"));
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
