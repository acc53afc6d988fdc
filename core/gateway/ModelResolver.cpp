#include "core/gateway/ModelResolver.h"

#include "core/domain/ModelPattern.h"

#include <QStringList>

namespace llmux {
namespace {

std::optional<ModelPrice> priceFor(const GatewayConfig &config, qint64 providerId,
                                   const QString &upstreamModel)
{
    // A direct "provider/model" request is billed like an alias that points at the same model.
    for (const ModelRecord &m : config.modelRecords)
        if (m.providerId == providerId && m.upstreamModel == upstreamModel && m.price)
            return m.price;
    return std::nullopt;
}

QString knownModels(const GatewayConfig &config)
{
    QStringList names;
    for (const ModelRecord &m : config.modelRecords)
        if (m.enabled)
            names << m.publicName;
    for (const RouteRecord &r : config.routeRecords)
        if (r.enabled)
            names << r.pattern;
    if (names.isEmpty())
        return QStringLiteral("No models are configured yet (llmux model add, llmux route add).");
    if (names.size() > 20) {
        names = names.mid(0, 20);
        names << QStringLiteral("…");
    }
    return QStringLiteral("Configured models: %1.").arg(names.join(QStringLiteral(", ")));
}

} // namespace

QStringList ModelResolver::publicNames(const GatewayConfig &config)
{
    QStringList names;
    auto add = [&names](const QString &name) {
        if (!name.isEmpty() && !names.contains(name, Qt::CaseInsensitive))
            names << name;
    };
    for (const ModelRecord &model : config.modelRecords)
        if (model.enabled)
            add(model.publicName);
    // A wildcard route is not a name a client can send as it is.
    for (const RouteRecord &route : config.routeRecords)
        if (route.enabled && !ModelPattern::isPattern(route.pattern))
            add(route.pattern);
    return names;
}

ModelResolver::Resolution ModelResolver::resolve(const GatewayConfig &config,
                                                 const QString &requested)
{
    Resolution r;
    const QString key = requested.toLower();
    auto disabled = [&r](const QString &message) {
        r.error.status = 503;
        r.error.code = "provider_disabled";
        r.error.message = message;
        return r;
    };
    if (auto it = config.models.constFind(key); it != config.models.cend()) {
        if (!it->provider->record.enabled)
            return disabled(
                QStringLiteral("The model '%1' points at provider '%2', which is disabled.")
                    .arg(requested, it->provider->record.name));
        r.route = Route{requested, RouteStrategy::Failover, {*it}};
        return r;
    }
    // Disabled providers drop out of a route; only a route left with none is an error.
    auto usable = [](Route route) {
        route.targets.removeIf([](const ModelTarget &t) { return !t.provider->record.enabled; });
        return route;
    };
    if (auto it = config.routes.constFind(key); it != config.routes.cend()) {
        Route route = usable(*it);
        if (route.targets.isEmpty())
            return disabled(
                QStringLiteral("Every provider of route '%1' is disabled.").arg(it->name));
        r.route = std::move(route);
        return r;
    }
    const qsizetype slash = requested.indexOf(QLatin1Char('/'));
    if (slash > 0 && slash < requested.size() - 1) {
        const auto provider = config.providers.value(key.left(slash));
        if (provider) {
            if (!provider->record.enabled)
                return disabled(
                    QStringLiteral("The provider '%1' is disabled.").arg(provider->record.name));
            const QString upstream = requested.mid(slash + 1);
            r.route = Route{
                requested,
                RouteStrategy::Failover,
                {ModelTarget{provider, upstream, priceFor(config, provider->record.id, upstream), 1,
                             config.capabilitiesOf(provider->record.id, upstream)}}};
            return r;
        }
    }
    // Model names are short; a long one is no reason to run every pattern over it.
    constexpr qsizetype kMaxPatternInput = 256;
    for (const WildcardRoute &w : config.wildcardRoutes) {
        if (requested.size() > kMaxPatternInput)
            break;
        const QRegularExpressionMatch match = w.pattern.match(requested);
        if (!match.hasMatch())
            continue;
        Route route = usable(w.route);
        if (route.targets.isEmpty())
            return disabled(
                QStringLiteral("Every provider of route '%1' is disabled.").arg(w.route.name));
        // The upstream model names follow the requested one: "gpt-4o*" → "*" becomes "-mini".
        const QString captured = match.captured(1);
        for (ModelTarget &t : route.targets) {
            if (!t.upstreamModel.contains(QLatin1Char('*')))
                continue;
            t.upstreamModel.replace(QLatin1Char('*'), captured);
            t.price = priceFor(config, t.provider->record.id, t.upstreamModel);
            t.capabilities = config.capabilitiesOf(t.provider->record.id, t.upstreamModel);
        }
        r.route = std::move(route);
        return r;
    }
    r.error.status = 404;
    r.error.code = "model_not_found";
    r.error.message =
        QStringLiteral("The model '%1' does not exist in LLMux. %2 Use 'provider/model' to "
                       "address a provider's model directly.")
            .arg(requested, knownModels(config));
    return r;
}

} // namespace llmux
