#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "core/common/Csv.h"
#include "core/services/BillingReport.h"
#include "core/store/KeyUsageQuery.h"
#include "core/store/ProjectRepository.h"
#include "core/translate/TranslationSupport.h"

#include <QBuffer>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux report usage|billing [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--project P]\n"
    "                           [--format csv|json|pdf] --output FILE|-");

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

// The report as an A4 PDF (needs a QGuiApplication: main() makes one for this command).
QByteArray pdfOf(const QString &html)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(QStringLiteral("LLMux billing report"));
        writer.setCreator(QStringLiteral("LLMux"));
        QTextDocument document;
        document.setHtml(html);
        document.print(&writer);
    }
    return bytes;
}

Result<QByteArray> billingReport(CliContext &ctx, const Range &range, const QString &project,
                                 const QString &format)
{
    const auto report =
        BillingReport::build(ctx.db(), project, range.fromMs, range.toMs, range.text);
    if (!report)
        return report.status();
    if (format == u"pdf")
        return pdfOf(report->html());
    if (format == u"json") {
        Json keys = Json::array();
        for (const auto &r : report->rows) {
            Json line = rowJson(r.key, "key");
            line["project"] = r.project.isEmpty() ? Json(nullptr) : Json(r.project.toStdString());
            keys.push_back(line);
        }
        Json list = Json::array();
        for (const BillingReport::Standing &s : report->budgets)
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
    for (const BillingReport::Line &line : report->lines())
        out += rowCsv(
            {line.project, line.total ? QStringLiteral("(project total)") : line.usage.group},
            line.usage);
    if (!report->budgets.isEmpty()) {
        out += QStringLiteral("\r\nbudget,applies_to,amount,spent_this_period,remaining\r\n");
        for (const BillingReport::Standing &s : report->budgets)
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
    if (format != u"csv" && format != u"json" && format != u"pdf")
        return ctx.fail(QStringLiteral("--format takes csv, json or pdf."));
    if (format == u"pdf" && kind != u"billing")
        return ctx.fail(QStringLiteral("A PDF is made of the billing report; the usage report is "
                                       "CSV or JSON (the Usage page exports its charts as PDF)."));
    const QString output = p.value(QStringLiteral("output"));
    if (format == u"pdf" && output == u"-")
        return ctx.fail(QStringLiteral("A PDF goes to a file: --output FILE."));
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
    const auto report = kind == u"usage" ? usageReport(ctx, *range, project, format == u"json")
                                         : billingReport(ctx, *range, project, format);
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
