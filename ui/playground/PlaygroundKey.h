#pragma once

#include "core/store/SecretStore.h"

#include <QObject>
#include <QTimer>

namespace llmux {

class Database;
class Gateway;

// The gateway key the Playground chats with. Created on first use (named "Playground"), its
// plaintext kept in the OS keychain so later sessions reuse it; without a keychain a key lasts one
// session (and the previous one is revoked). Waits until the running gateway has loaded the key
// before handing it out. Never writes the plaintext anywhere but the keychain.
class PlaygroundKey : public QObject
{
    Q_OBJECT
public:
    PlaygroundKey(Gateway *gateway, const Database &db, const SecretStore &secrets,
                  QObject *parent = nullptr);

    static QString keyName();

    // Asks for the key; ready() or failed() follows (possibly before this returns).
    void request();
    bool isPending() const { return m_pending; }
    // True when the keychain could not keep the key, so the next session makes a new one.
    bool isSessionOnly() const { return m_sessionOnly; }

Q_SIGNALS:
    void ready(const QString &key);
    void failed(const QString &message);

private:
    enum class Check { Usable, Disabled, Unknown, Error };
    Check check(const QString &key, QString *error) const;
    void useOrCreate(const QString &key);
    void create();
    void waitUntilServed(const QString &key);
    void finish(const QString &key, const QString &error);

    Gateway *m_gateway;
    const Database &m_db;
    SecretStore m_secrets;
    QString m_key;
    QString m_waitingKey;
    QTimer m_waitLimit;
    bool m_pending = false;
    bool m_keychainAsked = false;
    bool m_sessionOnly = false;
};

} // namespace llmux
