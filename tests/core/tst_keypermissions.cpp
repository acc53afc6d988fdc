// What a gateway key may use: model names and patterns, endpoints and scopes, and the checks
// that keep unknown endpoints and malformed patterns out of the database.
#include "core/domain/KeyPermissions.h"

#include <QTest>

using namespace llmux;

class TestKeyPermissions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelsByNameAndPattern()
    {
        const KeyPermissions p({QStringLiteral("deepseek-*"), QStringLiteral("qwen-max")}, {},
                               KeyPermissions::Scope::Inference);
        QVERIFY(p.restrictsAnything());
        QVERIFY(p.allowsModel(QStringLiteral("deepseek-chat")));
        QVERIFY(p.allowsModel(QStringLiteral("DeepSeek-Reasoner"))); // case-insensitive
        QVERIFY(p.allowsModel(QStringLiteral("qwen-max")));
        QVERIFY(!p.allowsModel(QStringLiteral("qwen-max-latest"))); // exact names stay exact
        QVERIFY(!p.allowsModel(QStringLiteral("gpt-4o")));
        QVERIFY(!p.allowsModel(QString(300, QLatin1Char('d'))));
        QCOMPARE(p.modelRefusal(QStringLiteral("gpt-4o")),
                 QStringLiteral("it may use only the models deepseek-*, qwen-max"));
        QVERIFY(p.modelRefusal(QStringLiteral("deepseek-chat")).isEmpty());
        QVERIFY(!KeyPermissions().restrictsAnything());
        QVERIFY(KeyPermissions().allowsModel(QStringLiteral("anything")));
    }

    void endpointsAndScopes()
    {
        const KeyPermissions chatOnly({}, {QStringLiteral("chat")},
                                      KeyPermissions::Scope::Inference);
        QVERIFY(chatOnly.endpointRefusal(QStringLiteral("chat")).isEmpty());
        QCOMPARE(chatOnly.endpointRefusal(QStringLiteral("messages")),
                 QStringLiteral("it may use only the endpoints chat"));
        const KeyPermissions reader({}, {}, KeyPermissions::Scope::Read);
        QVERIFY(reader.endpointRefusal(QStringLiteral("models")).isEmpty());
        QVERIFY(reader.endpointRefusal(QStringLiteral("usage")).isEmpty());
        QVERIFY(reader.endpointRefusal(QStringLiteral("chat")).contains(QStringLiteral("read")));
        const KeyPermissions admin({}, {}, KeyPermissions::Scope::Admin);
        QVERIFY(admin.endpointRefusal(QStringLiteral("chat")).isEmpty());
        QCOMPARE(KeyPermissions::scopeFromName(QStringLiteral(" Admin ")),
                 KeyPermissions::Scope::Admin);
        QVERIFY(!KeyPermissions::scopeFromName(QStringLiteral("root")));
        QCOMPARE(KeyPermissions::scopeName(KeyPermissions::Scope::Read), QStringLiteral("read"));
    }

    void problemsAreNamed()
    {
        QVERIFY(KeyPermissions::problemWith({QStringLiteral("gpt-*")}, {QStringLiteral("chat")})
                    .isEmpty());
        QVERIFY(KeyPermissions::problemWith({QStringLiteral("a b")}, {})
                    .contains(QStringLiteral("no spaces")));
        QVERIFY(KeyPermissions::problemWith({QStringLiteral("a,b")}, {})
                    .contains(QStringLiteral("commas")));
        QVERIFY(KeyPermissions::problemWith({QString()}, {}).contains(QStringLiteral("1 to")));
        QVERIFY(KeyPermissions::problemWith({}, {QStringLiteral("chats")})
                    .contains(QStringLiteral("'chats' is not an endpoint")));
    }
};

QTEST_GUILESS_MAIN(TestKeyPermissions)
#include "tst_keypermissions.moc"
