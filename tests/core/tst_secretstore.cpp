// The round trips run against the real OS keychain: tests/run.sh runs this through
// tests/support/with-keyring.sh (gnome-keyring in a private D-Bus session). What SecretStore adds
// on top of any backend (deadlines, late answers) runs against an in-memory one.
#include "core/store/SecretStore.h"
#include "tests/support/MemorySecretBackend.h"

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
    // report a failure at their deadline, once, and drop the keychain's late answer. The deadline
    // belongs to SecretStore, whatever holds the secrets: a backend that hangs on demand stands
    // in for a keychain daemon nobody unlocks.
    void asyncCallsGiveUpWhenTheKeychainDoesNotAnswer()
    {
        auto keychain = std::make_shared<MemorySecretBackend>();
        SecretStore impatient(keychain);
        QCOMPARE(impatient.asyncTimeout(), 60000);
        impatient.setAsyncTimeout(300);
        keychain->setMode(MemorySecretBackend::Mode::Hang);
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
        QCOMPARE(keychain->heldOperations(), 2);

        // Once the keychain wakes up, the write lands and goes to the late callback, not a
        // second time to the first; the read's late answer goes nowhere.
        keychain->wake();
        QVERIFY(keychain->contains(m_account));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(lateAnswers.size(), 1);
        QVERIFY(lateAnswers.first().ok());
        QCOMPARE(impatient.read(m_account).value(), QByteArray("late-secret"));
    }

    void aFailingKeychainSaysWhatFailed()
    {
        auto keychain = std::make_shared<MemorySecretBackend>();
        const SecretStore store(keychain);
        keychain->setMode(MemorySecretBackend::Mode::Fail, QStringLiteral("access was denied"));
        std::optional<Status> written;
        store.writeAsync(m_account, "sk-never-shown", this,
                         [&written](const Status &s) { written = s; });
        QTRY_VERIFY(written.has_value());
        QCOMPARE(written->error(), QStringLiteral("Cannot save the API key: access was denied."));
        const Status removed = store.remove(m_account);
        QCOMPARE(removed.error(), QStringLiteral("Cannot delete the API key: access was denied."));
    }

    void nothingIsDeliveredToAContextThatIsGone()
    {
        auto keychain = std::make_shared<MemorySecretBackend>();
        const SecretStore store(keychain);
        QVERIFY(store.write(m_account, "secret").ok());
        bool delivered = false;
        auto context = std::make_unique<QObject>();
        store.readAsync(m_account, context.get(),
                        [&delivered](const Result<QByteArray> &) { delivered = true; });
        context.reset();
        // Answers come in order: once a later read is answered, the first one was too.
        bool later = false;
        store.readAsync(m_account, this, [&later](const Result<QByteArray> &) { later = true; });
        QTRY_VERIFY(later);
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
