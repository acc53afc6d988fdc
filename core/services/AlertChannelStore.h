#pragma once

#include "core/common/Result.h"
#include "core/domain/Alert.h"

#include <functional>

class QObject;

namespace llmux {

class Database;
class SecretStore;

// Adds and removes alert channels with their secrets: the row in the database, the address and
// secrets in the keychain, never one without the other. Blocking (the command line; the desktop
// app uses the asynchronous variants).
class AlertChannelStore
{
public:
    AlertChannelStore(const Database &db, const SecretStore &secrets)
        : m_db(db)
        , m_secrets(secrets)
    {}

    // Checks the channel and its secrets, then saves both; returns the new id.
    Result<qint64> add(AlertChannel channel, const AlertChannelSecrets &secrets);
    Status remove(const AlertChannel &channel);
    // The same without blocking, for the GUI thread: done runs on context's thread once the
    // keychain has answered.
    void addAsync(AlertChannel channel, const AlertChannelSecrets &secrets, QObject *context,
                  const std::function<void(const Result<qint64> &)> &done);
    void removeAsync(const AlertChannel &channel, QObject *context,
                     const std::function<void(const Status &)> &done);

    // What is wrong with a channel before it is saved, or empty.
    static QString problemWith(const AlertChannel &channel, const AlertChannelSecrets &secrets);

private:
    const Database &m_db;
    const SecretStore &m_secrets;
};

} // namespace llmux
