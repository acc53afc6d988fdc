#include "cli/ArgParser.h"
#include "cli/CliContext.h"
#include "cli/Commands.h"
#include "cli/Subcommands.h"

#include "store/ModelRepository.h"
#include "store/ProviderRepository.h"
#include "store/RouteRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux model add PUBLIC --provider NAME --upstream-model MODEL [--price-in X --price-out Y]\n"
    "       llmux model list | remove PUBLIC | enable PUBLIC | disable PUBLIC");

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
        if (!okIn || !okOut || price.inputPerMillion < 0 || price.outputPerMillion < 0)
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
    // An alias wins over a route of the same name; adding one would silently take the route over.
    const auto routes = RouteRepository(ctx.db()).list();
    if (!routes)
        return ctx.fail(routes.error());
    for (const RouteRecord &r : routes.value())
        if (r.pattern.compare(model.publicName, Qt::CaseInsensitive) == 0)
            return ctx.fail(QStringLiteral("'%1' is already a route, which the alias would hide. "
                                           "Remove the route first (llmux route remove %1) or "
                                           "pick another name.")
                                .arg(r.pattern));
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
    auto change = [](QString action) {
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
