#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace llmux {

// Provider API keys in the OS keychain (Secret Service, Keychain, Credential Manager) through
// QtKeychain. It never falls back to plaintext storage and never puts a secret in an error
// message; when the keychain is unusable it says why and what to do instead.
class SecretStore
{
public:
    explicit SecretStore(QString service = QStringLiteral("LLMux"));

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

    // Blocking variants for the command line; they run a local event loop.
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

private:
    QString m_service;
    int m_asyncTimeoutMs = 60000;
};

} // namespace llmux
