#include "core/store/ProviderKeyRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

Result<QList<ProviderKeyRecord>> ProviderKeyRepository::list(qint64 providerId) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, provider_id, label, api_key_env, secret_in_keychain, "
                             "created_at FROM provider_keys WHERE :provider = 0 OR "
                             "provider_id = :provider ORDER BY id"));
    q.bindValue(QStringLiteral(":provider"), providerId);
    if (auto s = sql::exec(q, QStringLiteral("listing provider keys")); !s)
        return s;
    QList<ProviderKeyRecord> out;
    while (q.next()) {
        ProviderKeyRecord k;
        k.id = q.value(0).toLongLong();
        k.providerId = q.value(1).toLongLong();
        k.label = q.value(2).toString();
        k.apiKeyEnv = q.value(3).toString();
        k.secretInKeychain = q.value(4).toBool();
        k.createdAt = sql::toTime(q.value(5));
        out << k;
    }
    return out;
}

Result<qint64> ProviderKeyRepository::add(const ProviderKeyRecord &key)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO provider_keys (provider_id, label, api_key_env, "
                             "secret_in_keychain, created_at) VALUES (:provider, :label, :env, "
                             ":keychain, :created_at)"));
    q.bindValue(QStringLiteral(":provider"), key.providerId);
    q.bindValue(QStringLiteral(":label"), key.label);
    q.bindValue(QStringLiteral(":env"), sql::textOrNull(key.apiKeyEnv));
    q.bindValue(QStringLiteral(":keychain"), key.secretInKeychain ? 1 : 0);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    if (auto s = sql::exec(q, QStringLiteral("adding a provider key")); !s)
        return s;
    return q.lastInsertId().toLongLong();
}

Status ProviderKeyRepository::remove(qint64 providerId, qint64 keyId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("DELETE FROM provider_keys WHERE id = :id AND provider_id = :provider"));
    q.bindValue(QStringLiteral(":id"), keyId);
    q.bindValue(QStringLiteral(":provider"), providerId);
    if (auto s = sql::exec(q, QStringLiteral("removing a provider key")); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("The provider has no extra key #%1.").arg(keyId));
    return Status::success();
}

} // namespace llmux
