#pragma once

#include "core/providers/ProviderAdapter.h"

namespace llmux {

// Anthropic's Messages API: x-api-key, anthropic-version (the client's, or a stable default) and
// the client's anthropic-beta flags passed through.
class AnthropicAdapter : public ProviderAdapter
{
public:
    static constexpr const char *kDefaultVersion = "2023-06-01";

    QString kind() const override { return QStringLiteral("anthropic"); }
    ApiFormat format() const override { return ApiFormat::AnthropicMessages; }
    std::optional<UpstreamRequest> request(Operation operation, const ProviderEndpoint &provider,
                                           const QByteArray &apiKey, const QString &upstreamModel,
                                           QByteArray body, bool stream,
                                           const HeaderList &clientHeaders) const override;
    UpstreamRequest listModels(const ProviderEndpoint &provider,
                               const QByteArray &apiKey) const override;
};

} // namespace llmux
