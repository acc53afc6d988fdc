// The core's sentences (provider tests, health reasons, keychain errors) in the Chinese
// interface: produced by the real core code where a test can provoke them, then rendered by
// CoreMessages. English stays English, and text the app does not know passes through unchanged.
#include "core/config/GatewayConfig.h"
#include "core/providers/ProviderProbe.h"
#include "ui/theme/CoreMessages.h"
#include "ui/theme/Language.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace llmux;

namespace {

bool hasLatinWords(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *word : words)
        if (text.contains(QLatin1String(word)))
            return true;
    return false;
}

} // namespace

class TestCoreMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { Language::install(QStringLiteral("en")); }

    void aFailedProviderTestReadsInChinese()
    {
        quint16 closedPort = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            closedPort = closed.serverPort();
        }
        auto endpoint = std::make_shared<ProviderEndpoint>();
        endpoint->record.name = QStringLiteral("deepseek");
        endpoint->record.kind = QStringLiteral("openai");
        endpoint->baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort));
        ProviderKey key;
        key.label = QStringLiteral("main");
        key.secret = "sk-test";
        endpoint->keys = {key};
        ProviderProbe probe(endpoint);
        QSignalSpy finished(&probe, &ProviderProbe::finished);
        probe.start();
        QVERIFY(finished.wait(10000));
        const QString english = finished.first().first().value<ProbeResult>().message;
        QVERIFY2(english.startsWith(QLatin1String("Provider 'deepseek' failed the test: ")),
                 qPrintable(english));

        Language::install(QStringLiteral("zh_CN"));
        const QString chinese = CoreMessages::translate(english);
        QVERIFY2(chinese.startsWith(QStringLiteral("服务商“deepseek”测试失败：无法连接到 ")),
                 qPrintable(chinese));
        QVERIFY2(!hasLatinWords(chinese, {"Provider", "failed the test", "Cannot connect"}),
                 qPrintable(chinese));
        // A health reason joins such sentences per key.
        const QString reason =
            QStringLiteral("key 'main': ") + english + QStringLiteral("; key 'backup': ") + english;
        const QString joined = CoreMessages::translate(reason);
        QVERIFY2(joined.startsWith(QStringLiteral("密钥“main”：服务商“deepseek”测试失败")),
                 qPrintable(joined));
        QVERIFY2(joined.contains(QStringLiteral("；密钥“backup”：")), qPrintable(joined));

        Language::install(QStringLiteral("en"));
        QCOMPARE(CoreMessages::translate(english), english);
        QCOMPARE(CoreMessages::translate(reason), reason);
    }

    void keychainErrorsAreTranslatedPartByPart()
    {
        // As core/store/SecretStore.cpp words a locked keyring.
        const QString english = QStringLiteral(
            "Cannot save the API key: the OS keychain refused access (it may be locked). Unlock "
            "or start your keyring (gnome-keyring, KWallet, macOS Keychain, Windows Credential "
            "Manager), or store the key in an environment variable and add the provider with "
            "--api-key-env NAME.");
        Language::install(QStringLiteral("zh_CN"));
        const QString chinese = CoreMessages::translate(english);
        QVERIFY2(chinese.startsWith(
                     QStringLiteral("无法保存 API 密钥：系统钥匙串拒绝访问（可能已锁定）。")),
                 qPrintable(chinese));
        QVERIFY2(!hasLatinWords(chinese, {"Cannot", "keychain", "Unlock"}), qPrintable(chinese));
    }

    void unknownTextPassesThrough()
    {
        Language::install(QStringLiteral("zh_CN"));
        const QString provider = QStringLiteral("Incorrect API key provided: sk-***. See docs.");
        QCOMPARE(CoreMessages::translate(provider), provider);
        QCOMPARE(CoreMessages::translate(QString()), QString());
    }
};

QTEST_MAIN(TestCoreMessages)
#include "tst_coremessages.moc"
