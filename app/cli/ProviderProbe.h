#pragma once

#include "common/Result.h"
#include "providers/ProviderProbe.h"

namespace llmux::cli {

class CliContext;

// The configuration as the gateway would load it, keys read from the keychain and environment.
Result<GatewayConfigPtr> loadGatewayConfig(CliContext &ctx);

// Runs the core's ProviderProbe for one named provider and waits for its answer.
class ProviderProbeRunner
{
public:
    static ProbeResult run(CliContext &ctx, const QString &providerName);
};

} // namespace llmux::cli
