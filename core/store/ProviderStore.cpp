#include "store/ProviderStore.h"

#include "net/ProxySettings.h"
#include "providers/ProviderAdapter.h"
#include "store/ModelCatalog.h"
#include "store/ModelRepository.h"
#include "store/ProviderKeyRepository.h"
#include "store/ProviderRepository.h"
#include "store/SettingsRepository.h"

#include <QUrl>

#include <algorithm>
#include <memory>

namespace llmux {
namespace {

// One save in flight: the keychain answers arrive one by one, the row is finished after the last.
struct PendingSave
{
    ProviderRecord record;
    bool isNew = false;
    ProviderSaveOutcome outcome;
    QString keyError; // the provider's own key could not be stored
    int outstanding = 0;
    bool started = false; // every keychain job is queued
};

// Publishes each model id under its own name, or provider/id when that name is taken.
void addModels(const Database &db, const ProviderRecord &provider, const QStringList &ids,
               ProviderSaveOutcome &outcome)
{
    ModelCatalog catalog(db);
    ModelRepository models(db);
    for (const QString &id : ids) {
        ModelRecord model;
        model.providerId = provider.id;
        model.providerName = provider.name;
        model.upstreamModel = id;
        QString why;
        for (const QString &name : QStringList{id, provider.name + QLatin1Char('/') + id}) {
            model.publicName = name;
            const auto issue = catalog.checkModel(model);
            if (!issue) {
                why = issue.error();
                break;
            }
            if (issue->isNone()) {
                why.clear();
                break;
            }
            why = QStringLiteral("the name '%1' is taken").arg(name);
        }
        if (why.isEmpty()) {
            const auto added = models.add(model);
            if (added)
                outcome.addedModels << model.publicName;
            else
                why = added.error();
        }
        if (!why.isEmpty())
            outcome.warnings << QStringLiteral("Model '%1' was not added: %2.").arg(id, why);
    }
}

} // namespace

ProviderStore::ProviderStore(const Database &db, SecretStore secrets)
    : m_db(db)
    , m_secrets(std::move(secrets))
{}

Result<QString> ProviderStore::normalizeBaseUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return Result<QString>::failure(QStringLiteral("'%1' is not an http(s) URL.").arg(text));
    return url.toString(QUrl::StripTrailingSlash);
}

Status ProviderStore::validate(const ProviderRecord &record) const
{
    const QString name = record.name.trimmed();
    if (name.isEmpty() || name.contains(QLatin1Char('/')))
        return Status::failure(
            QStringLiteral("A provider name must be non-empty and must not contain '/'."));
    if (!ProviderAdapter::forKind(record.kind))
        return Status::failure(QStringLiteral("Provider kind '%1' is not supported; use one of %2.")
                                   .arg(record.kind, ProviderAdapter::kinds().join(u", ")));
    if (const Result<QString> url = normalizeBaseUrl(record.baseUrl); !url)
        return url.status();
    const auto existing = ProviderRepository(m_db).findByName(name);
    if (!existing)
        return existing.status();
    if (existing->has_value() && (*existing)->id != record.id)
        return Status::failure(
            QStringLiteral("There is already a provider named '%1'.").arg((*existing)->name));
    return Status::success();
}

QStringList ProviderStore::keychainAccounts(const QString &instanceId, const ProviderRecord &record,
                                            const QList<ProviderKeyRecord> &extraKeys)
{
    QStringList accounts;
    if (record.secretInKeychain)
        accounts << SecretStore::providerAccount(instanceId, record.id);
    for (const ProviderKeyRecord &k : extraKeys)
        if (k.secretInKeychain)
            accounts << SecretStore::providerKeyAccount(instanceId, record.id, k.id);
    for (const QUrl &proxy : ProxySettings::parse(record.proxy).urls)
        if (!proxy.userName().isEmpty())
            accounts << SecretStore::providerProxyAccount(instanceId, record.id,
                                                          ProxySettings::credentialId(proxy));
    return accounts;
}

QString ProviderStore::defaultKeyLabel(const QList<ProviderKeyRecord> &keys)
{
    for (qsizetype n = keys.size() + 1;; ++n) {
        const QString label = QStringLiteral("key %1").arg(n);
        if (std::none_of(keys.cbegin(), keys.cend(),
                         [&label](const ProviderKeyRecord &k) { return k.label == label; }))
            return label;
    }
}

void ProviderStore::save(const ProviderDraft &draft, QObject *context, SaveCallback done) const
{
    using Outcome = Result<ProviderSaveOutcome>;
    auto pending = std::make_shared<PendingSave>();
    ProviderRecord &record = pending->record;
    record = draft.record;
    record.name = record.name.trimmed();
    if (Status valid = validate(record); !valid)
        return done(Outcome(valid));
    record.kind = record.kind.toLower();
    record.baseUrl = normalizeBaseUrl(record.baseUrl).value();
    record.noProxy = record.noProxy.trimmed();
    const ProxySpec spec = ProxySettings::parse(draft.proxyText.trimmed());
    if (!spec.error.isEmpty())
        return done(Outcome::failure(spec.error));
    record.proxy = ProxySettings::format(spec);

    // A pointer, not a reference, outlives this call in the callbacks.
    const Database *db = &m_db;
    ProviderRepository providers(*db);
    pending->isNew = record.id == 0;
    if (pending->isNew) {
        // The row first, without the keychain flag: the key is stored under the row's id, and the
        // flag is set only once the key is really there.
        record.secretInKeychain = false;
        const Result<qint64> id = providers.add(record);
        if (!id)
            return done(Outcome(id.status()));
        record.id = id.value();
    }
    pending->outcome.providerId = record.id;
    const QString instance = SettingsRepository(*db).instanceId();

    // Once every keychain job has answered: the row, then the models.
    const QStringList models = draft.models;
    auto finishIfDone = [pending, db, models, done] {
        if (!pending->started || pending->outstanding > 0)
            return;
        ProviderRepository rows(*db);
        if (!pending->keyError.isEmpty()) {
            if (pending->isNew)
                rows.remove(pending->record.id);
            return done(Outcome::failure(pending->keyError));
        }
        // Also bumps the configuration revision, so a gateway that reloaded between a key row and
        // its secret reads the secret now.
        if (Status s = rows.update(pending->record); !s)
            return done(Outcome(s));
        addModels(*db, pending->record, models, pending->outcome);
        done(pending->outcome);
    };

    auto write = [this, pending, context, finishIfDone](const QString &account,
                                                        const QByteArray &secret,
                                                        std::function<void(const Status &)> then) {
        ++pending->outstanding;
        m_secrets.writeAsync(account, secret, context,
                             [pending, then, finishIfDone](const Status &s) {
                                 then(s);
                                 --pending->outstanding;
                                 finishIfDone();
                             });
    };

    if (!draft.apiKey.isEmpty()) {
        write(SecretStore::providerAccount(instance, record.id), draft.apiKey,
              [pending](const Status &s) {
                  if (s) {
                      pending->record.secretInKeychain = true;
                      pending->record.apiKeyEnv.clear();
                  } else {
                      pending->keyError = s.error();
                  }
              });
    }
    for (const auto &[proxy, password] : ProxySettings::passwords(draft.proxyText)) {
        write(SecretStore::providerProxyAccount(instance, record.id, proxy), password.toUtf8(),
              [pending, proxy = proxy](const Status &s) {
                  if (!s)
                      pending->outcome.warnings
                          << QStringLiteral("The password of proxy %1 was not stored: %2")
                                 .arg(proxy, s.error());
              });
    }

    ProviderKeyRepository keys(*db);
    for (qint64 keyId : draft.removedKeyIds) {
        if (Status s = keys.remove(record.id, keyId); !s) {
            pending->outcome.warnings << s.error();
            continue;
        }
        ++pending->outstanding;
        m_secrets.removeAsync(SecretStore::providerKeyAccount(instance, record.id, keyId), context,
                              [pending, finishIfDone](const Status &s) {
                                  if (!s)
                                      pending->outcome.warnings
                                          << QStringLiteral("A removed key stays in the OS "
                                                            "keychain: %1")
                                                 .arg(s.error());
                                  --pending->outstanding;
                                  finishIfDone();
                              });
    }
    auto existing = keys.list(record.id);
    QList<ProviderKeyRecord> pool = existing ? existing.value() : QList<ProviderKeyRecord>();
    for (const ProviderDraft::NewKey &added : draft.addedKeys) {
        if (added.secret.isEmpty())
            continue;
        ProviderKeyRecord key;
        key.providerId = record.id;
        key.label = added.label.trimmed().isEmpty() ? defaultKeyLabel(pool) : added.label.trimmed();
        key.secretInKeychain = true;
        const Result<qint64> id = keys.add(key);
        if (!id) {
            pending->outcome.warnings << id.error();
            continue;
        }
        key.id = id.value();
        pool << key;
        write(SecretStore::providerKeyAccount(instance, record.id, key.id), added.secret,
              [pending, db, key](const Status &s) {
                  if (s)
                      return;
                  ProviderKeyRepository(*db).remove(key.providerId, key.id);
                  pending->outcome.warnings
                      << QStringLiteral("Key '%1' was not added: %2").arg(key.label, s.error());
              });
    }
    pending->started = true;
    finishIfDone();
}

void ProviderStore::remove(qint64 providerId, QObject *context, DoneCallback done) const
{
    const auto all = ProviderRepository(m_db).list();
    if (!all)
        return done(all.status());
    const auto it = std::find_if(all->cbegin(), all->cend(), [providerId](const ProviderRecord &p) {
        return p.id == providerId;
    });
    if (it == all->cend())
        return done(Status::failure(QStringLiteral("The provider is already gone.")));
    const ProviderRecord record = *it;
    // The key rows go with the provider row (foreign keys), so they are read first.
    const auto extraKeys = ProviderKeyRepository(m_db).list(record.id);
    if (!extraKeys)
        return done(extraKeys.status());
    if (Status s = ProviderRepository(m_db).remove(record.id); !s)
        return done(s);

    const QStringList accounts =
        keychainAccounts(SettingsRepository(m_db).instanceId(), record, extraKeys.value());
    if (accounts.isEmpty())
        return done(Status::success());
    auto outstanding = std::make_shared<int>(int(accounts.size()));
    auto errors = std::make_shared<QStringList>();
    for (const QString &account : accounts) {
        m_secrets.removeAsync(account, context, [outstanding, errors, done](const Status &s) {
            if (!s)
                *errors << s.error();
            if (--*outstanding > 0)
                return;
            if (errors->isEmpty())
                done(Status::success());
            else
                done(Status::failure(QStringLiteral("The provider is removed, but some of its "
                                                    "secrets could not be deleted from the OS "
                                                    "keychain: %1")
                                         .arg(errors->join(QLatin1Char(' ')))));
        });
    }
}

} // namespace llmux
