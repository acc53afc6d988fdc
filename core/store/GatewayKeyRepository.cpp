#include "core/store/GatewayKeyRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

Result<QList<GatewayKeyRecord>> GatewayKeyRepository::list(bool includeRevoked) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, name, key_hash, display_prefix, created_at, expires_at, "
                             "disabled, revoked_at FROM gateway_keys %1 ORDER BY name, id")
                  .arg(includeRevoked ? QString() : QStringLiteral("WHERE revoked_at IS NULL")));
    if (auto s = sql::exec(q, QStringLiteral("listing gateway keys")); !s)
        return s;
    QList<GatewayKeyRecord> out;
    while (q.next()) {
        GatewayKeyRecord k;
        k.id = q.value(0).toLongLong();
        k.name = q.value(1).toString();
        k.keyHash = q.value(2).toByteArray();
        k.displayPrefix = q.value(3).toString();
        k.createdAt = sql::toTime(q.value(4));
        k.expiresAt = sql::toTime(q.value(5));
        k.disabled = q.value(6).toBool();
        k.revokedAt = sql::toTime(q.value(7));
        out << k;
    }
    return out;
}

Result<qint64> GatewayKeyRepository::add(const GatewayKeyRecord &key)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO gateway_keys (name, key_hash, display_prefix, "
                             "created_at, expires_at, disabled) VALUES (:name, :hash, :prefix, "
                             ":created_at, :expires_at, :disabled)"));
    q.bindValue(QStringLiteral(":name"), key.name);
    q.bindValue(QStringLiteral(":hash"), key.keyHash);
    q.bindValue(QStringLiteral(":prefix"), key.displayPrefix);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":expires_at"), sql::fromTime(key.expiresAt));
    q.bindValue(QStringLiteral(":disabled"), key.disabled ? 1 : 0);
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Result<qint64>::failure(
                QStringLiteral("A key named '%1' already exists; revoke it or pick another name.")
                    .arg(key.name));
        return sql::failure(q, QStringLiteral("adding key '%1'").arg(key.name));
    }
    return q.lastInsertId().toLongLong();
}

Status GatewayKeyRepository::setDisabled(const QString &name, bool disabled)
{
    return updateLiveKey(name, QStringLiteral("disabled = :value"), disabled ? 1 : 0,
                         disabled ? QStringLiteral("disabling") : QStringLiteral("enabling"));
}

Status GatewayKeyRepository::revoke(const QString &name)
{
    return updateLiveKey(name, QStringLiteral("revoked_at = :value"),
                         QDateTime::currentMSecsSinceEpoch(), QStringLiteral("revoking"));
}

Status GatewayKeyRepository::updateLiveKey(const QString &name, const QString &assignment,
                                           const QVariant &value, const QString &what)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE gateway_keys SET %1 WHERE name = :name AND revoked_at IS NULL")
                  .arg(assignment));
    q.bindValue(QStringLiteral(":value"), value);
    q.bindValue(QStringLiteral(":name"), name);
    if (auto s = sql::exec(q, QStringLiteral("%1 key '%2'").arg(what, name)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no active key named '%1'.").arg(name));
    return Status::success();
}

} // namespace llmux
