#include "core/services/ProviderStore.h"

#include "core/common/JobBarrier.h"
#include "core/net/ProxySettings.h"
#include "core/providers/ProviderAdapter.h"
#include "core/services/ModelCatalog.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace llmux {
namespace {

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

// One save in flight, in steps that each wait for their keychain jobs: the provider's own key
// (nothing else is touched if it fails), proxy passwords, the row, then the key pool, then the
// secrets the provider no longer uses. It owns itself, so it finishes even when whoever started it
// is gone (a closed dialog); only the final report is dropped then.
class SaveOperation : public QObject
{
public:
    SaveOperation(const Database &db, const SecretStore &secrets, const ProviderDraft &draft,
                  const ProviderRecord &record, QObject *caller, ProviderStore::SaveCallback done)
        : m_db(db)
        , m_secrets(secrets)
        , m_draft(draft)
        , m_record(record)
        , m_caller(caller)
        , m_done(std::move(done))
    {}

    void start()
    {
        m_instance = SettingsRepository(m_db).instanceId();
        ProviderRepository providers(m_db);
        m_isNew = m_record.id == 0;
        if (m_isNew) {
            // The row first, disabled and without the keychain flag: the key is stored under the
            // row's id, and the row is finished only once the secrets are there. If the app quits
            // halfway, a disabled provider without a key is left, which the page shows as such.
            ProviderRecord row = m_record;
            row.secretInKeychain = false;
            row.enabled = false;
            const Result<qint64> id = providers.add(row);
            if (!id)
                return finish(Outcome(id.status()));
            m_record.id = id.value();
        } else {
            const auto all = providers.list();
            const auto keys = ProviderKeyRepository(m_db).list(m_record.id);
            if (!all || !keys)
                return finish(Outcome(!all ? all.status() : keys.status()));
            const auto old =
                std::find_if(all->cbegin(), all->cend(),
                             [this](const ProviderRecord &p) { return p.id == m_record.id; });
            if (old == all->cend())
                return finish(Outcome::failure(
                    QStringLiteral("The provider was removed meanwhile; nothing was saved.")));
            m_oldAccounts = ProviderStore::keychainAccounts(m_instance, *old, keys.value());
        }
        m_outcome.providerId = m_record.id;
        storeMainKey();
    }

private:
    using Outcome = Result<ProviderSaveOutcome>;

    void storeMainKey()
    {
        if (m_draft.apiKey.isEmpty())
            return storeProxyPasswords();
        auto error = std::make_shared<QString>();
        write(SecretStore::providerAccount(m_instance, m_record.id), m_draft.apiKey,
              [this, error](const Status &s) {
                  if (s) {
                      m_record.secretInKeychain = true;
                      m_record.apiKeyEnv.clear();
                  } else {
                      *error = s.error();
                  }
              });
        m_jobs.then([this, error] {
            if (error->isEmpty())
                storeProxyPasswords();
            else
                abandon(*error);
        });
    }

    void storeProxyPasswords()
    {
        for (const auto &[proxy, password] : ProxySettings::passwords(m_draft.proxyText)) {
            write(SecretStore::providerProxyAccount(m_instance, m_record.id, proxy),
                  password.toUtf8(), [this, proxy = proxy](const Status &s) {
                      if (!s)
                          m_outcome.warnings
                              << QStringLiteral("The password of proxy %1 was not stored: %2")
                                     .arg(proxy, s.error());
                  });
        }
        m_jobs.then([this] { updateRow(); });
    }

    void updateRow()
    {
        if (Status s = ProviderRepository(m_db).update(m_record); !s) {
            QString error = s.error();
            if (!m_isNew && !m_draft.apiKey.isEmpty() &&
                m_oldAccounts.contains(SecretStore::providerAccount(m_instance, m_record.id)))
                error += QStringLiteral(" The new API key replaced the stored one already.");
            return abandon(error);
        }
        changeKeyPool();
    }

    void changeKeyPool()
    {
        ProviderKeyRepository keys(m_db);
        for (qint64 keyId : m_draft.removedKeyIds) {
            if (Status s = keys.remove(m_record.id, keyId); !s)
                m_outcome.warnings << s.error();
            else
                m_poolChanged = true;
        }
        const auto existing = keys.list(m_record.id);
        QList<ProviderKeyRecord> pool = existing ? existing.value() : QList<ProviderKeyRecord>();
        for (const ProviderDraft::NewKey &added : m_draft.addedKeys) {
            if (added.secret.isEmpty())
                continue;
            ProviderKeyRecord key;
            key.providerId = m_record.id;
            key.label = added.label.trimmed().isEmpty() ? ProviderStore::defaultKeyLabel(pool)
                                                        : added.label.trimmed();
            key.secretInKeychain = true;
            const Result<qint64> id = keys.add(key);
            if (!id) {
                m_outcome.warnings << id.error();
                continue;
            }
            key.id = id.value();
            pool << key;
            m_poolChanged = true;
            write(SecretStore::providerKeyAccount(m_instance, m_record.id, key.id), added.secret,
                  [this, key](const Status &s) {
                      if (s)
                          return;
                      m_unwanted->insert(
                          SecretStore::providerKeyAccount(m_instance, key.providerId, key.id));
                      m_outcome.warnings
                          << QStringLiteral("Key '%1' was not added: %2").arg(key.label, s.error());
                      if (const Status removed =
                              ProviderKeyRepository(m_db).remove(key.providerId, key.id);
                          !removed)
                          m_outcome.warnings << QStringLiteral("Remove key '%1', which has no "
                                                               "secret, by hand: %2")
                                                    .arg(key.label, removed.error());
                  });
        }
        m_jobs.then([this] { removeStaleSecrets(); });
    }

    // Secrets of removed keys and of proxies no longer used (or no longer with a user).
    void removeStaleSecrets()
    {
        const auto keys = ProviderKeyRepository(m_db).list(m_record.id);
        if (!keys) {
            m_outcome.warnings << keys.error();
            return m_jobs.then([this] { finishSaved(); });
        }
        const QStringList now = ProviderStore::keychainAccounts(m_instance, m_record, keys.value());
        for (const QString &account : std::as_const(m_oldAccounts)) {
            if (now.contains(account))
                continue;
            removeSecret(account, [this, account](const Status &s) {
                if (!s)
                    m_outcome.warnings
                        << QStringLiteral("A secret the provider no longer uses (%1) stays in the "
                                          "OS keychain: %2")
                               .arg(account, s.error());
            });
        }
        m_jobs.then([this] { finishSaved(); });
    }

    void finishSaved()
    {
        // A gateway that reloaded between a key row and its secret reads the secret now.
        if (m_poolChanged)
            if (Status s = ProviderRepository(m_db).update(m_record); !s)
                m_outcome.warnings << s.error();
        addModels(m_db, m_record, m_draft.models, m_outcome);
        finish(m_outcome);
    }

    // Undoes what this save wrote (a new row, secrets not there before), then reports why.
    void abandon(const QString &why)
    {
        QString undoProblem;
        if (m_isNew)
            if (const Status removed = ProviderRepository(m_db).remove(m_record.id); !removed)
                undoProblem = removed.error();
        auto leftovers = std::make_shared<QStringList>();
        for (const QString &account : std::as_const(m_attempted)) {
            // Deleted now, and again if a write that timed out lands later (see write()).
            if (m_oldAccounts.contains(account))
                continue;
            m_unwanted->insert(account);
            removeSecret(account, [this, leftovers, account](const Status &s) {
                if (!s && m_written.contains(account))
                    *leftovers << account;
            });
        }
        m_jobs.then([this, why, leftovers, undoProblem] {
            QString error = why;
            if (!undoProblem.isEmpty())
                error += QStringLiteral(" The half-saved provider could not be removed (%1): "
                                        "remove '%2' by hand.")
                             .arg(undoProblem, m_record.name);
            if (!leftovers->isEmpty())
                error += QStringLiteral(" These keychain entries it had written could not be "
                                        "deleted: %1.")
                             .arg(leftovers->join(u", "));
            finish(Outcome::failure(error));
        });
    }

    void write(const QString &account, const QByteArray &secret,
               const std::function<void(const Status &)> &then)
    {
        m_attempted << account;
        // A write that timed out may land later; if this save gave up on it by then, it goes.
        auto late = [secrets = m_secrets, unwanted = m_unwanted, account](const Status &s) {
            if (s && unwanted->contains(account))
                secrets.removeAsync(account, QCoreApplication::instance(), [](const Status &) {});
        };
        m_secrets.writeAsync(account, secret, this,
                             m_jobs.track<Status>([this, account, then](const Status &s) {
                                 if (s)
                                     m_written << account;
                                 then(s);
                             }),
                             late);
    }

    void removeSecret(const QString &account, const std::function<void(const Status &)> &then)
    {
        m_secrets.removeAsync(account, this, m_jobs.track<Status>(then));
    }

    void finish(const Outcome &outcome)
    {
        if (m_caller)
            m_done(outcome);
        deleteLater();
    }

    const Database &m_db;
    SecretStore m_secrets;
    ProviderDraft m_draft;
    ProviderRecord m_record;
    QPointer<QObject> m_caller;
    ProviderStore::SaveCallback m_done;
    QString m_instance;
    bool m_isNew = false;
    bool m_poolChanged = false;
    QStringList m_oldAccounts; // what the provider had in the keychain before this save
    QStringList m_attempted;   // every account this save wrote to…
    QStringList m_written;     // …and those the keychain confirmed
    // Accounts this save gave up on: a write to one of them that lands late is undone.
    std::shared_ptr<QSet<QString>> m_unwanted = std::make_shared<QSet<QString>>();
    ProviderSaveOutcome m_outcome;
    // Each step runs once the keychain jobs of the step before have answered (or timed out).
    JobBarrier m_jobs;
};

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

Status ProviderStore::checkName(const QString &name)
{
    // The name is how clients and the command line address a provider ("deepseek/deepseek-chat",
    // "--target deepseek:deepseek-chat", `llmux provider set deepseek`): nothing that would split
    // those apart or need quoting.
    static const QRegularExpression allowed(QStringLiteral("^[\\p{L}\\p{N}][\\p{L}\\p{N}._-]*$"));
    if (name.isEmpty() || name.size() > kMaxNameLength || !allowed.match(name).hasMatch())
        return Status::failure(
            QStringLiteral("'%1' cannot be a provider name: use letters, digits, '-', '_' and '.' "
                           "(no spaces, '/' or ':'), at most %2 characters, e.g. 'deepseek' or "
                           "'openai-work'. Clients address models as provider/model.")
                .arg(name.left(kMaxNameLength))
                .arg(kMaxNameLength));
    return Status::success();
}

Status ProviderStore::validate(const ProviderRecord &record) const
{
    const QString name = record.name.trimmed();
    // A provider saved under an older, laxer rule keeps its name until it is renamed: clients
    // may address it by that name.
    const auto sameName = ProviderRepository(m_db).findByName(name);
    if (!sameName)
        return sameName.status();
    const bool keepsItsName = record.id && sameName->has_value() && (*sameName)->id == record.id &&
                              (*sameName)->name == name;
    if (!keepsItsName)
        if (Status named = checkName(name); !named)
            return named;
    if (!ProviderAdapter::forKind(record.kind))
        return Status::failure(QStringLiteral("Provider kind '%1' is not supported; use one of %2.")
                                   .arg(record.kind, ProviderAdapter::kinds().join(u", ")));
    if (const Result<QString> url = normalizeBaseUrl(record.baseUrl); !url)
        return url.status();
    if (sameName->has_value() && (*sameName)->id != record.id)
        return Status::failure(
            QStringLiteral("There is already a provider named '%1'.").arg((*sameName)->name));
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
        QString label = QStringLiteral("key %1").arg(n);
        if (std::none_of(keys.cbegin(), keys.cend(),
                         [&label](const ProviderKeyRecord &k) { return k.label == label; }))
            return label;
    }
}

void ProviderStore::save(const ProviderDraft &draft, QObject *context, SaveCallback done) const
{
    using Outcome = Result<ProviderSaveOutcome>;
    ProviderRecord record = draft.record;
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
    // Deletes itself when done.
    (new SaveOperation(m_db, m_secrets, draft, record, context, std::move(done)))->start();
}

void ProviderStore::remove(qint64 providerId, QObject *context, const DoneCallback &done) const
{
    const auto all = ProviderRepository(m_db).list();
    if (!all)
        return done(all.status());
    const auto it = std::find_if(all->cbegin(), all->cend(), [providerId](const ProviderRecord &p) {
        return p.id == providerId;
    });
    if (it == all->cend())
        return done(Status::failure(QStringLiteral("The provider is already gone.")));
    const ProviderRecord &record = *it;
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
    auto jobs = std::make_shared<JobBarrier>();
    auto errors = std::make_shared<QStringList>();
    for (const QString &account : accounts) {
        jobs->started();
        m_secrets.removeAsync(account, context, [jobs, errors](const Status &s) {
            if (!s)
                *errors << s.error();
            jobs->done();
        });
    }
    jobs->then([errors, done] {
        if (errors->isEmpty())
            done(Status::success());
        else
            done(Status::failure(QStringLiteral("The provider is removed, but some of its secrets "
                                                "could not be deleted from the OS keychain: %1")
                                     .arg(errors->join(QLatin1Char(' ')))));
    });
}

} // namespace llmux
