#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class QObject;

namespace llmux {

// What holds the secrets behind a SecretStore: it starts one operation and answers it, however
// late. KeychainBackend is the OS keychain; tests use an in-memory backend that can fail, hang
// or answer late (tests/support/MemorySecretBackend).
class SecretBackend
{
public:
    enum class Operation { Read, Write, Remove };
    // The answer of one operation: the secret for a read, empty for a write or a removal
    // (removing an entry that is not there succeeds), or the failure, worded for the user.
    using Answer = Result<QByteArray>;

    virtual ~SecretBackend() = default;
    // Starts one operation on the calling thread; `done` runs there once, when the backend
    // answers, however late (or never, if it never answers).
    virtual void start(Operation operation, const QString &account, const QByteArray &secret,
                       std::function<void(const Answer &)> done) const = 0;

    // What each operation is called in messages ("save the API key").
    static QString describe(Operation operation);
};

// The OS keychain (Secret Service, Keychain, Credential Manager) through QtKeychain, under a
// service name ("LLMux"). It never falls back to plaintext storage.
class KeychainBackend final : public SecretBackend
{
public:
    explicit KeychainBackend(QString service);
    void start(Operation operation, const QString &account, const QByteArray &secret,
               std::function<void(const Answer &)> done) const override;

private:
    QString m_service;
};

// Provider API keys, proxy passwords and the Playground's gateway key, in the OS keychain by
// default. Never in plaintext on disk, never in an error message; when the keychain is unusable
// it says why and what to do instead. A small value: copies share the backend (as every program
// shares the one keychain) and each has its own deadline for asynchronous calls.
class SecretStore
{
public:
    // The OS keychain under that service name.
    explicit SecretStore(QString service = QStringLiteral("LLMux"));
    explicit SecretStore(std::shared_ptr<const SecretBackend> backend);

    // How long the async calls wait for the keychain (60 s by default, time enough to answer an
    // unlock prompt) before they report that it did not answer; a later answer is dropped.
    void setAsyncTimeout(int ms);
    int asyncTimeout() const { return m_asyncTimeoutMs; }

    using ReadCallback = std::function<void(const Result<QByteArray> &)>;
    // Runs the callback once on the context object's thread: when the keychain answers, or with a
    // failure when it has not answered within asyncTimeout(). Never runs once context is gone.
    void readAsync(const QString &account, QObject *context, ReadCallback callback) const;
    using StatusCallback = std::function<void(const Status &)>;
    // Like write() and remove(), without blocking: for the GUI thread. A write that timed out may
    // still land; late, if given, then gets its answer (whether or not context is alive: capture
    // nothing that may be gone), e.g. to delete a secret the caller gave up on.
    void writeAsync(const QString &account, const QByteArray &secret, QObject *context,
                    StatusCallback callback, StatusCallback late = {}) const;
    void removeAsync(const QString &account, QObject *context, StatusCallback callback) const;

    // Blocking variants for the command line; they run a local event loop, for at most 15 s.
    Result<QByteArray> read(const QString &account) const;
    Status write(const QString &account, const QByteArray &secret) const;
    Status remove(const QString &account) const;

    // Writes and deletes a scratch entry. A locked keyring reads as "entry not found", so only a
    // write tells whether the keychain can really be used.
    Status probe() const;

    static QString providerAccount(const QString &instanceId, qint64 providerId);
    // An extra key of a provider's key pool.
    static QString providerKeyAccount(const QString &instanceId, qint64 providerId, qint64 keyId);
    // The password of one of a provider's proxies ("host:port").
    static QString providerProxyAccount(const QString &instanceId, qint64 providerId,
                                        const QString &proxy);
    // The gateway key the desktop Playground chats with (its plaintext; the database has the hash).
    static QString playgroundKeyAccount(const QString &instanceId);
    // An alert channel's address and secrets (AlertChannelSecrets).
    static QString alertChannelAccount(const QString &instanceId, qint64 channelId);

private:
    using Operation = SecretBackend::Operation;
    using Answer = SecretBackend::Answer;
    void startWithDeadline(Operation operation, const QString &account, const QByteArray &secret,
                           QObject *context, std::function<void(const Answer &)> callback,
                           std::function<void(const Answer &)> late) const;
    Answer runBlocking(Operation operation, const QString &account, const QByteArray &secret) const;

    std::shared_ptr<const SecretBackend> m_backend;
    int m_asyncTimeoutMs = 60000;
};

} // namespace llmux
