#include "core/store/BudgetRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QStringList>

namespace llmux {

Result<QList<Budget>> BudgetRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, scope, subject, measure, amount, period, alert_at, hard, "
                             "created_at FROM budgets ORDER BY id"));
    if (auto s = sql::exec(q, QStringLiteral("listing budgets")); !s)
        return s;
    QList<Budget> out;
    while (q.next()) {
        const auto scope = Budget::scopeFromName(q.value(1).toString());
        const auto measure = Budget::measureFromName(q.value(3).toString());
        const auto period = Budget::periodFromName(q.value(5).toString());
        if (!scope || !measure || !period)
            continue; // written by a newer LLMux
        Budget b;
        b.id = q.value(0).toLongLong();
        b.scope = *scope;
        b.subject = q.value(2).toString();
        b.measure = *measure;
        b.amount = q.value(4).toDouble();
        b.period = *period;
        b.alertAt = Budget::alertsFromText(q.value(6).toString()).value_or(QList<int>());
        b.hard = q.value(7).toBool();
        b.createdAt = sql::toTime(q.value(8));
        out << b;
    }
    return out;
}

Result<qint64> BudgetRepository::set(const Budget &b)
{
    QStringList alerts;
    for (int percent : b.alertAt)
        alerts << QString::number(percent);
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO budgets (scope, subject, measure, amount, period, alert_at, hard, "
        "created_at) VALUES (:scope, :subject, :measure, :amount, :period, :alerts, :hard, :now) "
        "ON CONFLICT (scope, subject, measure, period) DO UPDATE SET amount = excluded.amount, "
        "alert_at = excluded.alert_at, hard = excluded.hard"));
    q.bindValue(QStringLiteral(":scope"), Budget::scopeName(b.scope));
    q.bindValue(QStringLiteral(":subject"), b.subject.isNull() ? QStringLiteral("") : b.subject);
    q.bindValue(QStringLiteral(":measure"), Budget::measureName(b.measure));
    q.bindValue(QStringLiteral(":amount"), b.amount);
    q.bindValue(QStringLiteral(":period"), Budget::periodName(b.period));
    q.bindValue(QStringLiteral(":alerts"),
                alerts.isEmpty() ? QStringLiteral("") : alerts.join(QLatin1Char(',')));
    q.bindValue(QStringLiteral(":hard"), b.hard ? 1 : 0);
    q.bindValue(QStringLiteral(":now"), QDateTime::currentMSecsSinceEpoch());
    if (auto s = sql::exec(q, QStringLiteral("saving a budget")); !s)
        return s;
    QSqlQuery id(m_db.connection());
    id.prepare(QStringLiteral("SELECT id FROM budgets WHERE scope = :scope AND subject = :subject "
                              "AND measure = :measure AND period = :period"));
    id.bindValue(QStringLiteral(":scope"), Budget::scopeName(b.scope));
    id.bindValue(QStringLiteral(":subject"), b.subject.isNull() ? QStringLiteral("") : b.subject);
    id.bindValue(QStringLiteral(":measure"), Budget::measureName(b.measure));
    id.bindValue(QStringLiteral(":period"), Budget::periodName(b.period));
    if (auto s = sql::exec(id, QStringLiteral("reading a budget")); !s)
        return s;
    return id.next() ? id.value(0).toLongLong() : 0;
}

Status BudgetRepository::remove(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM budgets WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (auto s = sql::exec(q, QStringLiteral("removing budget %1").arg(id)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(
            QStringLiteral("There is no budget %1 (llmux budget list shows them).").arg(id));
    return Status::success();
}

Result<BudgetRepository::Spending> BudgetRepository::spent(const Budget &budget, qint64 fromMs,
                                                           qint64 toMs) const
{
    QString subject;
    if (budget.scope == Budget::Scope::Key)
        subject = QStringLiteral(" AND key_name = :subject");
    else if (budget.scope == Budget::Scope::Project)
        subject = QStringLiteral(" AND key_id IN (SELECT k.id FROM gateway_keys k JOIN projects p "
                                 "ON p.id = k.project_id WHERE p.name = :subject)");
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT TOTAL(cost), TOTAL(COALESCE(prompt_tokens, 0) + "
                             "COALESCE(completion_tokens, 0)), TOTAL(CASE WHEN cost IS NULL THEN "
                             "COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0) ELSE 0 "
                             "END) FROM request_log WHERE ts_ms >= :from AND ts_ms < :to%1")
                  .arg(subject));
    q.bindValue(QStringLiteral(":from"), fromMs);
    q.bindValue(QStringLiteral(":to"), toMs);
    if (!subject.isEmpty())
        q.bindValue(QStringLiteral(":subject"), budget.subject);
    if (auto s = sql::exec(q, QStringLiteral("summing what budget %1 spent").arg(budget.id)); !s)
        return s;
    Spending out;
    if (q.next()) {
        out.usd = q.value(0).toDouble();
        out.tokens = q.value(1).toLongLong();
        out.unpricedTokens = q.value(2).toLongLong();
    }
    return out;
}

} // namespace llmux
