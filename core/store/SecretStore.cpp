#include "core/store/SecretStore.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace llmux {
namespace {

constexpr int kKeychainTimeoutMs = 15000;

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

// Starts a job and waits for it with a local event loop and a time limit, since a keychain
// daemon that never answers must not hang the command line.
bool runAndWait(QKeychain::Job *job)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!finished)
        loop.exec();
    return finished;
}

const QString kTimeoutMessage =
    QStringLiteral("Cannot reach the OS keychain: it did not answer within 15 seconds. ") + kWayOut;

} // namespace

SecretStore::SecretStore(QString service)
    : m_service(std::move(service))
{}

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

void SecretStore::setAsyncTimeout(int ms)
{
    m_asyncTimeoutMs = ms;
}

namespace {

// Delivers a job's answer, or a failure once the deadline passes, whichever comes first; the other
// is dropped. A job that answers late still deletes itself (auto-delete), and its answer goes only
// to late, if given. Nothing but late runs once the context is gone.
template <typename Answer>
void deliverWithDeadline(QKeychain::Job *job, QObject *context, int timeoutMs,
                         const QString &operation, std::function<void(const Answer &)> callback,
                         std::function<Answer(QKeychain::Job *)> answer,
                         std::function<void(const Answer &)> late = {})
{
    auto delivered = std::make_shared<bool>(false);
    auto timedOut = std::make_shared<bool>(false);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, callback, answer, delivered] {
        if (*delivered)
            return;
        *delivered = true;
        callback(answer(job));
    });
    if (late) {
        // The job is the receiver: this runs even when context is gone.
        QObject::connect(job, &QKeychain::Job::finished, job, [job, late, answer, timedOut] {
            if (*timedOut)
                late(answer(job));
        });
    }
    QTimer::singleShot(timeoutMs, context, [callback, delivered, timedOut, timeoutMs, operation] {
        if (*delivered)
            return;
        *delivered = true;
        *timedOut = true;
        callback(Answer::failure(
            QStringLiteral("Cannot %1: the OS keychain did not answer within %2 s. Unlock it "
                           "(answer its password prompt if one is open) and try again.")
                .arg(operation)
                .arg(qMax(1, (timeoutMs + 999) / 1000))));
    });
    job->start();
}

} // namespace

void SecretStore::readAsync(const QString &account, QObject *context, ReadCallback callback) const
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(account);
    const QString operation = QStringLiteral("read the provider's API key");
    deliverWithDeadline<Result<QByteArray>>(
        job, context, m_asyncTimeoutMs, operation, std::move(callback),
        [operation](QKeychain::Job *j) -> Result<QByteArray> {
            if (j->error() == QKeychain::NoError)
                return static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData();
            return Result<QByteArray>::failure(
                describeFailure(j->error(), j->errorString(), operation));
        });
}

void SecretStore::writeAsync(const QString &account, const QByteArray &secret, QObject *context,
                             StatusCallback callback, StatusCallback late) const
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(account);
    job->setBinaryData(secret);
    const QString operation = QStringLiteral("save the API key");
    deliverWithDeadline<Status>(
        job, context, m_asyncTimeoutMs, operation, std::move(callback),
        [operation](QKeychain::Job *j) {
            if (j->error() == QKeychain::NoError)
                return Status::success();
            return Status::failure(describeFailure(j->error(), j->errorString(), operation));
        },
        std::move(late));
}

void SecretStore::removeAsync(const QString &account, QObject *context,
                              StatusCallback callback) const
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(account);
    const QString operation = QStringLiteral("delete the API key");
    deliverWithDeadline<Status>(
        job, context, m_asyncTimeoutMs, operation, std::move(callback),
        [operation](QKeychain::Job *j) {
            if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound)
                return Status::success();
            return Status::failure(describeFailure(j->error(), j->errorString(), operation));
        });
}

Result<QByteArray> SecretStore::read(const QString &account) const
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setKey(account);
    if (!runAndWait(&job))
        return Result<QByteArray>::failure(kTimeoutMessage);
    if (job.error() != QKeychain::NoError)
        return Result<QByteArray>::failure(describeFailure(
            job.error(), job.errorString(), QStringLiteral("read the provider's API key")));
    return job.binaryData();
}

Status SecretStore::write(const QString &account, const QByteArray &secret) const
{
    QKeychain::WritePasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setKey(account);
    job.setBinaryData(secret);
    if (!runAndWait(&job))
        return Status::failure(kTimeoutMessage);
    if (job.error() != QKeychain::NoError)
        return Status::failure(
            describeFailure(job.error(), job.errorString(), QStringLiteral("save the API key")));
    return Status::success();
}

Status SecretStore::remove(const QString &account) const
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setKey(account);
    if (!runAndWait(&job))
        return Status::failure(kTimeoutMessage);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return Status::failure(
            describeFailure(job.error(), job.errorString(), QStringLiteral("delete the API key")));
    return Status::success();
}

Status SecretStore::probe() const
{
    const QString account = QStringLiteral("probe");
    if (Status written = write(account, QByteArrayLiteral("probe")); !written)
        return written;
    return remove(account);
}

} // namespace llmux
