#include "core/store/KeyUsageQuery.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

Result<QList<KeyUsageQuery::Row>> KeyUsageQuery::rows(const Database &db, Subject subject,
                                                      const QString &name, qint64 fromMs,
                                                      qint64 toMs, GroupBy groupBy)
{
    QString where = QStringLiteral("ts_ms >= :from AND ts_ms < :to");
    if (subject == Subject::Key)
        where += QStringLiteral(" AND key_name = :name");
    else if (subject == Subject::Project)
        where += QStringLiteral(" AND key_id IN (SELECT k.id FROM gateway_keys k JOIN projects p "
                                "ON p.id = k.project_id WHERE p.name = :name)");
    const QString group = groupBy == GroupBy::Day
                              ? QStringLiteral("strftime('%Y-%m-%d', ts_ms / 1000, 'unixepoch')")
                              : QStringLiteral("COALESCE(model_requested, '')");
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
                  "SELECT %1 AS g, COUNT(*), TOTAL(CASE WHEN status >= 400 OR "
                  "client_disconnected THEN 1 ELSE 0 END), TOTAL(COALESCE(prompt_tokens, 0)), "
                  "TOTAL(COALESCE(completion_tokens, 0)), TOTAL(cost), TOTAL(CASE WHEN cost IS "
                  "NULL THEN COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0) ELSE 0 "
                  "END) FROM request_log WHERE %2 GROUP BY g ORDER BY %3")
                  .arg(group, where,
                       groupBy == GroupBy::Day ? QStringLiteral("g")
                                               : QStringLiteral("COUNT(*) DESC, g")));
    q.bindValue(QStringLiteral(":from"), fromMs);
    q.bindValue(QStringLiteral(":to"), toMs);
    if (subject != Subject::Everyone)
        q.bindValue(QStringLiteral(":name"), name);
    if (auto s = sql::exec(q, QStringLiteral("reading usage")); !s)
        return s;
    QList<Row> out;
    while (q.next())
        out << Row{q.value(0).toString(),   q.value(1).toLongLong(), q.value(2).toLongLong(),
                   q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toDouble(),
                   q.value(6).toLongLong()};
    return out;
}

} // namespace llmux
