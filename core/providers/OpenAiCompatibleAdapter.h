#pragma once

#include "config/GatewayConfig.h"
#include "upstream/UpstreamCall.h"

namespace llmux {

// Builds requests for providers that speak the OpenAI API (OpenAI, DeepSeek, Qwen, Moonshot,
// OpenRouter, Ollama, LM Studio, any compatible URL): endpoint URLs under the base URL and the
// bearer-token header.
class OpenAiCompatibleAdapter
{
public:
    static UpstreamRequest chatCompletions(const ProviderEndpoint &provider, QByteArray body,
                                           bool stream);
    static UpstreamRequest listModels(const ProviderEndpoint &provider);
    static QUrl endpointUrl(const QUrl &baseUrl, QStringView path);
};

} // namespace llmux
