#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/store/BudgetRepository.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux budget set (--global | --project P | --key K) (--usd AMOUNT | --tokens N)\n"
    "                 --period day|week|month|total [--alert-at 50,80,100] [--hard]\n"
    "       llmux budget list | remove ID");

Status readSubject(CliContext &ctx, const ArgParser &p, Budget &b)
{
    const int given = int(p.isSet(QStringLiteral("global"))) +
                      int(p.isSet(QStringLiteral("project"))) + int(p.isSet(QStringLiteral("key")));
    if (given != 1)
        return Status::failure(QStringLiteral("Say whose budget it is: one of --global, --project "
                                              "P or --key K."));
    if (p.isSet(QStringLiteral("project"))) {
        b.scope = Budget::Scope::Project;
        const auto project =
            ProjectRepository(ctx.db()).findByName(p.value(QStringLiteral("project")));
        if (!project)
            return project.status();
        if (!project->has_value())
            return Status::failure(QStringLiteral("There is no project named '%1'.")
                                       .arg(p.value(QStringLiteral("project"))));
        b.subject = (*project)->name;
    } else if (p.isSet(QStringLiteral("key"))) {
        b.scope = Budget::Scope::Key;
        b.subject = p.value(QStringLiteral("key"));
        const auto keys = GatewayKeyRepository(ctx.db()).list(false);
        if (!keys)
            return keys.status();
        if (std::none_of(keys->cbegin(), keys->cend(),
                         [&](const GatewayKeyRecord &k) { return k.name == b.subject; }))
            return Status::failure(
                QStringLiteral("There is no active key named '%1'.").arg(b.subject));
    }
    return Status::success();
}

int set(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Sets a spending budget (US$, from the prices of your "
                                       "models) or a token quota. Thresholds raise alerts; a "
                                       "hard budget refuses requests once spent. Setting one "
                                       "again for the same subject and period replaces it."));
    p.addOptions({
        {QStringLiteral("global"), QStringLiteral("For every request.")},
        {QStringLiteral("project"), QStringLiteral("For the keys of one project."),
         QStringLiteral("P")},
        {QStringLiteral("key"), QStringLiteral("For one gateway key."), QStringLiteral("K")},
        {QStringLiteral("usd"), QStringLiteral("Spending in US$."), QStringLiteral("AMOUNT")},
        {QStringLiteral("tokens"), QStringLiteral("Tokens, prompt and answer."),
         QStringLiteral("N")},
        {QStringLiteral("period"), QStringLiteral("day, week, month or total."),
         QStringLiteral("PERIOD")},
        {QStringLiteral("alert-at"),
         QStringLiteral("Percents that raise an alert (default 50,80,100)."),
         QStringLiteral("LIST")},
        {QStringLiteral("hard"), QStringLiteral("Refuse requests once it is spent.")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    Budget b;
    if (Status s = readSubject(ctx, p, b); !s)
        return ctx.fail(s.error());
    if (p.isSet(QStringLiteral("usd")) == p.isSet(QStringLiteral("tokens")))
        return ctx.fail(QStringLiteral("Say how much: --usd AMOUNT or --tokens N."));
    bool ok = false;
    b.measure = p.isSet(QStringLiteral("usd")) ? Budget::Measure::Usd : Budget::Measure::Tokens;
    b.amount = p.value(b.measure == Budget::Measure::Usd ? QStringLiteral("usd")
                                                         : QStringLiteral("tokens"))
                   .toDouble(&ok);
    if (!ok || b.amount <= 0)
        return ctx.fail(QStringLiteral("The amount must be a positive number, e.g. --usd 20 or "
                                       "--tokens 1000000."));
    const auto period = Budget::periodFromName(p.value(QStringLiteral("period")));
    if (!period)
        return ctx.fail(QStringLiteral("--period takes day, week, month or total."));
    b.period = *period;
    if (p.isSet(QStringLiteral("alert-at"))) {
        const auto alerts = Budget::alertsFromText(p.value(QStringLiteral("alert-at")));
        if (!alerts)
            return ctx.fail(QStringLiteral("--alert-at takes percents, e.g. 50,80,100."));
        b.alertAt = *alerts;
    }
    b.hard = p.isSet(QStringLiteral("hard"));
    const auto id = BudgetRepository(ctx.db()).set(b);
    if (!id)
        return ctx.fail(id.error());
    ctx.out() << "Budget " << id.value() << ": " << b.subjectText() << ", " << b.amountText()
              << ". Running gateways apply it within a second." << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux budget list"),
                QStringLiteral("Lists budgets: spent in the current period, what is left, and "
                               "where the period is heading at its current pace."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    BudgetRepository repo(ctx.db());
    const auto budgets = repo.list();
    if (!budgets)
        return ctx.fail(budgets.error());
    if (budgets->isEmpty())
        ctx.out() << "No budgets. Set one: llmux budget set --global --usd 20 --period month\n";
    const QDateTime now = QDateTime::currentDateTime();
    for (const Budget &b : budgets.value()) {
        const Budget::Window window = b.periodAround(now);
        const auto spending =
            repo.spent(b, window.start.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1);
        if (!spending)
            return ctx.fail(spending.error());
        const double spent = spending->in(b.measure);
        ctx.out() << b.id << "  " << b.subjectText() << ": " << b.amountText() << '\n'
                  << "     spent " << b.valueText(spent) << " ("
                  << QString::number(b.amount > 0 ? 100 * spent / b.amount : 0, 'f', 0)
                  << "%), left " << b.valueText(std::max(0.0, b.amount - spent));
        if (const std::optional<double> projected = b.projectedSpend(spent, now))
            ctx.out() << ", heading for " << b.valueText(*projected) << " by "
                      << window.end.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        ctx.out() << '\n';
        if (b.measure == Budget::Measure::Usd && spending->unpricedTokens > 0)
            ctx.out() << "     not counted: " << spending->unpricedTokens
                      << " tokens on models without a price (llmux model add ... --price-in "
                         "X --price-out Y)\n";
    }
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux budget remove ID"),
                QStringLiteral("Removes a budget (its ID from llmux budget list)."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    bool ok = false;
    const qint64 id = p.positionalArguments().first().toLongLong(&ok);
    if (!ok)
        return ctx.fail(QStringLiteral("Give the budget's ID, as llmux budget list shows it."));
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    if (Status s = BudgetRepository(ctx.db()).remove(id); !s)
        return ctx.fail(s.error());
    ctx.out() << "Removed budget " << id << '.' << Qt::endl;
    return 0;
}

} // namespace

int runBudget(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("budget"), kUsage,
                         {{"set", set}, {"list", list}, {"remove", remove}});
}

} // namespace llmux::cli
