#include "app/cli/ProviderProbeRunner.h"

#include "app/cli/CliContext.h"
#include "app/cli/WaitFor.h"

namespace llmux::cli {

ProbeResult ProviderProbeRunner::run(CliContext &ctx, const QString &providerName)
{
    const Result<GatewayConfigPtr> loaded = ctx.gatewayConfig();
    if (!loaded)
        return ProbeResult::failure(loaded.error());
    const GatewayConfigPtr &config = loaded.value();
    const auto provider = config->providers.value(providerName.toLower());
    if (!provider)
        return ProbeResult::failure(
            QStringLiteral("There is no provider named '%1'.").arg(providerName));

    // A locked keyring reads as "no such entry": a test write finds the real reason.
    if (provider->record.secretInKeychain && !provider->keys.value(0).problem.isEmpty()) {
        if (Status usable = ctx.secrets().probe(); !usable)
            return ProbeResult::failure(QStringLiteral("Provider '%1' has no usable API key: %2")
                                            .arg(provider->record.name, usable.error()));
    }
    ProviderProbe probe(provider);
    std::optional<ProbeResult> result;
    QObject::connect(&probe, &ProviderProbe::finished, [&](const ProbeResult &r) { result = r; });
    probe.start();
    waitFor([&] { return result.has_value(); }, 120000);
    if (!result)
        return ProbeResult::failure(QStringLiteral("The provider test did not finish in time."));
    return *result;
}

} // namespace llmux::cli
