#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/config/GatewayConfig.h"
#include "core/services/ModelCatalog.h"
#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux model add PUBLIC --provider NAME --upstream-model MODEL [--price-in X --price-out Y]\n"
    "       llmux model set PUBLIC|PROVIDER/MODEL [--tools yes|no|auto] [--images yes|no|auto]\n"
    "                 [--reasoning yes|no|auto] [--responses-only yes|no|auto]\n"
    "                 [--context TOKENS|auto] [--max-output TOKENS|auto]\n"
    "       llmux model show PUBLIC|PROVIDER/MODEL\n"
    "       llmux model list | remove PUBLIC | enable PUBLIC | disable PUBLIC");

// The capability options of `model set`: flags, then token counts.
const QList<std::pair<const char *, std::optional<bool> ModelCapabilities::*>> kFlags = {
    {"tools", &ModelCapabilities::tools},
    {"images", &ModelCapabilities::images},
    {"reasoning", &ModelCapabilities::reasoning},
    {"responses-only", &ModelCapabilities::responsesOnly},
};
const QList<std::pair<const char *, std::optional<qint64> ModelCapabilities::*>> kCounts = {
    {"context", &ModelCapabilities::contextWindow},
    {"max-output", &ModelCapabilities::maxOutputTokens},
};

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

// A provider model named by a public alias or as PROVIDER/MODEL (a route's target).
struct ProviderModel
{
    qint64 providerId = 0;
    QString providerName;
    QString upstreamModel;
    ModelCapabilities edit{}; // the user's, over the preset
};

Result<ProviderModel> findProviderModel(CliContext &ctx, const QString &name)
{
    const auto models = ModelRepository(ctx.db()).list();
    if (!models)
        return Result<ProviderModel>::failure(models.error());
    for (const ModelRecord &m : models.value())
        if (m.publicName.compare(name, Qt::CaseInsensitive) == 0)
            return ProviderModel{m.providerId, m.providerName, m.upstreamModel, {}};
    const qsizetype slash = name.indexOf(QLatin1Char('/'));
    if (slash > 0 && slash < name.size() - 1) {
        const auto provider = ProviderRepository(ctx.db()).findByName(name.left(slash));
        if (!provider)
            return Result<ProviderModel>::failure(provider.error());
        if (provider->has_value())
            return ProviderModel{(*provider)->id, (*provider)->name, name.mid(slash + 1), {}};
    }
    return Result<ProviderModel>::failure(
        QStringLiteral("There is no model named '%1'. Name a public model (llmux model list) or "
                       "a provider's model as PROVIDER/MODEL.")
            .arg(name));
}

// Opens the database and finds the model the command names, with the user's edit of it.
Result<ProviderModel> providerModel(CliContext &ctx, const QString &name)
{
    if (Status opened = ctx.open(); !opened)
        return Result<ProviderModel>::failure(opened.error());
    auto found = findProviderModel(ctx, name);
    if (!found)
        return found;
    ProviderModel model = found.value();
    const auto edit =
        ModelCapabilityRepository(ctx.db()).find(model.providerId, model.upstreamModel);
    if (!edit)
        return Result<ProviderModel>::failure(edit.error());
    model.edit = edit.value();
    return model;
}

QString flagText(const std::optional<bool> &value)
{
    return value ? (*value ? QStringLiteral("yes") : QStringLiteral("no")) : QStringLiteral("?");
}

int set(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage,
                QStringLiteral("Says what a provider's model can take, over LLMux's presets "
                               "for well-known models; routes skip models that cannot "
                               "take a request. 'auto' goes back to the preset."));
    for (const auto &[name, field] : kFlags)
        p.addOption({QString::fromLatin1(name), QStringLiteral("yes, no or auto."),
                     QStringLiteral("yes|no|auto")});
    p.addOption({QStringLiteral("context"),
                 QStringLiteral("Context window in tokens (prompt and answer), or auto."),
                 QStringLiteral("TOKENS|auto")});
    p.addOption({QStringLiteral("max-output"), QStringLiteral("Longest answer in tokens, or auto."),
                 QStringLiteral("TOKENS|auto")});
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    const auto target = providerModel(ctx, p.positionalArguments().first());
    if (!target)
        return ctx.fail(target.error());
    ModelCapabilities edit = target->edit;
    bool any = false;
    for (const auto &[name, field] : kFlags) {
        const QString option = QString::fromLatin1(name);
        if (!p.isSet(option))
            continue;
        any = true;
        const QString value = p.value(option).toLower();
        if (value == u"yes" || value == u"no")
            edit.*field = value == u"yes";
        else if (value == u"auto")
            edit.*field = std::nullopt;
        else
            return ctx.fail(QStringLiteral("--%1 takes yes, no or auto.").arg(option));
    }
    for (const auto &[name, field] : kCounts) {
        const QString option = QString::fromLatin1(name);
        if (!p.isSet(option))
            continue;
        any = true;
        const QString value = p.value(option).toLower();
        bool ok = false;
        const qint64 tokens = value.toLongLong(&ok);
        if (value == u"auto")
            edit.*field = std::nullopt;
        else if (ok && tokens > 0 && tokens <= 100000000)
            edit.*field = tokens;
        else
            return ctx.fail(QStringLiteral("--%1 takes a number of tokens (e.g. 128000) or "
                                           "auto.")
                                .arg(option));
    }
    if (!any)
        return ctx.fail(QStringLiteral("Say what to change, e.g. --images no or --context 128000 "
                                       "(llmux model set --help)."));
    if (Status saved = ModelCapabilityRepository(ctx.db()).set(target->providerId,
                                                               target->upstreamModel, edit);
        !saved)
        return ctx.fail(saved.error());
    const ModelCapabilities effective =
        ModelCapabilities::presetFor(target->upstreamModel).overriddenBy(edit);
    ctx.out() << "Model " << target->providerName << '/' << target->upstreamModel << ": "
              << (effective.isEmpty() ? QStringLiteral("nothing known, taken as able")
                                      : effective.summary())
              << '.' << Qt::endl;
    return 0;
}

int show(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux model show PUBLIC|PROVIDER/MODEL"),
                QStringLiteral("Shows what a model can take, and where each answer comes from "
                               "(LLMux's presets or your edits)."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    const auto target = providerModel(ctx, p.positionalArguments().first());
    if (!target)
        return ctx.fail(target.error());
    const ModelCapabilities *edit = &target->edit;
    const ModelCapabilities preset = ModelCapabilities::presetFor(target->upstreamModel);
    const ModelCapabilities effective = preset.overriddenBy(*edit);
    ctx.out() << target->providerName << '/' << target->upstreamModel << '\n';
    auto source = [&](bool edited, bool known) {
        return edited  ? QStringLiteral("  (set)")
               : known ? QStringLiteral("  (preset)")
                       : QStringLiteral("  (unknown: taken as able)");
    };
    for (const auto &[name, field] : kFlags) {
        const bool onlyResponses = field == &ModelCapabilities::responsesOnly;
        ctx.out() << "  " << qSetFieldWidth(16) << Qt::left << QString::fromLatin1(name) + u':'
                  << qSetFieldWidth(0);
        // Unknown: sent to Chat Completions first, learnt if the provider says otherwise.
        if (onlyResponses && !(effective.*field))
            ctx.out() << "no  (default)\n";
        else
            ctx.out() << flagText(effective.*field)
                      << source(bool((*edit).*field), bool(preset.*field)) << '\n';
    }
    for (const auto &[name, field] : kCounts)
        ctx.out() << "  " << qSetFieldWidth(16) << Qt::left << QString::fromLatin1(name) + u':'
                  << qSetFieldWidth(0)
                  << (effective.*field ? QString::number(*(effective.*field)) : QStringLiteral("?"))
                  << source(bool((*edit).*field), bool(preset.*field)) << '\n';
    ctx.out() << Qt::flush;
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
    const auto capabilityEdits = ModelCapabilityRepository(ctx.db()).list();
    if (!capabilityEdits)
        return ctx.fail(capabilityEdits.error());
    QHash<QString, ModelCapabilities> edits;
    for (const ModelCapabilityRecord &c : capabilityEdits.value())
        edits.insert(GatewayConfig::capabilityKey(c.providerId, c.upstreamModel), c.capabilities);
    if (models->isEmpty())
        ctx.out()
            << "No models yet. Add one: llmux model add NAME --provider P --upstream-model M\n";
    for (const ModelRecord &m : models.value()) {
        ctx.out() << qSetFieldWidth(24) << Qt::left << m.publicName << qSetFieldWidth(0) << " -> "
                  << m.providerName << '/' << m.upstreamModel;
        if (m.price)
            ctx.out() << "  price in/out per 1M: " << m.price->inputPerMillion << '/'
                      << m.price->outputPerMillion;
        const auto it =
            edits.constFind(GatewayConfig::capabilityKey(m.providerId, m.upstreamModel));
        const ModelCapabilities capabilities =
            ModelCapabilities::presetFor(m.upstreamModel)
                .overriddenBy(it == edits.cend() ? ModelCapabilities() : *it);
        if (!capabilities.isEmpty())
            ctx.out() << "  [" << capabilities.summary() << ']';
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
                          {"set", set},
                          {"show", show},
                          {"list", list},
                          {"remove", change(QStringLiteral("remove"))},
                          {"enable", change(QStringLiteral("enable"))},
                          {"disable", change(QStringLiteral("disable"))}});
}

} // namespace llmux::cli
