#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "core/common/Csv.h"
#include "core/store/BudgetRepository.h"
#include "core/store/KeyUsageQuery.h"
#include "core/store/ProjectRepository.h"
#include "core/translate/TranslationSupport.h"

#include <QSaveFile>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux report usage|billing [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--project P]\n"
    "                           [--format csv|json] --output FILE|-");

struct Range
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QString text; // "2026-12-01 to 2026-12-07"
};

// --from and --to are local calendar days, both included; by default this month so far.
Result<Range> rangeOf(const ArgParser &p)
{
    const QDate today = QDate::currentDate();
    QDate from(today.year(), today.month(), 1);
    QDate to = today;
    for (const auto &[name, date] : {std::pair{"from", &from}, {"to", &to}}) {
        const QString value = p.value(QString::fromLatin1(name));
        if (value.isEmpty())
            continue;
        *date = QDate::fromString(value, Qt::ISODate);
        if (!date->isValid())
            return Result<Range>::failure(QStringLiteral("--%1 takes a date like 2026-12-01.")
                                              .arg(QString::fromLatin1(name)));
    }
    if (from > to)
        return Result<Range>::failure(QStringLiteral("--from must not come after --to."));
    return Range{from.startOfDay().toMSecsSinceEpoch(),
                 to.addDays(1).startOfDay().toMSecsSinceEpoch(),
                 from.toString(Qt::ISODate) + QStringLiteral(" to ") + to.toString(Qt::ISODate)};
}

Json rowJson(const KeyUsageQuery::Row &r, const char *groupKey)
{
    return {{groupKey, r.group.toStdString()},
            {"requests", r.requests},
            {"errors", r.errors},
            {"prompt_tokens", r.promptTokens},
            {"completion_tokens", r.completionTokens},
            {"cost_usd", r.cost},
            {"unpriced_tokens", r.unpricedTokens}};
}

QString rowCsv(const QStringList &leading, const KeyUsageQuery::Row &r)
{
    QStringList fields;
    for (const QString &f : leading)
        fields << csv::field(f);
    fields << QString::number(r.requests) << QString::number(r.errors)
           << QString::number(r.promptTokens) << QString::number(r.completionTokens)
           << QString::number(r.cost, 'f', 6) << QString::number(r.unpricedTokens);
    return fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

const QString kColumns =
    QStringLiteral("requests,errors,prompt_tokens,completion_tokens,cost_usd,unpriced_tokens");

Result<QByteArray> usageReport(CliContext &ctx, const Range &range, const QString &project,
                               bool asJson)
{
    const auto subject =
        project.isEmpty() ? KeyUsageQuery::Subject::Everyone : KeyUsageQuery::Subject::Project;
    const auto byDay = KeyUsageQuery::rows(ctx.db(), subject, project, range.fromMs, range.toMs,
                                           KeyUsageQuery::GroupBy::Day);
    const auto byModel = KeyUsageQuery::rows(ctx.db(), subject, project, range.fromMs, range.toMs,
                                             KeyUsageQuery::GroupBy::Model);
    if (!byDay || !byModel)
        return Result<QByteArray>::failure(byDay ? byModel.error() : byDay.error());
    if (asJson) {
        Json days = Json::array(), models = Json::array();
        for (const auto &r : byDay.value())
            days.push_back(rowJson(r, "date"));
        for (const auto &r : byModel.value())
            models.push_back(rowJson(r, "model"));
        return QByteArray(
            json::toBytes(
                {{"report", "usage"},
                 {"range", range.text.toStdString()},
                 {"project", project.isEmpty() ? Json(nullptr) : Json(project.toStdString())},
                 {"by_day", days},
                 {"by_model", models}}) +
            '\n');
    }
    QString out = QStringLiteral("section,name,") + kColumns + QStringLiteral("\r\n");
    for (const auto &r : byDay.value())
        out += rowCsv({QStringLiteral("day"), r.group}, r);
    for (const auto &r : byModel.value())
        out += rowCsv({QStringLiteral("model"), r.group}, r);
    return out.toUtf8();
}

Result<QByteArray> billingReport(CliContext &ctx, const Range &range, const QString &project,
                                 bool asJson)
{
    const auto rows = KeyUsageQuery::billing(ctx.db(), project, range.fromMs, range.toMs);
    if (!rows)
        return rows.status();
    BudgetRepository budgetRepo(ctx.db());
    const auto budgets = budgetRepo.list();
    if (!budgets)
        return budgets.status();
    // Budgets as they stand in their current period.
    struct Standing
    {
        Budget budget;
        double spent = 0;
    };
    QList<Standing> standings;
    const QDateTime now = QDateTime::currentDateTime();
    for (const Budget &b : budgets.value()) {
        if (!project.isEmpty() && !(b.scope == Budget::Scope::Project &&
                                    b.subject.compare(project, Qt::CaseInsensitive) == 0))
            continue;
        const Budget::Window w = b.periodAround(now);
        const auto spent =
            budgetRepo.spent(b, w.start.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1);
        if (!spent)
            return spent.status();
        standings << Standing{b, spent->in(b.measure)};
    }
    if (asJson) {
        Json keys = Json::array();
        for (const auto &r : rows.value()) {
            Json line = rowJson(r.key, "key");
            line["project"] = r.project.isEmpty() ? Json(nullptr) : Json(r.project.toStdString());
            keys.push_back(line);
        }
        Json list = Json::array();
        for (const Standing &s : standings)
            list.push_back({{"id", s.budget.id},
                            {"applies_to", s.budget.subjectText().toStdString()},
                            {"budget", s.budget.amountText().toStdString()},
                            {"spent", s.spent},
                            {"remaining", std::max(0.0, s.budget.amount - s.spent)}});
        return QByteArray(json::toBytes({{"report", "billing"},
                                         {"range", range.text.toStdString()},
                                         {"keys", keys},
                                         {"budgets", list}}) +
                          '\n');
    }
    QString out = QStringLiteral("project,key,") + kColumns + QStringLiteral("\r\n");
    // Each project's keys, then its total.
    KeyUsageQuery::Row subtotal;
    QString current;
    bool any = false;
    auto closeProject = [&] {
        if (any && !current.isEmpty())
            out += rowCsv({current, QStringLiteral("(project total)")}, subtotal);
        subtotal = {};
    };
    for (const auto &r : rows.value()) {
        if (!any || r.project != current) {
            closeProject();
            current = r.project;
            any = true;
        }
        out += rowCsv({r.project, r.key.group}, r.key);
        subtotal.requests += r.key.requests;
        subtotal.errors += r.key.errors;
        subtotal.promptTokens += r.key.promptTokens;
        subtotal.completionTokens += r.key.completionTokens;
        subtotal.cost += r.key.cost;
        subtotal.unpricedTokens += r.key.unpricedTokens;
    }
    closeProject();
    if (!standings.isEmpty()) {
        out += QStringLiteral("\r\nbudget,applies_to,amount,spent_this_period,remaining\r\n");
        for (const Standing &s : standings)
            out += QStringList{QString::number(s.budget.id), csv::field(s.budget.subjectText()),
                               csv::field(s.budget.amountText()), QString::number(s.spent, 'f', 6),
                               QString::number(std::max(0.0, s.budget.amount - s.spent), 'f', 6)}
                       .join(QLatin1Char(',')) +
                   QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace

int runReport(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Writes a usage report (by day and by model) or a billing "
                                       "report (by project and key, with budgets) from the "
                                       "request log, as CSV or JSON."));
    p.addOptions({
        {QStringLiteral("from"), QStringLiteral("First day (default: the 1st of this month)."),
         QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("to"), QStringLiteral("Last day, included (default: today)."),
         QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("project"), QStringLiteral("Only this project's keys."),
         QStringLiteral("P")},
        {QStringLiteral("format"), QStringLiteral("csv (the default) or json."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("output"), QStringLiteral("The file to write, or - for standard output."),
         QStringLiteral("FILE")},
    });
    // args[0] is "report"; the kind follows.
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    const QString kind = p.positionalArguments().first();
    if (kind != u"usage" && kind != u"billing")
        return ctx.fail(QStringLiteral("Which report: usage or billing.\n") + kUsage);
    const QString format = p.value(QStringLiteral("format")).isEmpty()
                               ? QStringLiteral("csv")
                               : p.value(QStringLiteral("format")).toLower();
    if (format != u"csv" && format != u"json")
        return ctx.fail(QStringLiteral("--format takes csv or json."));
    const QString output = p.value(QStringLiteral("output"));
    if (output.isEmpty())
        return ctx.fail(QStringLiteral("Say where to write it: --output FILE (or - for the "
                                       "terminal)."));
    const auto range = rangeOf(p);
    if (!range)
        return ctx.fail(range.error());
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString project = p.value(QStringLiteral("project"));
    if (!project.isEmpty()) {
        const auto found = ProjectRepository(ctx.db()).findByName(project);
        if (!found)
            return ctx.fail(found.error());
        if (!found->has_value())
            return ctx.fail(QStringLiteral("There is no project named '%1'.").arg(project));
    }
    const bool asJson = format == u"json";
    const auto report = kind == u"usage" ? usageReport(ctx, *range, project, asJson)
                                         : billingReport(ctx, *range, project, asJson);
    if (!report)
        return ctx.fail(report.error());
    if (output == u"-") {
        ctx.out() << QString::fromUtf8(report.value()) << Qt::flush;
        return 0;
    }
    // Written whole or not at all.
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(report.value()) != report->size() ||
        !file.commit())
        return ctx.fail(QStringLiteral("Cannot write %1: %2").arg(output, file.errorString()));
    ctx.out() << "Wrote the " << kind << " report for " << range->text << " to " << output << '.'
              << Qt::endl;
    return 0;
}

} // namespace llmux::cli
