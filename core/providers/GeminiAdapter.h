#pragma once

#include "core/providers/ProviderAdapter.h"

namespace llmux {

// Google's native Gemini API: the model and method in the URL
// (models/{model}:generateContent, :streamGenerateContent?alt=sse, :batchEmbedContents,
// :countTokens) and the key in x-goog-api-key, never in the query string where logs would see it.
class GeminiAdapter : public ProviderAdapter
{
public:
    QString kind() const override { return QStringLiteral("gemini"); }
    ApiFormat format() const override { return ApiFormat::GeminiGenerate; }
    std::optional<UpstreamRequest> request(Operation operation, const ProviderEndpoint &provider,
                                           const QByteArray &apiKey, const QString &upstreamModel,
                                           QByteArray body, bool stream,
                                           const HeaderList &clientHeaders) const override;
    QString unusableModelReason(const QString &model) const override;
    UpstreamRequest listModels(const ProviderEndpoint &provider,
                               const QByteArray &apiKey) const override;
};

} // namespace llmux
