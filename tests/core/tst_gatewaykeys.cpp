#include "core/gateway/Authenticator.h"
#include "core/keys/GatewayKeyCodec.h"

#include <QSet>
#include <QTest>

using namespace llmux;

class TestGatewayKeys : public QObject
{
    Q_OBJECT
private:
    static InboundRequest withHeader(const QByteArray &name, const QByteArray &value)
    {
        InboundRequest r;
        r.headers.append({name, value});
        return r;
    }

private Q_SLOTS:
    void generatedKeysAreLongRandomAndPrefixed()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString key = GatewayKeyCodec::generate();
            QVERIFY(key.startsWith(QLatin1String("sk-llmux-")));
            QCOMPARE(key.size(), 9 + 43);
            seen.insert(key);
        }
        QCOMPARE(seen.size(), 200);
    }

    void storesOnlyAHashAndAShortPrefix()
    {
        const QString key = GatewayKeyCodec::generate();
        const QByteArray hash = GatewayKeyCodec::hash(key.toLatin1());
        QCOMPARE(hash.size(), 32);
        QVERIFY(!hash.contains(key.toLatin1()));
        const QString prefix = GatewayKeyCodec::displayPrefix(key);
        QVERIFY(key.startsWith(prefix.chopped(1)));
        QVERIFY(prefix.size() < 16);
    }

    void constantTimeEqualsCompares()
    {
        QVERIFY(GatewayKeyCodec::constantTimeEquals("abcd", "abcd"));
        QVERIFY(!GatewayKeyCodec::constantTimeEquals("abcd", "abce"));
        QVERIFY(!GatewayKeyCodec::constantTimeEquals("abcd", "abc"));
        QVERIFY(!GatewayKeyCodec::constantTimeEquals("xbcd", "abcd"));
    }

    void authenticatesBearerAndXApiKey()
    {
        const QString key = GatewayKeyCodec::generate();
        GatewayConfig config;
        config.keys.append(
            {7, QStringLiteral("cli"), GatewayKeyCodec::hash(key.toLatin1()), {}, false});
        config.keys.append(
            {8, QStringLiteral("other"), GatewayKeyCodec::hash("sk-llmux-other"), {}, false});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto bearer = Authenticator::authenticate(
            config, withHeader("authorization", "Bearer " + key.toLatin1()), now);
        QVERIFY(bearer.key);
        QCOMPARE(bearer.key->id, 7);
        auto xApiKey =
            Authenticator::authenticate(config, withHeader("x-api-key", key.toLatin1()), now);
        QVERIFY(xApiKey.key);
        QCOMPARE(xApiKey.key->name, QStringLiteral("cli"));
    }

    void refusesMissingWrongDisabledAndExpiredKeys()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        GatewayConfig config;
        config.keys.append(
            {1, QStringLiteral("off"), GatewayKeyCodec::hash("sk-llmux-off"), {}, true});
        config.keys.append({2, QStringLiteral("old"), GatewayKeyCodec::hash("sk-llmux-old"),
                            now.addSecs(-5), false});
        QCOMPARE(Authenticator::authenticate(config, InboundRequest(), now).error.code,
                 QByteArray("missing_api_key"));
        QCOMPARE(Authenticator::authenticate(config, withHeader("x-api-key", "sk-llmux-nope"), now)
                     .error.code,
                 QByteArray("invalid_api_key"));
        QCOMPARE(Authenticator::authenticate(config, withHeader("x-api-key", "sk-llmux-off"), now)
                     .error.code,
                 QByteArray("key_disabled"));
        QCOMPARE(Authenticator::authenticate(
                     config, withHeader("authorization", "Bearer sk-llmux-old"), now)
                     .error.code,
                 QByteArray("key_expired"));
    }
};

QTEST_GUILESS_MAIN(TestGatewayKeys)
#include "tst_gatewaykeys.moc"
