#pragma once

#include "core/common/Result.h"
#include "core/providers/ProviderProbe.h"

namespace llmux::cli {

class CliContext;

// Runs the core's ProviderProbe for one named provider and waits for its answer.
class ProviderProbeRunner
{
public:
    static ProbeResult run(CliContext &ctx, const QString &providerName);
};

} // namespace llmux::cli
