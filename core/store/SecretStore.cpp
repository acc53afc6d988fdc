#include "core/store/SecretStore.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>
#include <optional>

namespace llmux {
namespace {

constexpr int kBlockingTimeoutMs = 15000;

const QString kWayOut = QStringLiteral(
    "Unlock or start your keyring (gnome-keyring, KWallet, macOS Keychain, Windows Credential "
    "Manager), or store the key in an environment variable and add the provider with "
    "--api-key-env NAME.");

QString describeFailure(QKeychain::Error error, const QString &detail, const QString &operation)
{
    QString cause;
    switch (error) {
    case QKeychain::NoBackendAvailable:
        cause = QStringLiteral("no OS keychain is available on this machine");
        break;
    case QKeychain::AccessDeniedByUser:
        cause = QStringLiteral("access to the OS keychain was denied");
        break;
    case QKeychain::AccessDenied:
        cause = QStringLiteral("the OS keychain refused access (it may be locked)");
        break;
    case QKeychain::EntryNotFound:
        cause = QStringLiteral("the OS keychain has no such entry (or is locked)");
        break;
    case QKeychain::CouldNotDeleteEntry:
        cause = QStringLiteral("the OS keychain could not delete the entry");
        break;
    default:
        cause = QStringLiteral("the OS keychain reported an error");
        break;
    }
    QString message = QStringLiteral("Cannot %1: %2").arg(operation, cause);
    if (!detail.isEmpty())
        message += QStringLiteral(" (%1)").arg(detail);
    return message + QStringLiteral(". ") + kWayOut;
}

const QString kTimeoutMessage =
    QStringLiteral("Cannot reach the OS keychain: it did not answer within 15 seconds. ") + kWayOut;

Status statusOf(const Result<QByteArray> &answer)
{
    return answer ? Status::success() : Status::failure(answer.error());
}

} // namespace

QString SecretStore::alertChannelAccount(const QString &instanceId, qint64 channelId)
{
    return QStringLiteral("%1/alert-channel/%2").arg(instanceId).arg(channelId);
}

QString SecretStore::providerAccount(const QString &instanceId, qint64 providerId)
{
    return QStringLiteral("%1/provider/%2").arg(instanceId).arg(providerId);
}

QString SecretStore::providerKeyAccount(const QString &instanceId, qint64 providerId, qint64 keyId)
{
    return QStringLiteral("%1/provider/%2/key/%3").arg(instanceId).arg(providerId).arg(keyId);
}

QString SecretStore::providerProxyAccount(const QString &instanceId, qint64 providerId,
                                          const QString &proxy)
{
    return QStringLiteral("%1/provider/%2/proxy/%3").arg(instanceId).arg(providerId).arg(proxy);
}

QString SecretStore::playgroundKeyAccount(const QString &instanceId)
{
    return QStringLiteral("%1/playground-key").arg(instanceId);
}

SecretStore::SecretStore(QString service)
    : SecretStore(std::make_shared<KeychainBackend>(std::move(service)))
{}

SecretStore::SecretStore(std::shared_ptr<const SecretBackend> backend)
    : m_backend(std::move(backend))
{}

void SecretStore::setAsyncTimeout(int ms)
{
    m_asyncTimeoutMs = ms;
}

QString SecretBackend::describe(Operation operation)
{
    switch (operation) {
    case Operation::Read:
        return QStringLiteral("read the provider's API key");
    case Operation::Write:
        return QStringLiteral("save the API key");
    case Operation::Remove:
        return QStringLiteral("delete the API key");
    }
    return QString();
}

// Delivers the store's answer, or a failure once the deadline passes, whichever comes first; the
// other is dropped. An answer after the deadline goes only to late, if given. Nothing but late
// runs once the context is gone.
void SecretStore::startWithDeadline(Operation operation, const QString &account,
                                    const QByteArray &secret, QObject *context,
                                    std::function<void(const Answer &)> callback,
                                    std::function<void(const Answer &)> late) const
{
    struct Race
    {
        bool delivered = false;
        bool timedOut = false;
    };
    auto race = std::make_shared<Race>();
    QPointer<QObject> receiver(context);
    const int timeoutMs = m_asyncTimeoutMs;
    QTimer::singleShot(timeoutMs, context, [callback, race, timeoutMs, operation] {
        if (race->delivered)
            return;
        race->delivered = true;
        race->timedOut = true;
        callback(Answer::failure(
            QStringLiteral("Cannot %1: the OS keychain did not answer within %2 s. Unlock it "
                           "(answer its password prompt if one is open) and try again.")
                .arg(SecretBackend::describe(operation))
                .arg(qMax(1, (timeoutMs + 999) / 1000))));
    });
    m_backend->start(operation, account, secret,
                     [receiver, race, callback = std::move(callback),
                      late = std::move(late)](const Answer &answer) {
                         if (race->timedOut) {
                             if (late)
                                 late(answer);
                             return;
                         }
                         if (race->delivered || !receiver)
                             return;
                         race->delivered = true;
                         callback(answer);
                     });
}

void SecretStore::readAsync(const QString &account, QObject *context, ReadCallback callback) const
{
    startWithDeadline(Operation::Read, account, {}, context, std::move(callback), {});
}

void SecretStore::writeAsync(const QString &account, const QByteArray &secret, QObject *context,
                             StatusCallback callback, StatusCallback late) const
{
    std::function<void(const Answer &)> lateAnswer;
    if (late)
        lateAnswer = [late = std::move(late)](const Answer &a) { late(statusOf(a)); };
    startWithDeadline(
        Operation::Write, account, secret, context,
        [callback = std::move(callback)](const Answer &a) { callback(statusOf(a)); },
        std::move(lateAnswer));
}

void SecretStore::removeAsync(const QString &account, QObject *context,
                              StatusCallback callback) const
{
    startWithDeadline(Operation::Remove, account, {}, context,
                      [callback = std::move(callback)](const Answer &a) { callback(statusOf(a)); },
                      {});
}

// Waits with a local event loop and a time limit, since a keychain daemon that never answers must
// not hang the command line.
SecretStore::Answer SecretStore::runBlocking(Operation operation, const QString &account,
                                             const QByteArray &secret) const
{
    QEventLoop loop;
    auto answer = std::make_shared<std::optional<Answer>>();
    m_backend->start(operation, account, secret,
                     [answer, loop = QPointer<QEventLoop>(&loop)](const Answer &a) {
                         *answer = a;
                         if (loop)
                             loop->quit();
                     });
    if (!answer->has_value()) {
        QTimer::singleShot(kBlockingTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return answer->has_value() ? **answer : Answer::failure(kTimeoutMessage);
}

Result<QByteArray> SecretStore::read(const QString &account) const
{
    return runBlocking(Operation::Read, account, {});
}

Status SecretStore::write(const QString &account, const QByteArray &secret) const
{
    return statusOf(runBlocking(Operation::Write, account, secret));
}

Status SecretStore::remove(const QString &account) const
{
    return statusOf(runBlocking(Operation::Remove, account, {}));
}

Status SecretStore::probe() const
{
    const QString account = QStringLiteral("probe");
    if (Status written = write(account, QByteArrayLiteral("probe")); !written)
        return written;
    return remove(account);
}

KeychainBackend::KeychainBackend(QString service)
    : m_service(std::move(service))
{}

void KeychainBackend::start(Operation operation, const QString &account, const QByteArray &secret,
                            std::function<void(const Answer &)> done) const
{
    QKeychain::Job *job = nullptr;
    switch (operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setBinaryData(secret);
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setAutoDelete(true);
    job->setKey(account);
    // The job is the receiver: the answer comes however late, and the job deletes itself after.
    QObject::connect(job, &QKeychain::Job::finished, job, [job, operation, done = std::move(done)] {
        const QKeychain::Error error = job->error();
        if (error == QKeychain::NoError)
            done(operation == Operation::Read
                     ? Answer(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData())
                     : Answer(QByteArray()));
        else if (operation == Operation::Remove && error == QKeychain::EntryNotFound)
            done(Answer(QByteArray()));
        else
            done(Answer::failure(describeFailure(error, job->errorString(), describe(operation))));
    });
    job->start();
}

} // namespace llmux
