// Reading the proxy setting of a provider, and NO_PROXY-style exemptions.
#include "core/net/ProxySettings.h"

#include <QTest>

using namespace llmux;

class TestProxySettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void directAndSystem()
    {
        for (const char *text : {"", "  ", "none", "DIRECT"})
            QCOMPARE(int(ProxySettings::parse(QLatin1String(text)).mode),
                     int(ProxySpec::Mode::Direct));
        QCOMPARE(int(ProxySettings::parse(QStringLiteral("System")).mode),
                 int(ProxySpec::Mode::System));
        QCOMPARE(ProxySettings::format(ProxySettings::parse(QStringLiteral("system"))),
                 QStringLiteral("system"));
    }

    void urlsKeepTheirOrderAndLoseTheirPasswords()
    {
        const ProxySpec spec = ProxySettings::parse(
            QStringLiteral("http://alice:s3cret@proxy.example:3128, socks5h://10.0.0.2 "
                           "SOCKS5://[::1]:9050"));
        QVERIFY2(spec.error.isEmpty(), qPrintable(spec.error));
        QCOMPARE(spec.urls.size(), 3);
        QCOMPARE(ProxySettings::format(spec),
                 QStringLiteral("http://alice@proxy.example:3128 socks5://10.0.0.2:1080 "
                                "socks5://[::1]:9050"));
        QVERIFY(!ProxySettings::format(spec).contains(QLatin1String("s3cret")));
        const auto passwords = ProxySettings::passwords(
            QStringLiteral("http://alice:s3cret@proxy.example:3128 socks5://10.0.0.2"));
        QCOMPARE(passwords.size(), 1);
        QCOMPARE(passwords.first().first, QStringLiteral("proxy.example:3128"));
        QCOMPARE(passwords.first().second, QStringLiteral("s3cret"));

        const QNetworkProxy proxy = ProxySettings::toProxy(spec.urls.first(), QStringLiteral("pw"));
        QCOMPARE(proxy.type(), QNetworkProxy::HttpProxy);
        QCOMPARE(proxy.hostName(), QStringLiteral("proxy.example"));
        QCOMPARE(proxy.port(), quint16(3128));
        QCOMPARE(proxy.user(), QStringLiteral("alice"));
        QCOMPARE(proxy.password(), QStringLiteral("pw"));
        QCOMPARE(ProxySettings::toProxy(spec.urls.at(1), {}).type(), QNetworkProxy::Socks5Proxy);
    }

    void badSettingsAreExplained_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("https proxy") << QStringLiteral("https://p:443") << QStringLiteral("TLS");
        QTest::newRow("unknown scheme") << QStringLiteral("ftp://p:21") << QStringLiteral("ftp");
        QTest::newRow("no host") << QStringLiteral("proxy:8080") << QStringLiteral("http://host");
    }
    void badSettingsAreExplained()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        const ProxySpec spec = ProxySettings::parse(text);
        QVERIFY2(spec.error.contains(says), qPrintable(spec.error));
    }

    void noProxyRules_data()
    {
        QTest::addColumn<QString>("rules");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("bypass");
        QTest::newRow("empty") << QString() << QStringLiteral("api.openai.com") << false;
        QTest::newRow("star") << QStringLiteral("*") << QStringLiteral("api.openai.com") << true;
        QTest::newRow("domain covers subdomains")
            << QStringLiteral("openai.com") << QStringLiteral("api.openai.com") << true;
        QTest::newRow("domain covers itself")
            << QStringLiteral("openai.com") << QStringLiteral("OpenAI.com") << true;
        QTest::newRow("not a suffix of a longer name")
            << QStringLiteral("openai.com") << QStringLiteral("notopenai.com") << false;
        QTest::newRow("leading dot: subdomains only")
            << QStringLiteral(".internal") << QStringLiteral("internal") << false;
        QTest::newRow("leading dot matches")
            << QStringLiteral("localhost, .internal") << QStringLiteral("llm.internal") << true;
        QTest::newRow("port ignored")
            << QStringLiteral("localhost:11434") << QStringLiteral("localhost") << true;
        QTest::newRow("cidr") << QStringLiteral("10.0.0.0/8") << QStringLiteral("10.2.3.4") << true;
        QTest::newRow("cidr miss")
            << QStringLiteral("10.0.0.0/8") << QStringLiteral("11.0.0.1") << false;
        QTest::newRow("ip") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
    }
    void noProxyRules()
    {
        QFETCH(QString, rules);
        QFETCH(QString, host);
        QFETCH(bool, bypass);
        QCOMPARE(ProxySettings::bypasses(rules, host), bypass);
    }
};

QTEST_GUILESS_MAIN(TestProxySettings)
#include "tst_proxysettings.moc"
