#include "core/store/ProjectRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QSqlError>

namespace llmux {

Result<QList<ProjectRecord>> ProjectRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT p.id, p.name, p.created_at, (SELECT COUNT(*) FROM "
                             "gateway_keys k WHERE k.project_id = p.id AND k.revoked_at IS NULL) "
                             "FROM projects p ORDER BY p.name"));
    if (auto s = sql::exec(q, QStringLiteral("listing projects")); !s)
        return s;
    QList<ProjectRecord> out;
    while (q.next())
        out << ProjectRecord{q.value(0).toLongLong(), q.value(1).toString(),
                             sql::toTime(q.value(2)), q.value(3).toInt()};
    return out;
}

Result<std::optional<ProjectRecord>> ProjectRepository::findByName(const QString &name) const
{
    const auto projects = list();
    if (!projects)
        return projects.status();
    for (const ProjectRecord &p : projects.value())
        if (p.name.compare(name, Qt::CaseInsensitive) == 0)
            return std::optional(p);
    return std::optional<ProjectRecord>();
}

Result<qint64> ProjectRepository::add(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > 64)
        return Result<qint64>::failure(
            QStringLiteral("A project needs a name of 1 to 64 characters, e.g. 'team-a'."));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO projects (name, created_at) VALUES (:name, :now)"));
    q.bindValue(QStringLiteral(":name"), name.trimmed());
    q.bindValue(QStringLiteral(":now"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Result<qint64>::failure(
                QStringLiteral("A project named '%1' already exists.").arg(name));
        return sql::failure(q, QStringLiteral("adding project '%1'").arg(name));
    }
    return q.lastInsertId().toLongLong();
}

Status ProjectRepository::remove(const QString &name)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Status::failure(
            QStringLiteral("Cannot remove project '%1': %2").arg(name, db.lastError().text()));
    // Its keys keep working, in no project (said here, not left to the foreign key's action).
    QSqlQuery detach(db);
    detach.prepare(QStringLiteral("UPDATE gateway_keys SET project_id = NULL WHERE project_id = "
                                  "(SELECT id FROM projects WHERE name = :name)"));
    detach.bindValue(QStringLiteral(":name"), name);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM projects WHERE name = :name"));
    q.bindValue(QStringLiteral(":name"), name);
    if (!detach.exec() || !q.exec()) {
        db.rollback();
        return sql::failure(q.lastError().isValid() ? q : detach,
                            QStringLiteral("removing project '%1'").arg(name));
    }
    if (q.numRowsAffected() == 0) {
        db.rollback();
        return Status::failure(QStringLiteral("There is no project named '%1'.").arg(name));
    }
    if (!db.commit()) {
        db.rollback();
        return Status::failure(
            QStringLiteral("Cannot remove project '%1': %2").arg(name, db.lastError().text()));
    }
    return Status::success();
}

} // namespace llmux
