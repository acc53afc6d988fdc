#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/services/ModelCatalog.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace llmux::cli {
namespace {

const QString kUsage =
    QStringLiteral("llmux route add PUBLIC [--strategy STRATEGY] --target PROVIDER:MODEL[:WEIGHT] "
                   "[--target ...] [--replace]\n"
                   "       llmux route list [--json] | remove PUBLIC");

constexpr int kMaxWeight = ModelCatalog::kMaxWeight;

bool allDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text)
        if (!c.isDigit())
            return false;
    return true;
}

// PROVIDER:MODEL[:WEIGHT]. Model names may contain ':' themselves (ollama's "llama3:8b"), so a
// trailing number is a weight only when a third part exists: "p:qwen:7:2" is qwen:7 weighted 2.
struct ParsedTarget
{
    QString provider;
    QString model;
    int weight = 1;
    QString error;
};

ParsedTarget parseTarget(const QString &text)
{
    ParsedTarget t;
    const qsizetype first = text.indexOf(QLatin1Char(':'));
    if (first <= 0) {
        t.error = QStringLiteral("--target '%1' is not PROVIDER:MODEL[:WEIGHT], e.g. "
                                 "--target openai:gpt-4o or --target ollama:llama3:8b:2.")
                      .arg(text);
        return t;
    }
    t.provider = text.left(first).trimmed();
    t.model = text.mid(first + 1);
    const qsizetype last = t.model.lastIndexOf(QLatin1Char(':'));
    if (last >= 0 && allDigits(QStringView(t.model).mid(last + 1))) {
        bool ok = false;
        const int weight = t.model.mid(last + 1).toInt(&ok);
        if (!ok || weight < 1 || weight > kMaxWeight) {
            t.error = QStringLiteral("The weight in --target '%1' must be between 1 and %2.")
                          .arg(text)
                          .arg(kMaxWeight);
            return t;
        }
        t.weight = weight;
        t.model.truncate(last);
    }
    t.model = t.model.trimmed();
    if (t.model.isEmpty())
        t.error =
            QStringLiteral("--target '%1' names no model: give PROVIDER:MODEL[:WEIGHT].").arg(text);
    return t;
}

// Shows the weight when it matters, and whenever leaving it out would make the text read back as
// a different target ("p:qwen:7" would be qwen weighted 7).
QString targetText(const RouteTargetRecord &t, RouteStrategy strategy)
{
    const qsizetype colon = t.upstreamModel.lastIndexOf(QLatin1Char(':'));
    const bool ambiguous = colon >= 0 && allDigits(QStringView(t.upstreamModel).mid(colon + 1));
    QString text = t.providerName + QLatin1Char(':') + t.upstreamModel;
    if (strategy == RouteStrategy::Weighted || t.weight != 1 || ambiguous)
        text += QLatin1Char(':') + QString::number(t.weight);
    return text;
}

QString targetsText(const RouteRecord &route)
{
    // Targets go with their provider when it is removed.
    if (route.targets.isEmpty())
        return QStringLiteral("(no targets: its providers were removed)");
    QStringList parts;
    for (const RouteTargetRecord &t : route.targets)
        parts << targetText(t, route.strategy);
    return parts.join(QStringLiteral(", "));
}

// The catalog's findings in the CLI's words, with the command that fixes them.
QString issueText(const CatalogIssue &issue)
{
    using Kind = CatalogIssue::Kind;
    switch (issue.kind) {
    case Kind::None:
        return QString();
    case Kind::EmptyName:
        return QStringLiteral("The public model name must not be empty.");
    case Kind::NoTargets:
        return QStringLiteral("Give at least one --target PROVIDER:MODEL[:WEIGHT].");
    case Kind::WeightOutOfRange:
        return QStringLiteral("Weights must be between 1 and %1.").arg(kMaxWeight);
    case Kind::StarWithoutPattern:
        return QStringLiteral("A target's model contains '*', but '%1' has no '*' whose match "
                              "could replace it: make the name a pattern or drop the '*'.")
            .arg(issue.name);
    case Kind::NameIsModel:
        return QStringLiteral("'%1' is already a model alias (-> %2/%3), which would hide the "
                              "route. Remove the alias first (llmux model remove %1) or pick "
                              "another name.")
            .arg(issue.model.publicName, issue.model.providerName, issue.model.upstreamModel);
    case Kind::RouteExists:
        return QStringLiteral("A route '%1' already exists (%2: %3). Add --replace to replace it.")
            .arg(issue.route.pattern, routeStrategyName(issue.route.strategy),
                 targetsText(issue.route));
    default:
        return QStringLiteral("The route '%1' cannot be saved.").arg(issue.name);
    }
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage,
                QStringLiteral("Serves a public model name, or a pattern with * and ?, from one "
                               "or more provider models. A '*' in a target's model is replaced "
                               "by what the pattern's first '*' matched."));
    p.addOptions({
        {QStringLiteral("strategy"),
         QStringLiteral("How to pick a target: %1 (default failover).")
             .arg(routeStrategyNames().join(QStringLiteral(", "))),
         QStringLiteral("STRATEGY"), QStringLiteral("failover")},
        {QStringLiteral("target"),
         QStringLiteral("A provider and its model name, and a weight 1-%1 after a further ':' "
                        "(ollama:llama3:8b is the model llama3:8b; ollama:qwen:7:2 is qwen:7 "
                        "with weight 2). Repeat for more targets, in priority order.")
             .arg(kMaxWeight),
         QStringLiteral("PROVIDER:MODEL[:WEIGHT]")},
        {QStringLiteral("replace"), QStringLiteral("Replace an existing route of that name.")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;

    RouteRecord route;
    route.pattern = p.positionalArguments().first().trimmed();
    if (route.pattern.isEmpty())
        return ctx.fail(QStringLiteral("The public model name must not be empty."));
    const auto strategy = routeStrategyFromName(p.value(QStringLiteral("strategy")));
    if (!strategy)
        return ctx.fail(QStringLiteral("Unknown strategy '%1'; use one of %2.")
                            .arg(p.value(QStringLiteral("strategy")),
                                 routeStrategyNames().join(QStringLiteral(", "))));
    route.strategy = *strategy;
    const QStringList targetArgs = p.values(QStringLiteral("target"));
    if (targetArgs.isEmpty())
        return ctx.fail(QStringLiteral("Give at least one --target PROVIDER:MODEL[:WEIGHT]."));
    QList<ParsedTarget> parsed;
    for (const QString &text : targetArgs) {
        ParsedTarget t = parseTarget(text);
        if (!t.error.isEmpty())
            return ctx.fail(t.error);
        parsed << t;
    }

    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto providers = ProviderRepository(ctx.db()).list();
    if (!providers)
        return ctx.fail(providers.error());
    for (const ParsedTarget &t : std::as_const(parsed)) {
        const auto found =
            std::find_if(providers->cbegin(), providers->cend(), [&t](const ProviderRecord &r) {
                return r.name.compare(t.provider, Qt::CaseInsensitive) == 0;
            });
        if (found == providers->cend()) {
            QStringList known;
            for (const ProviderRecord &r : providers.value())
                known << r.name;
            return ctx.fail(
                known.isEmpty()
                    ? QStringLiteral("There is no provider named '%1'; no providers exist yet. "
                                     "Add one first: llmux provider add %1 ...")
                          .arg(t.provider)
                    : QStringLiteral("There is no provider named '%1'. Known providers: %2.")
                          .arg(t.provider, known.join(QStringLiteral(", "))));
        }
        route.targets << RouteTargetRecord{found->id, found->name, t.model, t.weight};
    }

    RouteRepository routes(ctx.db());
    const bool replace = p.isSet(QStringLiteral("replace"));
    qint64 replacing = 0;
    if (replace) {
        const auto existing = routes.list();
        if (!existing)
            return ctx.fail(existing.error());
        for (const RouteRecord &r : existing.value())
            if (r.pattern.compare(route.pattern, Qt::CaseInsensitive) == 0)
                replacing = r.id;
    }
    const auto checked = ModelCatalog(ctx.db()).checkRoute(route, replacing);
    if (!checked)
        return ctx.fail(checked.error());
    if (QString problem = issueText(checked.value()); !problem.isEmpty())
        return ctx.fail(problem);
    if (const auto saved = routes.save(route, replace); !saved)
        return ctx.fail(saved.error());
    ctx.out() << "Route '" << route.pattern << "' (" << routeStrategyName(route.strategy)
              << "): " << targetsText(route) << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux route list [--json]"),
                QStringLiteral("Lists routes with their strategy and targets."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the routes as a JSON array.")});
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto routes = RouteRepository(ctx.db()).list();
    if (!routes)
        return ctx.fail(routes.error());

    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const RouteRecord &r : routes.value()) {
            QJsonArray targets;
            for (const RouteTargetRecord &t : r.targets)
                targets.append(QJsonObject{{QStringLiteral("provider"), t.providerName},
                                           {QStringLiteral("model"), t.upstreamModel},
                                           {QStringLiteral("weight"), t.weight}});
            array.append(QJsonObject{{QStringLiteral("pattern"), r.pattern},
                                     {QStringLiteral("strategy"), routeStrategyName(r.strategy)},
                                     {QStringLiteral("enabled"), r.enabled},
                                     {QStringLiteral("targets"), targets}});
        }
        ctx.out() << QJsonDocument(array).toJson(QJsonDocument::Indented) << Qt::flush;
        return 0;
    }
    if (routes->isEmpty()) {
        ctx.out() << "No routes yet. Add one: llmux route add NAME --target PROVIDER:MODEL "
                     "--target PROVIDER:MODEL"
                  << Qt::endl;
        return 0;
    }
    for (const RouteRecord &r : routes.value())
        ctx.out() << qSetFieldWidth(24) << Qt::left << r.pattern << qSetFieldWidth(12)
                  << routeStrategyName(r.strategy) << qSetFieldWidth(0) << ' ' << targetsText(r)
                  << (r.enabled ? "" : "  (disabled)") << '\n';
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux route remove PUBLIC"), QStringLiteral("Removes a route."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString pattern = p.positionalArguments().first();
    if (Status s = RouteRepository(ctx.db()).remove(pattern); !s)
        return ctx.fail(s.error());
    ctx.out() << "Removed route '" << pattern << "'." << Qt::endl;
    return 0;
}

} // namespace

int runRoute(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("route"), kUsage,
                         {{"add", add}, {"list", list}, {"remove", remove}});
}

} // namespace llmux::cli
