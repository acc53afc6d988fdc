#include "core/store/RouteRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QSqlError>

namespace llmux {
namespace {

Status insertTargets(const QSqlDatabase &db, qint64 routeId, const RouteRecord &route)
{
    QSqlQuery t(db);
    t.prepare(QStringLiteral("INSERT INTO route_targets (route_id, position, provider_id, "
                             "upstream_model, weight) VALUES (?, ?, ?, ?, ?)"));
    for (qsizetype i = 0; i < route.targets.size(); ++i) {
        const RouteTargetRecord &target = route.targets.at(i);
        t.addBindValue(routeId);
        t.addBindValue(int(i));
        t.addBindValue(target.providerId);
        t.addBindValue(target.upstreamModel);
        t.addBindValue(target.weight);
        if (auto s =
                sql::exec(t, QStringLiteral("adding a target to route '%1'").arg(route.pattern));
            !s)
            return s;
    }
    return Status::success();
}

} // namespace

Result<QList<RouteRecord>> RouteRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, pattern, strategy, enabled, created_at FROM routes "
                             "ORDER BY pattern"));
    if (auto s = sql::exec(q, QStringLiteral("listing routes")); !s)
        return s;
    QList<RouteRecord> routes;
    QHash<qint64, qsizetype> indexById;
    while (q.next()) {
        RouteRecord r;
        r.id = q.value(0).toLongLong();
        r.pattern = q.value(1).toString();
        r.strategy = routeStrategyFromName(q.value(2).toString()).value_or(RouteStrategy::Failover);
        r.enabled = q.value(3).toBool();
        r.createdAt = sql::toTime(q.value(4));
        indexById.insert(r.id, routes.size());
        routes << r;
    }
    QSqlQuery t(m_db.connection());
    t.prepare(QStringLiteral("SELECT t.route_id, t.provider_id, p.name, t.upstream_model, t.weight "
                             "FROM route_targets t JOIN providers p ON p.id = t.provider_id "
                             "ORDER BY t.route_id, t.position"));
    if (auto s = sql::exec(t, QStringLiteral("listing route targets")); !s)
        return s;
    while (t.next()) {
        const auto index = indexById.constFind(t.value(0).toLongLong());
        if (index == indexById.cend())
            continue;
        routes[*index].targets << RouteTargetRecord{t.value(1).toLongLong(), t.value(2).toString(),
                                                    t.value(3).toString(), t.value(4).toInt()};
    }
    return routes;
}

Result<qint64> RouteRepository::save(const RouteRecord &route, bool replace)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Result<qint64>::failure(
            QStringLiteral("Cannot save route '%1': %2").arg(route.pattern, db.lastError().text()));
    auto abandon = [&db](const Status &why) {
        db.rollback();
        return Result<qint64>(why);
    };
    QSqlQuery q(db);
    if (replace) {
        q.prepare(QStringLiteral("DELETE FROM routes WHERE pattern = :pattern"));
        q.bindValue(QStringLiteral(":pattern"), route.pattern);
        if (auto s = sql::exec(q, QStringLiteral("replacing route '%1'").arg(route.pattern)); !s)
            return abandon(s);
    }
    q.prepare(QStringLiteral("INSERT INTO routes (pattern, strategy, enabled, created_at) "
                             "VALUES (:pattern, :strategy, :enabled, :created_at)"));
    q.bindValue(QStringLiteral(":pattern"), route.pattern);
    q.bindValue(QStringLiteral(":strategy"), routeStrategyName(route.strategy));
    q.bindValue(QStringLiteral(":enabled"), route.enabled ? 1 : 0);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return abandon(Status::failure(
                QStringLiteral("A route '%1' already exists; remove it first, or replace it.")
                    .arg(route.pattern)));
        return abandon(sql::failure(q, QStringLiteral("adding route '%1'").arg(route.pattern)));
    }
    const qint64 id = q.lastInsertId().toLongLong();
    if (Status s = insertTargets(db, id, route); !s)
        return abandon(s);
    if (!db.commit())
        return abandon(Status::failure(QStringLiteral("Cannot save route '%1': %2")
                                           .arg(route.pattern, db.lastError().text())));
    return id;
}

Status RouteRepository::update(const RouteRecord &route)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Status::failure(QStringLiteral("Cannot change route '%1': %2")
                                   .arg(route.pattern, db.lastError().text()));
    auto abandon = [&db](Status why) {
        db.rollback();
        return why;
    };
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE routes SET pattern = :pattern, strategy = :strategy, "
                             "enabled = :enabled WHERE id = :id"));
    q.bindValue(QStringLiteral(":pattern"), route.pattern);
    q.bindValue(QStringLiteral(":strategy"), routeStrategyName(route.strategy));
    q.bindValue(QStringLiteral(":enabled"), route.enabled ? 1 : 0);
    q.bindValue(QStringLiteral(":id"), route.id);
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return abandon(
                Status::failure(QStringLiteral("A route '%1' already exists.").arg(route.pattern)));
        return abandon(sql::failure(q, QStringLiteral("changing route '%1'").arg(route.pattern)));
    }
    if (q.numRowsAffected() == 0)
        return abandon(
            Status::failure(QStringLiteral("The route '%1' no longer exists.").arg(route.pattern)));
    q.prepare(QStringLiteral("DELETE FROM route_targets WHERE route_id = :id"));
    q.bindValue(QStringLiteral(":id"), route.id);
    if (auto s = sql::exec(q, QStringLiteral("changing route '%1'").arg(route.pattern)); !s)
        return abandon(s);
    if (Status s = insertTargets(db, route.id, route); !s)
        return abandon(s);
    if (!db.commit())
        return abandon(Status::failure(QStringLiteral("Cannot change route '%1': %2")
                                           .arg(route.pattern, db.lastError().text())));
    return Status::success();
}

Status RouteRepository::setEnabled(const QString &pattern, bool enabled)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE routes SET enabled = :enabled WHERE pattern = :pattern"));
    q.bindValue(QStringLiteral(":enabled"), enabled ? 1 : 0);
    q.bindValue(QStringLiteral(":pattern"), pattern);
    if (auto s = sql::exec(q, QStringLiteral("changing route '%1'").arg(pattern)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no route '%1'.").arg(pattern));
    return Status::success();
}

Status RouteRepository::remove(const QString &pattern)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM routes WHERE pattern = :pattern"));
    q.bindValue(QStringLiteral(":pattern"), pattern);
    if (auto s = sql::exec(q, QStringLiteral("removing route '%1'").arg(pattern)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no route '%1'.").arg(pattern));
    return Status::success();
}

} // namespace llmux
