#include "gateway/ModelResolver.h"

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
    if (names.isEmpty())
        return QStringLiteral("No models are configured yet (llmux model add).");
    if (names.size() > 20) {
        names = names.mid(0, 20);
        names << QStringLiteral("…");
    }
    return QStringLiteral("Configured models: %1.").arg(names.join(QStringLiteral(", ")));
}

} // namespace

ModelResolver::Resolution ModelResolver::resolve(const GatewayConfig &config,
                                                 const QString &requested)
{
    Resolution r;
    const QString key = requested.toLower();
    if (auto it = config.models.constFind(key); it != config.models.cend()) {
        if (!it->provider->record.enabled) {
            r.status = 503;
            r.code = "provider_disabled";
            r.message = QStringLiteral("The model '%1' points at provider '%2', which is disabled.")
                            .arg(requested, it->provider->record.name);
            return r;
        }
        r.target = *it;
        return r;
    }
    const qsizetype slash = requested.indexOf(QLatin1Char('/'));
    if (slash > 0 && slash < requested.size() - 1) {
        const auto provider = config.providers.value(key.left(slash));
        if (provider) {
            if (!provider->record.enabled) {
                r.status = 503;
                r.code = "provider_disabled";
                r.message =
                    QStringLiteral("The provider '%1' is disabled.").arg(provider->record.name);
                return r;
            }
            const QString upstream = requested.mid(slash + 1);
            r.target =
                ModelTarget{provider, upstream, priceFor(config, provider->record.id, upstream)};
            return r;
        }
    }
    r.status = 404;
    r.code = "model_not_found";
    r.message = QStringLiteral("The model '%1' does not exist in LLMux. %2 Use 'provider/model' to "
                               "address a provider's model directly.")
                    .arg(requested, knownModels(config));
    return r;
}

} // namespace llmux
