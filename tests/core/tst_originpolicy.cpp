// Which requests the front door accepts by Host and Origin: the rules that keep web pages on other
// sites (and DNS rebinding) away from a gateway on localhost. No sockets: requests are built here.
#include "core/http/OriginPolicy.h"
#include "tests/support/HeaderFields.h"

#include <QTest>

using namespace llmux;
using llmux::test::field;

namespace {

InboundRequest requestWith(const HeaderList &headers)
{
    InboundRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/v1/chat/completions");
    r.headers = headers;
    return r;
}

} // namespace

class TestOriginPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hosts_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("localhost") << QByteArray("localhost:5569") << true;
        QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST") << true;
        QTest::newRow("sub.localhost") << QByteArray("app.localhost:5569") << true;
        QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1:5569") << true;
        QTest::newRow("127.1.2.3") << QByteArray("127.1.2.3") << true;
        QTest::newRow("[::1]") << QByteArray("[::1]:5569") << true;
        QTest::newRow("rebinding name") << QByteArray("evil.example:5569") << false;
        QTest::newRow("localhost.evil") << QByteArray("localhost.evil.example") << false;
        QTest::newRow("LAN address") << QByteArray("192.168.1.10:5569") << false;
        QTest::newRow("missing") << QByteArray() << false;
        QTest::newRow("garbage") << QByteArray("local host") << false;
    }
    void hosts()
    {
        QFETCH(QByteArray, host);
        QFETCH(bool, allowed);
        const OriginPolicy policy;
        HeaderList headers;
        if (!host.isEmpty())
            headers.append({"host", host});
        const auto d = policy.check(requestWith(headers));
        QCOMPARE(d.allowed, allowed);
        QCOMPARE(d.reason.isEmpty(), allowed);
    }

    void aGatewayOnEveryInterfaceAcceptsAnyHost()
    {
        // Bound to 0.0.0.0 on purpose (a team's shared gateway): the LAN name is expected.
        const OriginPolicy policy(QHostAddress::Any);
        QVERIFY(policy.check(requestWith({{"host", "gateway.lan:5569"}})).allowed);
        // Foreign web pages are still refused.
        QVERIFY(!policy
                     .check(requestWith(
                         {{"host", "gateway.lan:5569"}, {"origin", "https://evil.example"}}))
                     .allowed);
    }

    void origins_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("no origin: a tool, not a browser") << QByteArray() << true;
        QTest::newRow("local page") << QByteArray("http://localhost:3000") << true;
        QTest::newRow("local page by address") << QByteArray("http://127.0.0.1:8080") << true;
        QTest::newRow("app shell") << QByteArray("app://cherry-studio") << true;
        QTest::newRow("extension") << QByteArray("chrome-extension://abcdef") << true;
        QTest::newRow("web page elsewhere") << QByteArray("https://evil.example") << false;
        QTest::newRow("sandboxed frame") << QByteArray("null") << false;
        QTest::newRow("LAN page") << QByteArray("http://192.168.1.10") << false;
    }
    void origins()
    {
        QFETCH(QByteArray, origin);
        QFETCH(bool, allowed);
        const OriginPolicy policy;
        HeaderList headers{{"host", "127.0.0.1:5569"}};
        if (!origin.isEmpty())
            headers.append({"origin", origin});
        const auto d = policy.check(requestWith(headers));
        QCOMPARE(d.allowed, allowed);
        // An allowed page gets CORS headers naming it; a tool gets none; a refusal names why.
        if (allowed && !origin.isEmpty())
            QCOMPARE(field(d.corsHeaders, "access-control-allow-origin"), origin);
        else
            QVERIFY(d.corsHeaders.isEmpty());
        if (!allowed)
            QVERIFY(d.reason.contains(QLatin1String("not allowed")));
    }

    void refusalsEchoABoundedHeader()
    {
        const OriginPolicy policy;
        const QByteArray huge = "https://" + QByteArray(100000, 'a') + ".example";
        const auto d = policy.check(requestWith({{"host", "localhost"}, {"origin", huge}}));
        QVERIFY(!d.allowed);
        QVERIFY2(d.reason.size() < 600, qPrintable(QString::number(d.reason.size())));
    }
};

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "tst_originpolicy.moc"
