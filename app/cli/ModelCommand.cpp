#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/services/ModelCatalog.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux model add PUBLIC --provider NAME --upstream-model MODEL [--price-in X --price-out Y]\n"
    "       llmux model list | remove PUBLIC | enable PUBLIC | disable PUBLIC");

// The catalog's findings in the CLI's words, with the command that fixes them.
QString issueText(const CatalogIssue &issue)
{
    using Kind = CatalogIssue::Kind;
    switch (issue.kind) {
    case Kind::None:
        return QString();
    case Kind::EmptyName:
        return QStringLiteral("The public model name must not be empty.");
    case Kind::NoProvider:
    case Kind::EmptyUpstreamModel:
        return QStringLiteral("Give --provider NAME and --upstream-model MODEL.");
    case Kind::NegativePrice:
        return QStringLiteral("Prices are non-negative numbers per million tokens, e.g. "
                              "--price-in 0.27 --price-out 1.10.");
    case Kind::ModelExists:
        return QStringLiteral("A model named '%1' already exists; remove it first to change "
                              "where it points.")
            .arg(issue.model.publicName);
    case Kind::NameIsRoute:
        return QStringLiteral("'%1' is already a route, which the alias would hide. Remove the "
                              "route first (llmux route remove %1) or pick another name.")
            .arg(issue.route.pattern);
    default:
        return QStringLiteral("The model '%1' cannot be saved.").arg(issue.name);
    }
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Maps a public model name (what clients ask for) to a "
                                       "provider and the provider's own model name."));
    p.addOptions({
        {QStringLiteral("provider"), QStringLiteral("Provider name."), QStringLiteral("NAME")},
        {QStringLiteral("upstream-model"), QStringLiteral("The provider's model name."),
         QStringLiteral("MODEL")},
        {QStringLiteral("price-in"), QStringLiteral("Price per million input tokens."),
         QStringLiteral("X")},
        {QStringLiteral("price-out"), QStringLiteral("Price per million output tokens."),
         QStringLiteral("Y")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    ModelRecord model;
    model.publicName = p.positionalArguments().first().trimmed();
    model.upstreamModel = p.value(QStringLiteral("upstream-model")).trimmed();
    const QString providerName = p.value(QStringLiteral("provider"));
    if (model.publicName.isEmpty())
        return ctx.fail(QStringLiteral("The public model name must not be empty."));
    if (providerName.isEmpty() || model.upstreamModel.isEmpty())
        return ctx.fail(QStringLiteral("Give --provider NAME and --upstream-model MODEL."));
    if (p.isSet(QStringLiteral("price-in")) || p.isSet(QStringLiteral("price-out"))) {
        bool okIn = true, okOut = true;
        ModelPrice price;
        if (p.isSet(QStringLiteral("price-in")))
            price.inputPerMillion = p.value(QStringLiteral("price-in")).toDouble(&okIn);
        if (p.isSet(QStringLiteral("price-out")))
            price.outputPerMillion = p.value(QStringLiteral("price-out")).toDouble(&okOut);
        if (!okIn || !okOut) // negative prices are the catalog's to refuse
            return ctx.fail(QStringLiteral("Prices are non-negative numbers per million tokens, "
                                           "e.g. --price-in 0.27 --price-out 1.10."));
        model.price = price;
    }
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto provider = ProviderRepository(ctx.db()).findByName(providerName);
    if (!provider)
        return ctx.fail(provider.error());
    if (!provider->has_value())
        return ctx.fail(QStringLiteral("There is no provider named '%1'. Add it first: llmux "
                                       "provider add %1 ...")
                            .arg(providerName));
    model.providerId = (*provider)->id;
    const auto checked = ModelCatalog(ctx.db()).checkModel(model);
    if (!checked)
        return ctx.fail(checked.error());
    if (QString problem = issueText(checked.value()); !problem.isEmpty())
        return ctx.fail(problem);
    const auto id = ModelRepository(ctx.db()).add(model);
    if (!id)
        return ctx.fail(id.error());
    ctx.out() << "Added model '" << model.publicName << "' -> " << (*provider)->name << '/'
              << model.upstreamModel << '.' << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux model list"), QStringLiteral("Lists public model names."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto models = ModelRepository(ctx.db()).list();
    if (!models)
        return ctx.fail(models.error());
    if (models->isEmpty())
        ctx.out()
            << "No models yet. Add one: llmux model add NAME --provider P --upstream-model M\n";
    for (const ModelRecord &m : models.value()) {
        ctx.out() << qSetFieldWidth(24) << Qt::left << m.publicName << qSetFieldWidth(0) << " -> "
                  << m.providerName << '/' << m.upstreamModel;
        if (m.price)
            ctx.out() << "  price in/out per 1M: " << m.price->inputPerMillion << '/'
                      << m.price->outputPerMillion;
        ctx.out() << (m.enabled ? "" : "  (disabled)") << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int change(CliContext &ctx, const QStringList &args, const QString &verb)
{
    ArgParser p(QStringLiteral("llmux model %1 PUBLIC").arg(verb),
                QStringLiteral("Changes a public model name."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first();
    ModelRepository models(ctx.db());
    const Status s = verb == QLatin1String("remove")
                         ? models.remove(name)
                         : models.setEnabled(name, verb == QLatin1String("enable"));
    if (!s)
        return ctx.fail(s.error());
    ctx.out() << "Model '" << name << "': " << verb << "d." << Qt::endl;
    return 0;
}

} // namespace

int runModel(CliContext &ctx, const QStringList &args)
{
    auto change = [](const QString &action) {
        return [action](CliContext &c, const QStringList &a) { return cli::change(c, a, action); };
    };
    return runSubcommand(ctx, args, QStringLiteral("model"), kUsage,
                         {{"add", add},
                          {"list", list},
                          {"remove", change(QStringLiteral("remove"))},
                          {"enable", change(QStringLiteral("enable"))},
                          {"disable", change(QStringLiteral("disable"))}});
}

} // namespace llmux::cli
