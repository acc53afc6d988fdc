// Secrets LLMux sends upstream are blotted out of whatever comes back, wherever it goes next.
#include "core/common/SecretMask.h"

#include <QTest>

using namespace llmux;

class TestSecretMask : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void echoedSecretsAreMasked()
    {
        SecretMask mask;
        mask.add("sk-live-0123456789abcdef");
        mask.add("proxy/pass+word");
        const QByteArray body = "{\"error\":{\"message\":\"Incorrect API key provided: "
                                "sk-live-0123456789abcdef. Proxy said proxy\\/pass+word and "
                                "proxy/pass+word\"}}";
        const QByteArray masked = mask.apply(body);
        QVERIFY(!masked.contains("sk-live-0123456789abcdef"));
        QVERIFY(!masked.contains("pass+word"));
        QCOMPARE(masked.count(SecretMask::kReplacement), 3);
        QVERIFY(masked.startsWith("{\"error\":{\"message\":\"Incorrect API key provided: ["));
        const QString text = QStringLiteral("Provider 'x' failed: sk-live-0123456789abcdef ✓");
        QCOMPARE(mask.apply(text), QStringLiteral("Provider 'x' failed: %1 ✓")
                                       .arg(QLatin1String(SecretMask::kReplacement)));
    }

    // A successful answer is masked only for secrets that cannot be ordinary words of it.
    void answersAreMaskedOnlyForLongSecrets()
    {
        SecretMask mask;
        mask.add("changeme");
        mask.add("sk-live-0123456789abcdef");
        const QByteArray answer =
            "Set the password to changeme; the key was sk-live-0123456789abcdef";
        const QByteArray masked = mask.applyToContent(answer);
        QVERIFY(masked.contains("changeme"));
        QVERIFY(!masked.contains("sk-live-0123456789abcdef"));
        QVERIFY(!mask.apply(answer).contains("changeme")); // errors and logs: every secret
    }

    void shortAndEmptySecretsAreLeftAlone()
    {
        SecretMask mask;
        mask.add("");
        mask.add("abc");
        QVERIFY(mask.isEmpty());
        QCOMPARE(mask.apply(QByteArray("abc abc")), QByteArray("abc abc"));
        const QString unchanged = QStringLiteral("nothing to hide");
        QCOMPARE(mask.apply(unchanged), unchanged);
    }
};

QTEST_GUILESS_MAIN(TestSecretMask)
#include "tst_secretmask.moc"
