#include "core/store/SqlSupport.h"

#include <QSqlError>

namespace llmux::sql {

Status exec(QSqlQuery &query, const QString &what)
{
    if (query.exec())
        return Status::success();
    return failure(query, what);
}

Status failure(const QSqlQuery &query, const QString &what)
{
    return Status::failure(
        QStringLiteral("Database error while %1: %2").arg(what, query.lastError().text()));
}

bool isUniqueViolation(const QSqlQuery &query)
{
    return query.lastError().databaseText().contains(QLatin1String("UNIQUE constraint failed"));
}

} // namespace llmux::sql
