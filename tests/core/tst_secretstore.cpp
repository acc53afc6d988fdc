// Runs against the real OS keychain: tests/run.sh runs it through tests/support/with-keyring.sh
// (gnome-keyring in a private D-Bus session).
#include "core/store/SecretStore.h"
#include "tests/support/KeyringPause.h"

#include <QTest>
#include <QUuid>

using namespace llmux;
using namespace llmux::test;

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
                                                       "(tests/run.sh provides one): ") +
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

    // An unlock prompt nobody answers must not leave the caller waiting forever: the async calls
    // report a failure at their deadline, once, and drop the keychain's late answer.
    void asyncCallsGiveUpWhenTheKeychainDoesNotAnswer()
    {
        SecretStore impatient = m_store;
        QCOMPARE(impatient.asyncTimeout(), 60000);
        impatient.setAsyncTimeout(300);
        KeyringPause pause;
        if (!pause.paused())
            QSKIP(
                "Pauses only the private keyring of tests/support/with-keyring.sh (tests/run.sh).");
        QList<Status> answers;
        QList<Status> lateAnswers;
        impatient.writeAsync(
            m_account, "late-secret", this, [&answers](const Status &s) { answers << s; },
            [&lateAnswers](const Status &s) { lateAnswers << s; });
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 1, 10000);
        QVERIFY(!answers.first().ok());
        QVERIFY2(answers.first().error().contains(
                     QLatin1String("the OS keychain did not answer within 1 s")),
                 qPrintable(answers.first().error()));
        QVERIFY(answers.first().error().contains(QLatin1String("try again")));

        std::optional<Result<QByteArray>> read;
        impatient.readAsync(m_account, this, [&read](const Result<QByteArray> &r) { read = r; });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
        QVERIFY(!read->ok());
        QVERIFY(read->error().contains(QLatin1String("did not answer")));

        // Once the keychain wakes up, the write lands (its answer is processed by the blocking
        // read's event loop) and goes to the late callback, not a second time to the first.
        pause.resume();
        const auto landed = m_store.read(m_account);
        QVERIFY2(landed.ok(), qPrintable(landed.error()));
        QCOMPARE(landed.value(), QByteArray("late-secret"));
        QVERIFY(m_store.remove(m_account).ok());
        QCOMPARE(answers.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(lateAnswers.size(), 1, 10000);
        QVERIFY(lateAnswers.first().ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
