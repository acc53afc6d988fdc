#include "core/store/ProviderRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QSqlRecord>

namespace llmux {
namespace {

const QString kColumns = QStringLiteral(
    "id, name, kind, base_url, api_key_env, secret_in_keychain, connect_timeout_ms, "
    "first_byte_timeout_ms, idle_timeout_ms, enabled, created_at, total_timeout_ms, proxy, "
    "no_proxy, responses_api");

ProviderRecord readRow(const QSqlQuery &q)
{
    ProviderRecord p;
    p.id = q.value(0).toLongLong();
    p.name = q.value(1).toString();
    p.kind = q.value(2).toString();
    p.baseUrl = q.value(3).toString();
    p.apiKeyEnv = q.value(4).toString();
    p.secretInKeychain = q.value(5).toBool();
    p.timeouts.connectMs = q.value(6).toInt();
    p.timeouts.firstByteMs = q.value(7).toInt();
    p.timeouts.idleMs = q.value(8).toInt();
    p.enabled = q.value(9).toBool();
    p.createdAt = sql::toTime(q.value(10));
    p.timeouts.totalMs = q.value(11).toInt();
    p.proxy = q.value(12).toString();
    p.noProxy = q.value(13).toString();
    p.responsesApi = q.value(14).toString();
    return p;
}

void bindFields(QSqlQuery &q, const ProviderRecord &p)
{
    q.bindValue(QStringLiteral(":name"), p.name);
    q.bindValue(QStringLiteral(":kind"), p.kind);
    q.bindValue(QStringLiteral(":base_url"), p.baseUrl);
    q.bindValue(QStringLiteral(":api_key_env"), sql::textOrNull(p.apiKeyEnv));
    q.bindValue(QStringLiteral(":secret_in_keychain"), p.secretInKeychain ? 1 : 0);
    q.bindValue(QStringLiteral(":connect"), p.timeouts.connectMs);
    q.bindValue(QStringLiteral(":first_byte"), p.timeouts.firstByteMs);
    q.bindValue(QStringLiteral(":idle"), p.timeouts.idleMs);
    q.bindValue(QStringLiteral(":total"), p.timeouts.totalMs);
    // NOT NULL columns: an unset string is stored as an empty one.
    q.bindValue(QStringLiteral(":proxy"), p.proxy.isNull() ? QStringLiteral("") : p.proxy);
    q.bindValue(QStringLiteral(":no_proxy"), p.noProxy.isNull() ? QStringLiteral("") : p.noProxy);
    q.bindValue(QStringLiteral(":enabled"), p.enabled ? 1 : 0);
    q.bindValue(QStringLiteral(":responses_api"),
                ProviderRecord::responsesApiModes().contains(p.responsesApi)
                    ? p.responsesApi
                    : QStringLiteral("auto"));
}

} // namespace

Result<QList<ProviderRecord>> ProviderRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM providers ORDER BY name").arg(kColumns));
    if (auto s = sql::exec(q, QStringLiteral("listing providers")); !s)
        return s;
    QList<ProviderRecord> out;
    while (q.next())
        out << readRow(q);
    return out;
}

Result<std::optional<ProviderRecord>> ProviderRepository::findByName(const QString &name) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM providers WHERE name = :name").arg(kColumns));
    q.bindValue(QStringLiteral(":name"), name);
    if (auto s = sql::exec(q, QStringLiteral("looking up provider '%1'").arg(name)); !s)
        return s;
    if (!q.next())
        return std::optional<ProviderRecord>();
    return std::optional<ProviderRecord>(readRow(q));
}

Result<qint64> ProviderRepository::add(const ProviderRecord &provider)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO providers (name, kind, base_url, api_key_env, secret_in_keychain, "
        "connect_timeout_ms, first_byte_timeout_ms, idle_timeout_ms, total_timeout_ms, enabled, "
        "created_at, proxy, no_proxy, responses_api) VALUES (:name, :kind, :base_url, "
        ":api_key_env, :secret_in_keychain, :connect, :first_byte, :idle, :total, :enabled, "
        ":created_at, :proxy, :no_proxy, :responses_api)"));
    bindFields(q, provider);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Result<qint64>::failure(
                QStringLiteral("A provider named '%1' already exists.").arg(provider.name));
        return sql::failure(q, QStringLiteral("adding provider '%1'").arg(provider.name));
    }
    return q.lastInsertId().toLongLong();
}

Status ProviderRepository::update(const ProviderRecord &provider)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE providers SET name = :name, kind = :kind, base_url = :base_url, "
                       "api_key_env = :api_key_env, secret_in_keychain = :secret_in_keychain, "
                       "connect_timeout_ms = :connect, first_byte_timeout_ms = :first_byte, "
                       "idle_timeout_ms = :idle, total_timeout_ms = :total, enabled = :enabled, "
                       "proxy = :proxy, no_proxy = :no_proxy, responses_api = :responses_api "
                       "WHERE id = :id"));
    bindFields(q, provider);
    q.bindValue(QStringLiteral(":id"), provider.id);
    return sql::exec(q, QStringLiteral("updating provider '%1'").arg(provider.name));
}

Status ProviderRepository::remove(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM providers WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    return sql::exec(q, QStringLiteral("removing a provider"));
}

} // namespace llmux
