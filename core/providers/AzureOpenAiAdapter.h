#pragma once

#include "core/providers/ProviderAdapter.h"

namespace llmux {

// Azure OpenAI: the resource URL (https://NAME.openai.azure.com), the upstream model names the
// deployment (openai/deployments/{deployment}/chat/completions?api-version=...), the key goes in
// the api-key header. A base URL ending in /openai/v1 uses Azure's newer v1 API instead, where
// the deployment is named in the body like on OpenAI. An api-version in the base URL's query
// overrides the default. The Responses API is addressed without a deployment.
class AzureOpenAiAdapter : public ProviderAdapter
{
public:
    static constexpr const char *kDefaultApiVersion = "2024-10-21";
    // The first api-version with the Responses API (the v1 API needs none).
    static constexpr const char *kResponsesApiVersion = "2025-04-01-preview";

    QString kind() const override { return QStringLiteral("azure"); }
    ApiFormat format() const override { return ApiFormat::OpenAiChat; }
    bool mayOfferResponses() const override { return true; }
    std::optional<UpstreamRequest> request(Operation operation, const ProviderEndpoint &provider,
                                           const QByteArray &apiKey, const QString &upstreamModel,
                                           QByteArray body, bool stream,
                                           const HeaderList &clientHeaders) const override;
    QString unusableModelReason(const QString &model) const override;
    UpstreamRequest listModels(const ProviderEndpoint &provider,
                               const QByteArray &apiKey) const override;

    static QUrl operationUrl(const QUrl &base, const QString &deployment, QStringView operation,
                             const char *defaultApiVersion = kDefaultApiVersion);
};

} // namespace llmux
