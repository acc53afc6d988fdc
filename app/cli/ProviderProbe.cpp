#include "cli/ProviderProbe.h"

#include "cli/CliContext.h"
#include "cli/WaitFor.h"
#include "config/GatewayConfigLoader.h"

namespace llmux::cli {

Result<GatewayConfigPtr> loadGatewayConfig(CliContext &ctx)
{
    // The same loader the gateway uses, so commands see keys exactly as the gateway would.
    GatewayConfigLoader loader(ctx.db(), ctx.secrets());
    GatewayConfigPtr config;
    QString loadError;
    QObject::connect(&loader, &GatewayConfigLoader::loaded,
                     [&](const GatewayConfigPtr &c) { config = c; });
    QObject::connect(&loader, &GatewayConfigLoader::loadFailed,
                     [&](const QString &e) { loadError = e; });
    loader.reload();
    waitFor([&] { return config || !loadError.isEmpty(); }, 20000);
    if (!config)
        return Result<GatewayConfigPtr>::failure(
            loadError.isEmpty() ? QStringLiteral("Loading the configuration timed out.")
                                : loadError);
    return config;
}

ProbeResult ProviderProbeRunner::run(CliContext &ctx, const QString &providerName)
{
    const Result<GatewayConfigPtr> loaded = loadGatewayConfig(ctx);
    if (!loaded)
        return {false, 0, 0, -1, loaded.error()};
    const GatewayConfigPtr config = loaded.value();
    const auto provider = config->providers.value(providerName.toLower());
    if (!provider)
        return {false, 0, 0, -1,
                QStringLiteral("There is no provider named '%1'.").arg(providerName)};

    // A locked keyring reads as "no such entry": a test write finds the real reason.
    if (provider->record.secretInKeychain && !provider->keys.value(0).problem.isEmpty()) {
        if (Status usable = ctx.secrets().probe(); !usable)
            return {false, 0, 0, -1,
                    QStringLiteral("Provider '%1' has no usable API key: %2")
                        .arg(provider->record.name, usable.error())};
    }
    ProviderProbe probe(provider);
    std::optional<ProbeResult> result;
    QObject::connect(&probe, &ProviderProbe::finished, [&](const ProbeResult &r) { result = r; });
    probe.start();
    waitFor([&] { return result.has_value(); }, 120000);
    if (!result)
        return {false, 0, 0, -1, QStringLiteral("The provider test did not finish in time.")};
    return *result;
}

} // namespace llmux::cli
