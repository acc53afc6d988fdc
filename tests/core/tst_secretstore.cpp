// Runs against the real OS keychain: under CI through ../shared/ci/with-keyring (gnome-keyring in a
// private D-Bus session).
#include "store/SecretStore.h"

#include <QTest>
#include <QUuid>

using namespace llmux;

class TestSecretStore : public QObject
{
    Q_OBJECT
private:
    SecretStore m_store{QStringLiteral("LLMux-tests")};
    QString m_account =
        QStringLiteral("test/%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));

private Q_SLOTS:
    void initTestCase()
    {
        const Status probe = m_store.probe();
        QVERIFY2(probe.ok(), qPrintable(QStringLiteral("The keychain must be usable for this test "
                                                       "(run it under with-keyring): ") +
                                        probe.error()));
    }

    void writesReadsAndDeletesASecret()
    {
        const QByteArray secret = "sk-test-" + QUuid::createUuid().toByteArray();
        QVERIFY(m_store.write(m_account, secret).ok());
        const auto read = m_store.read(m_account);
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read.value(), secret);
        QVERIFY(m_store.remove(m_account).ok());
        const auto gone = m_store.read(m_account);
        QVERIFY(!gone.ok());
        QVERIFY(gone.error().contains(QLatin1String("--api-key-env")));
        QVERIFY(!gone.error().contains(QString::fromLatin1(secret)));
    }

    void asyncReadDeliversOnTheContextThread()
    {
        QVERIFY(m_store.write(m_account, "async-secret").ok());
        std::optional<Result<QByteArray>> got;
        m_store.readAsync(m_account, this, [&](const Result<QByteArray> &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15000);
        QVERIFY(got->ok());
        QCOMPARE(got->value(), QByteArray("async-secret"));
        QVERIFY(m_store.remove(m_account).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
