#pragma once

namespace llmux {

// How long LLMux waits on a provider, per phase of an exchange.
struct ProviderTimeouts
{
    int connectMs = 10000;
    int firstByteMs = 300000;
    int idleMs = 120000;
    // The whole exchange, streams included; long reasoning answers can take many minutes.
    int totalMs = 1800000;
};

} // namespace llmux
