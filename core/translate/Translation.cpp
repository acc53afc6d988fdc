#include "core/translate/Translation.h"

#include "core/translate/AnthropicToOpenAiRequest.h"
#include "core/translate/AnthropicToOpenAiResponse.h"
#include "core/translate/ChatReading.h"
#include "core/translate/GeminiToOpenAiRequest.h"
#include "core/translate/GeminiToOpenAiResponse.h"
#include "core/translate/OpenAiToAnthropicRequest.h"
#include "core/translate/OpenAiToAnthropicResponse.h"
#include "core/translate/OpenAiToGeminiRequest.h"
#include "core/translate/OpenAiToGeminiResponse.h"
#include "core/translate/OpenAiToResponsesRequest.h"
#include "core/translate/OpenAiToResponsesResponse.h"
#include "core/translate/PassThroughResponse.h"
#include "core/translate/ResponsesToOpenAiRequest.h"
#include "core/translate/ResponsesToOpenAiResponse.h"

namespace llmux {
namespace {

// Two translators in a row: the provider's answer goes through `first` (into the hub format),
// then through `second` (into the client's).
class ChainedResponse : public ResponseTranslator
{
public:
    ChainedResponse(std::unique_ptr<ResponseTranslator> first,
                    std::unique_ptr<ResponseTranslator> second)
        : m_first(std::move(first))
        , m_second(std::move(second))
    {}

    QByteArray translateBody(const QByteArray &body) override
    {
        return m_second->translateBody(m_first->translateBody(body));
    }
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override
    {
        QList<SseEvent> middle;
        m_first->translateEvent(event, middle);
        forward(middle, out);
    }
    void finish(QList<SseEvent> &out) override
    {
        QList<SseEvent> middle;
        m_first->finish(middle);
        forward(middle, out);
        m_second->finish(out);
    }
    TokenUsage usage() const override { return m_first->usage(); }
    QByteArray streamFailure(int status, QByteArrayView code, const QString &message) override
    {
        return m_second->streamFailure(status, code, message);
    }
    QByteArray completedResponse() const override { return m_second->completedResponse(); }

private:
    void forward(const QList<SseEvent> &middle, QList<SseEvent> &out)
    {
        for (const SseEvent &e : middle)
            m_second->translateEvent(SseParser::Event{e.render(), e.data, e.event}, out);
    }

    std::unique_ptr<ResponseTranslator> m_first;
    std::unique_ptr<ResponseTranslator> m_second;
};

Json toHub(ApiFormat client, const Json &body, TranslationNotes &notes)
{
    switch (client) {
    case ApiFormat::AnthropicMessages:
        return AnthropicToOpenAiRequest::translate(body, notes);
    case ApiFormat::OpenAiResponses:
        return ResponsesToOpenAiRequest::translate(body, notes);
    case ApiFormat::GeminiGenerate:
        return GeminiToOpenAiRequest::translate(body, notes);
    case ApiFormat::OpenAiChat:
        break;
    }
    return body;
}

// What only LLMux's own translators read never reaches an OpenAI-compatible provider.
Json withoutHubFields(Json hub)
{
    if (const auto messages = hub.find("messages"); messages != hub.end() && messages->is_array())
        for (Json &message : *messages)
            if (message.is_object())
                message.erase(chat::kThinkingBlocks);
    return hub;
}

} // namespace

Result<Json> Translation::request(ApiFormat client, ApiFormat upstream, const Json &body,
                                  TranslationNotes &notes)
{
    try {
        if (client == upstream)
            return body;
        switch (upstream) {
        case ApiFormat::OpenAiChat:
            return withoutHubFields(toHub(client, body, notes));
        case ApiFormat::AnthropicMessages:
            return OpenAiToAnthropicRequest::translate(toHub(client, body, notes), notes);
        case ApiFormat::OpenAiResponses:
            return OpenAiToResponsesRequest::translate(withoutHubFields(toHub(client, body, notes)),
                                                       notes);
        case ApiFormat::GeminiGenerate: {
            Json hub = toHub(client, body, notes);
            if (client == ApiFormat::AnthropicMessages && hub.value("stream", false))
                hub["stream_options"] = {{"include_usage", true}};
            return OpenAiToGeminiRequest::translate(hub, notes);
        }
        }
    } catch (const TranslationError &e) {
        return Result<Json>::failure(QString::fromUtf8(e.what()));
    } catch (const Json::exception &e) {
        return Result<Json>::failure(
            QStringLiteral("The request does not have the shape of a %1 request: %2")
                .arg(apiFormatName(client), QString::fromUtf8(e.what())));
    }
    return Result<Json>::failure(QStringLiteral("Unknown provider format."));
}

std::unique_ptr<ResponseTranslator> Translation::response(ApiFormat client, ApiFormat upstream,
                                                          const std::string &clientModel,
                                                          bool clientWantsUsage,
                                                          const Json &clientRequest)
{
    if (client == upstream)
        return std::make_unique<PassThroughResponse>(client, clientWantsUsage);
    // Into the hub format first; an Anthropic client then needs the usage chunk to count tokens.
    const bool hubUsage = clientWantsUsage || client != ApiFormat::OpenAiChat;
    std::unique_ptr<ResponseTranslator> hub;
    if (upstream == ApiFormat::AnthropicMessages)
        hub = std::make_unique<AnthropicToOpenAiResponse>(clientModel, hubUsage);
    else if (upstream == ApiFormat::GeminiGenerate)
        hub = std::make_unique<GeminiToOpenAiResponse>(clientModel, hubUsage);
    else if (upstream == ApiFormat::OpenAiResponses)
        hub = std::make_unique<ResponsesToOpenAiResponse>(clientModel, hubUsage);
    else
        hub = std::make_unique<PassThroughResponse>(ApiFormat::OpenAiChat, true);
    if (client == ApiFormat::OpenAiChat)
        return hub;
    std::unique_ptr<ResponseTranslator> toClient;
    if (client == ApiFormat::OpenAiResponses)
        toClient = std::make_unique<OpenAiToResponsesResponse>(clientModel, clientRequest);
    else if (client == ApiFormat::GeminiGenerate)
        toClient = std::make_unique<OpenAiToGeminiResponse>(clientModel);
    else
        toClient = std::make_unique<OpenAiToAnthropicResponse>(clientModel);
    if (upstream == ApiFormat::OpenAiChat)
        return toClient;
    return std::make_unique<ChainedResponse>(std::move(hub), std::move(toClient));
}

} // namespace llmux
