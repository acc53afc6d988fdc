#include "core/translate/PassThroughResponse.h"

#include "core/translate/TranslationSupport.h"

namespace llmux {
namespace {

bool hasNonNullUsage(QByteArrayView data)
{
    const qsizetype at = data.lastIndexOf("\"usage\"");
    if (at < 0)
        return false;
    qsizetype pos = at + 7;
    while (pos < data.size() && (data[pos] == ' ' || data[pos] == ':'))
        ++pos;
    return pos < data.size() && data[pos] == '{';
}

// The usage-only chunk: {"choices":[], "usage":{...}}.
bool isUsageOnlyChunk(QByteArrayView data)
{
    return data.contains("\"choices\":[]") || data.contains("\"choices\": []");
}

} // namespace

PassThroughResponse::PassThroughResponse(ApiFormat format, bool clientWantsUsage)
    : m_format(format)
    , m_clientWantsUsage(clientWantsUsage)
{}

QByteArray PassThroughResponse::translateBody(const QByteArray &body)
{
    if (m_format == ApiFormat::AnthropicMessages)
        readAnthropicUsage(body);
    else if (m_format == ApiFormat::GeminiGenerate)
        readGeminiUsage(body);
    else if (m_format == ApiFormat::OpenAiResponses)
        readResponses(body, false);
    else if (auto usage = TokenUsage::fromOpenAiJson(body))
        m_usage = *usage;
    return body;
}

void PassThroughResponse::translateEvent(const SseParser::Event &event, QList<SseEvent> &out)
{
    if (m_format == ApiFormat::AnthropicMessages) {
        // Input tokens come with message_start, the output count with message_delta.
        if (event.event == "message_start" || event.event == "message_delta")
            readAnthropicUsage(event.data);
    } else if (m_format == ApiFormat::GeminiGenerate) {
        // Every event may carry usageMetadata; the last one's counts are the final ones.
        if (event.data.contains("\"usageMetadata\""))
            readGeminiUsage(event.data);
    } else if (m_format == ApiFormat::OpenAiResponses) {
        // The final event (completed, incomplete or failed) carries the response with its usage.
        if (event.event == "response.completed" || event.event == "response.incomplete" ||
            event.event == "response.failed")
            readResponses(event.data, event.event != "response.failed");
    } else if (hasNonNullUsage(event.data)) {
        if (auto usage = TokenUsage::fromOpenAiJson(event.data))
            m_usage = *usage;
        if (!m_clientWantsUsage && isUsageOnlyChunk(event.data))
            return;
    }
    out.append(SseEvent{{}, {}, event.raw});
}

void PassThroughResponse::readAnthropicUsage(QByteArrayView data)
{
    const Json parsed = Json::parse(data.begin(), data.end(), nullptr, false);
    if (!parsed.is_object())
        return;
    const Json *usage = nullptr;
    if (auto it = parsed.find("usage"); it != parsed.end() && it->is_object())
        usage = &*it;
    else if (auto m = parsed.find("message"); m != parsed.end() && m->is_object())
        if (auto u = m->find("usage"); u != m->end() && u->is_object())
            usage = &*u;
    if (!usage)
        return;
    auto number = [usage](const char *key) -> std::optional<qint64> {
        auto it = usage->find(key);
        if (it == usage->end() || !it->is_number_integer())
            return std::nullopt;
        return it->get<qint64>();
    };
    if (auto input = number("input_tokens"))
        m_usage.promptTokens = *input + number("cache_read_input_tokens").value_or(0) +
                               number("cache_creation_input_tokens").value_or(0);
    if (auto output = number("output_tokens"))
        m_usage.completionTokens = *output;
}

void PassThroughResponse::readResponses(const QByteArray &data, bool finalEvent)
{
    const Json parsed = Json::parse(data.begin(), data.end(), nullptr, false);
    if (!parsed.is_object())
        return;
    const auto response = parsed.find("response");
    const bool inEvent = response != parsed.end() && response->is_object();
    const Json &object = inEvent ? *response : parsed;
    // The answer as a response object, kept for the next turn: a whole body as it came.
    if (!inEvent)
        m_completed = data;
    else if (finalEvent)
        m_completed = json::toBytes(object);
    const auto usage = object.find("usage");
    if (usage == object.end() || !usage->is_object())
        return;
    if (auto input = usage->find("input_tokens");
        input != usage->end() && input->is_number_integer())
        m_usage.promptTokens = input->get<qint64>();
    if (auto output = usage->find("output_tokens");
        output != usage->end() && output->is_number_integer())
        m_usage.completionTokens = output->get<qint64>();
}

void PassThroughResponse::readGeminiUsage(QByteArrayView data)
{
    const Json parsed = Json::parse(data.begin(), data.end(), nullptr, false);
    const auto meta = parsed.is_object() ? parsed.find("usageMetadata") : parsed.end();
    if (meta == parsed.end() || !meta->is_object())
        return;
    auto number = [&meta](const char *key) -> std::optional<qint64> {
        auto it = meta->find(key);
        if (it == meta->end() || !it->is_number_integer())
            return std::nullopt;
        return it->get<qint64>();
    };
    if (auto prompt = number("promptTokenCount"))
        m_usage.promptTokens = *prompt;
    // Thinking counts as output, as Google bills it.
    if (auto candidates = number("candidatesTokenCount"))
        m_usage.completionTokens = *candidates + number("thoughtsTokenCount").value_or(0);
}

} // namespace llmux
