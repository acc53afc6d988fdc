#include "core/services/BillingReport.h"

#include "core/store/BudgetRepository.h"

#include <QLocale>

namespace llmux {
namespace {

void add(KeyUsageQuery::Row &to, const KeyUsageQuery::Row &r)
{
    to.requests += r.requests;
    to.errors += r.errors;
    to.promptTokens += r.promptTokens;
    to.completionTokens += r.completionTokens;
    to.cost += r.cost;
    to.unpricedTokens += r.unpricedTokens;
}

QString cells(const QStringList &values, bool bold)
{
    QString out = QStringLiteral("<tr>");
    for (qsizetype i = 0; i < values.size(); ++i)
        out += QStringLiteral("<td%1>%2%3%4</td>")
                   .arg(i == 0 ? QString() : QStringLiteral(" align=\"right\""),
                        bold ? QStringLiteral("<b>") : QString(), values[i],
                        bold ? QStringLiteral("</b>") : QString());
    return out + QStringLiteral("</tr>");
}

QStringList numbers(const KeyUsageQuery::Row &r)
{
    const QLocale c = QLocale::c();
    return {c.toString(r.requests),          c.toString(r.errors),
            c.toString(r.promptTokens),      c.toString(r.completionTokens),
            QString::number(r.cost, 'f', 4), c.toString(r.unpricedTokens)};
}

} // namespace

Result<BillingReport> BillingReport::build(const Database &db, const QString &project,
                                           qint64 fromMs, qint64 toMs, const QString &rangeText)
{
    BillingReport report;
    report.range = rangeText;
    report.project = project;
    report.generatedAt = QDateTime::currentDateTime();
    const auto rows = KeyUsageQuery::billing(db, project, fromMs, toMs);
    if (!rows)
        return rows.status();
    report.rows = rows.value();
    BudgetRepository budgets(db);
    const auto list = budgets.list();
    if (!list)
        return list.status();
    const QDateTime now = report.generatedAt;
    for (const Budget &b : list.value()) {
        if (!project.isEmpty() && !(b.scope == Budget::Scope::Project &&
                                    b.subject.compare(project, Qt::CaseInsensitive) == 0))
            continue;
        const Budget::Window w = b.periodAround(now);
        const auto spent =
            budgets.spent(b, w.start.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1);
        if (!spent)
            return spent.status();
        report.budgets << Standing{b, spent->in(b.measure)};
    }
    return report;
}

QList<BillingReport::Line> BillingReport::lines() const
{
    QList<Line> out;
    KeyUsageQuery::Row subtotal;
    QString current;
    bool any = false;
    const auto close = [&] {
        if (any && !current.isEmpty())
            out << Line{current, subtotal, true};
        subtotal = {};
    };
    for (const KeyUsageQuery::BillingRow &r : rows) {
        if (!any || r.project != current) {
            close();
            current = r.project;
            any = true;
        }
        out << Line{r.project, r.key, false};
        add(subtotal, r.key);
    }
    close();
    return out;
}

KeyUsageQuery::Row BillingReport::grandTotal() const
{
    KeyUsageQuery::Row total;
    for (const KeyUsageQuery::BillingRow &r : rows)
        add(total, r.key);
    return total;
}

QString BillingReport::html(const BillingReportLabels &l) const
{
    const auto e = [](const QString &s) { return s.toHtmlEscaped(); };
    QString out = QStringLiteral("<html><body style=\"font-family: sans-serif; font-size: 9pt\">");
    out += QStringLiteral("<h2>%1</h2><p>%2: %3<br/>%4: %5<br/>%6: %7</p>")
               .arg(e(l.title), e(l.period), e(range), e(l.projectHeading),
                    e(project.isEmpty() ? l.everyProject : project), e(l.generated),
                    e(QLocale::c().toString(generatedAt, QStringLiteral("yyyy-MM-dd HH:mm"))));
    out += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                          "width=\"100%\">");
    out += QStringLiteral("<tr>");
    for (const QString &heading :
         {l.key, l.requests, l.errors, l.promptTokens, l.answerTokens, l.cost, l.unpriced})
        out += QStringLiteral("<th>%1</th>").arg(e(heading));
    out += QStringLiteral("</tr>");
    QString shownProject;
    bool first = true;
    for (const Line &line : lines()) {
        if (!line.total && (first || line.project != shownProject)) {
            first = false;
            shownProject = line.project;
            out += QStringLiteral("<tr><td colspan=\"7\"><i>%1</i></td></tr>")
                       .arg(e(line.project.isEmpty() ? l.noProject : line.project));
        }
        out += cells(QStringList{line.total ? e(l.projectTotal) : e(line.usage.group)} +
                         numbers(line.usage),
                     line.total);
    }
    if (rows.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"7\">%1</td></tr>").arg(e(l.noRequests));
    out += cells(QStringList{e(l.total)} + numbers(grandTotal()), true);
    out += QStringLiteral("</table>");
    if (!budgets.isEmpty()) {
        out +=
            QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                           "width=\"100%\"><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th>"
                           "</tr>")
                .arg(e(l.budgetsHeading), e(l.budgetFor), e(l.amount), e(l.spent), e(l.remaining));
        for (const Standing &s : budgets)
            out += cells({e(s.budget.subjectText()), e(s.budget.amountText()),
                          e(s.budget.valueText(s.spent)),
                          e(s.budget.valueText(std::max(0.0, s.budget.amount - s.spent)))},
                         false);
        out += QStringLiteral("</table>");
    }
    return out + QStringLiteral("</body></html>");
}

} // namespace llmux
