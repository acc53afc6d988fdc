#include "core/store/KeyUsageQuery.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

Result<QList<KeyUsageQuery::Row>> KeyUsageQuery::rows(const Database &db, Subject subject,
                                                      const QString &name, qint64 fromMs,
                                                      qint64 toMs, GroupBy groupBy, qint64 keyId)
{
    QString where = QStringLiteral("ts_ms >= :from AND ts_ms < :to");
    if (subject == Subject::Key && keyId > 0)
        where += QStringLiteral(" AND key_id = :id");
    else if (subject == Subject::Key)
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
    if (subject == Subject::Key && keyId > 0)
        q.bindValue(QStringLiteral(":id"), keyId);
    else if (subject != Subject::Everyone)
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

Result<QList<KeyUsageQuery::BillingRow>>
KeyUsageQuery::billing(const Database &db, const QString &project, qint64 fromMs, qint64 toMs)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
                  "SELECT COALESCE(p.name, ''), r.key_name, COUNT(*), TOTAL(CASE WHEN r.status "
                  ">= 400 OR r.client_disconnected THEN 1 ELSE 0 END), "
                  "TOTAL(COALESCE(r.prompt_tokens, 0)), TOTAL(COALESCE(r.completion_tokens, 0)), "
                  "TOTAL(r.cost), TOTAL(CASE WHEN r.cost IS NULL THEN COALESCE(r.prompt_tokens, "
                  "0) + COALESCE(r.completion_tokens, 0) ELSE 0 END) FROM request_log r LEFT JOIN "
                  "gateway_keys k ON k.id = r.key_id LEFT JOIN projects p ON p.id = k.project_id "
                  "WHERE r.ts_ms >= :from AND r.ts_ms < :to AND r.key_name IS NOT NULL%1 GROUP BY "
                  "1, 2 ORDER BY 1, 2")
                  .arg(project.isEmpty() ? QString() : QStringLiteral(" AND p.name = :project")));
    q.bindValue(QStringLiteral(":from"), fromMs);
    q.bindValue(QStringLiteral(":to"), toMs);
    if (!project.isEmpty())
        q.bindValue(QStringLiteral(":project"), project);
    if (auto s = sql::exec(q, QStringLiteral("reading the billing report")); !s)
        return s;
    QList<BillingRow> out;
    while (q.next())
        out << BillingRow{q.value(0).toString(),
                          Row{q.value(1).toString(), q.value(2).toLongLong(),
                              q.value(3).toLongLong(), q.value(4).toLongLong(),
                              q.value(5).toLongLong(), q.value(6).toDouble(),
                              q.value(7).toLongLong()}};
    return out;
}

} // namespace llmux
