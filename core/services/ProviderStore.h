#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"
#include "core/store/SecretStore.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QObject;

namespace llmux {

class Database;

// A provider as an editor fills it in: the row, and the secrets and extra rows that go with it.
struct ProviderDraft
{
    ProviderRecord record; // id 0: a new provider
    // A key typed for the provider, stored in the keychain; empty keeps the stored one (or none).
    QByteArray apiKey;
    // Proxies as typed (see ProxySettings): passwords written into the URLs go to the keychain.
    QString proxyText;
    struct NewKey
    {
        QString label; // empty: "key N"
        QByteArray secret;
    };
    QList<NewKey> addedKeys;
    QList<qint64> removedKeyIds;
    // The provider's model ids to publish as models (named as the id, or provider/id if taken).
    QStringList models;
};

// What a save did besides the row: the models it published, and what it could not do.
struct ProviderSaveOutcome
{
    qint64 providerId = 0;
    QStringList addedModels; // public names
    QStringList warnings;    // partial failures after the provider itself was saved
};

// Saves and removes providers together with their secrets in the OS keychain, in an order a
// running gateway can follow (a row never claims a key the keychain does not hold yet). Shared by
// the command line and the desktop app; never blocks on the keychain.
class ProviderStore
{
public:
    ProviderStore(const Database &db, SecretStore secrets);

    // An http(s) URL without a trailing slash, or why the text is not one.
    static Result<QString> normalizeBaseUrl(const QString &text);
    // Name, kind and base URL of a draft, and whether another provider has its name already.
    Status validate(const ProviderRecord &record) const;
    // Whether a provider may be called this: letters, digits, '-', '_' and '.'.
    static Status checkName(const QString &name);
    static constexpr int kMaxNameLength = 64;

    using SaveCallback = std::function<void(const Result<ProviderSaveOutcome> &)>;
    using DoneCallback = std::function<void(const Status &)>;
    // Adds (record.id 0) or updates a provider; call it on context's thread, where the callback
    // runs. The provider's own key is stored first: if the keychain refuses it (or does not answer
    // within SecretStore::asyncTimeout()), nothing else changes and a new provider is not kept.
    // Then the row, then the key pool; secrets the provider no longer uses are deleted. The save
    // finishes even if context is destroyed meanwhile; the callback is then dropped.
    void save(const ProviderDraft &draft, QObject *context, SaveCallback done) const;
    // Removes the provider, its models and extra keys, then its secrets from the keychain.
    void remove(qint64 providerId, QObject *context, const DoneCallback &done) const;

    // Every keychain account that holds a secret of the provider.
    static QStringList keychainAccounts(const QString &instanceId, const ProviderRecord &record,
                                        const QList<ProviderKeyRecord> &extraKeys);
    // "key N" with the first N not taken by another key of the provider.
    static QString defaultKeyLabel(const QList<ProviderKeyRecord> &keys);

private:
    const Database &m_db;
    SecretStore m_secrets;
};

} // namespace llmux
