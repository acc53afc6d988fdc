#pragma once

#include "core/config/GatewayConfig.h"
#include "core/http/InboundRequest.h"
#include "core/translate/ApiFormat.h"
#include "core/upstream/UpstreamCall.h"

#include <optional>

namespace llmux {

// What a request asks a provider to do, whatever format the client used.
enum class Operation {
    Generate,        // chat completions / messages / generateContent
    CountTokens,     // Anthropic /v1/messages/count_tokens
    Embeddings,      // OpenAI /v1/embeddings
    TextCompletions, // OpenAI legacy /v1/completions
    Responses,       // OpenAI /v1/responses, sent to a provider that has it
    CompactResponse, // OpenAI /v1/responses/compact, likewise
};

// Everything LLMux needs to know about one kind of provider: the format it speaks and how to
// address it (URLs, auth headers, version headers). Bodies arrive already in its format; the
// adapter never translates. Adding a provider kind means one adapter and a preset.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    virtual QString kind() const = 0;
    virtual ApiFormat format() const = 0;
    // The request for an operation, or nullopt when this kind of provider does not offer it.
    virtual std::optional<UpstreamRequest>
    request(Operation operation, const ProviderEndpoint &provider, const QByteArray &apiKey,
            const QString &upstreamModel, QByteArray body, bool stream,
            const HeaderList &clientHeaders) const = 0;
    // Why a model name cannot be sent to this kind of provider, or empty. Kinds that put the
    // model into the URL path refuse names that would leave their path segment.
    virtual QString unusableModelReason(const QString &model) const;
    // Whether providers of this kind may have the Responses API themselves (their
    // ProviderRecord::responsesApi applies); the others always get Responses requests translated.
    virtual bool mayOfferResponses() const { return false; }
    static bool kindMayOfferResponses(const QString &kind)
    {
        const ProviderAdapter *adapter = forKind(kind);
        return adapter && adapter->mayOfferResponses();
    }
    // The cheapest authenticated call, for connection tests and health checks.
    virtual UpstreamRequest listModels(const ProviderEndpoint &provider,
                                       const QByteArray &apiKey) const = 0;

    // The adapter for a provider kind ("openai", "anthropic", "gemini", "azure"), or null.
    static const ProviderAdapter *forKind(const QString &kind);
    static QStringList kinds();

protected:
    static UpstreamRequest jsonPost(const ProviderEndpoint &provider, QUrl url, QByteArray body,
                                    bool stream);
    // The path of an operation in the OpenAI API ("/chat/completions", ...), or empty when the
    // OpenAI API has none (count_tokens).
    static QStringView openAiPath(Operation operation);
    // The check for kinds whose URL path carries the model name.
    static QString pathSegmentProblem(const QString &model);
    // baseUrl's path + path, without doubled slashes.
    static QUrl endpointUrl(const QUrl &baseUrl, QStringView path);
};

} // namespace llmux
