#pragma once

#include "core/providers/ProviderAdapter.h"

namespace llmux {

// Providers that speak the OpenAI API (OpenAI, DeepSeek, Qwen, Moonshot, OpenRouter, Ollama,
// LM Studio, any compatible URL): endpoints under the base URL and a bearer token.
class OpenAiCompatibleAdapter : public ProviderAdapter
{
public:
    QString kind() const override { return QStringLiteral("openai"); }
    ApiFormat format() const override { return ApiFormat::OpenAiChat; }
    bool mayOfferResponses() const override { return true; }
    std::optional<UpstreamRequest> request(Operation operation, const ProviderEndpoint &provider,
                                           const QByteArray &apiKey, const QString &upstreamModel,
                                           QByteArray body, bool stream,
                                           const HeaderList &clientHeaders) const override;
    UpstreamRequest listModels(const ProviderEndpoint &provider,
                               const QByteArray &apiKey) const override;
};

} // namespace llmux
