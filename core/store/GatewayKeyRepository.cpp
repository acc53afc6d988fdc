#include "core/store/GatewayKeyRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {
namespace {

QStringList lines(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// One entry per line; never a null string, which SQLite would store as NULL.
QString joined(const QStringList &list)
{
    return list.isEmpty() ? QStringLiteral("") : list.join(QLatin1Char('\n'));
}

} // namespace

Result<QList<GatewayKeyRecord>> GatewayKeyRepository::list(bool includeRevoked) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT k.id, k.name, k.key_hash, k.display_prefix, k.created_at, "
                             "k.expires_at, k.disabled, k.revoked_at, k.project_id, p.name, "
                             "k.allowed_models, k.allowed_endpoints, k.scope FROM gateway_keys k "
                             "LEFT JOIN projects p ON p.id = k.project_id %1 ORDER BY k.name, k.id")
                  .arg(includeRevoked ? QString() : QStringLiteral("WHERE k.revoked_at IS NULL")));
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
        if (!q.value(8).isNull())
            k.projectId = q.value(8).toLongLong();
        k.projectName = q.value(9).toString();
        k.allowedModels = lines(q.value(10).toString());
        k.allowedEndpoints = lines(q.value(11).toString());
        k.scope = q.value(12).toString();
        out << k;
    }
    return out;
}

Result<qint64> GatewayKeyRepository::add(const GatewayKeyRecord &key)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO gateway_keys (name, key_hash, display_prefix, "
                             "created_at, expires_at, disabled, project_id, allowed_models, "
                             "allowed_endpoints, scope) VALUES (:name, :hash, :prefix, "
                             ":created_at, :expires_at, :disabled, :project, :models, "
                             ":endpoints, :scope)"));
    q.bindValue(QStringLiteral(":project"), sql::fromOptional(key.projectId));
    q.bindValue(QStringLiteral(":models"), joined(key.allowedModels));
    q.bindValue(QStringLiteral(":endpoints"), joined(key.allowedEndpoints));
    q.bindValue(QStringLiteral(":scope"), key.scope);
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

Status GatewayKeyRepository::setProject(const QString &name, std::optional<qint64> projectId)
{
    return updateLiveKey(name, QStringLiteral("project_id = :value"), sql::fromOptional(projectId),
                         QStringLiteral("moving"));
}

Status GatewayKeyRepository::setPermissions(const QString &name, const QStringList &models,
                                            const QStringList &endpoints, const QString &scope)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE gateway_keys SET allowed_models = :models, allowed_endpoints "
                             "= :endpoints, scope = :scope WHERE name = :name AND revoked_at IS "
                             "NULL"));
    q.bindValue(QStringLiteral(":models"), joined(models));
    q.bindValue(QStringLiteral(":endpoints"), joined(endpoints));
    q.bindValue(QStringLiteral(":scope"), scope);
    q.bindValue(QStringLiteral(":name"), name);
    if (auto s = sql::exec(q, QStringLiteral("changing what key '%1' may use").arg(name)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no active key named '%1'.").arg(name));
    return Status::success();
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
