#include "core/translate/GeminiToOpenAiResponse.h"

#include "core/translate/ChatReading.h"

#include <QDateTime>

namespace llmux {

GeminiToOpenAiResponse::GeminiToOpenAiResponse(std::string clientModel, bool includeUsage)
    : m_model(std::move(clientModel))
    , m_includeUsage(includeUsage)
    , m_id("chatcmpl-llmux")
    , m_created(QDateTime::currentSecsSinceEpoch())
    , m_writer(m_model, m_created)
{}

std::string GeminiToOpenAiResponse::finishReason(const std::string &reason, bool calledTools)
{
    if (reason == "MAX_TOKENS")
        return "length";
    if (reason == "SAFETY" || reason == "RECITATION" || reason == "BLOCKLIST" ||
        reason == "PROHIBITED_CONTENT" || reason == "SPII" || reason == "IMAGE_SAFETY")
        return "content_filter";
    return calledTools ? "tool_calls" : "stop";
}

Json GeminiToOpenAiResponse::usageOf(const Json &meta)
{
    const qint64 prompt = meta.value("promptTokenCount", 0);
    const qint64 thoughts = meta.value("thoughtsTokenCount", 0);
    const qint64 completion = meta.value("candidatesTokenCount", 0) + thoughts;
    Json usage = {
        {"prompt_tokens", prompt},
        {"completion_tokens", completion},
        {"total_tokens", meta.value("totalTokenCount", prompt + completion)},
        {"prompt_tokens_details", {{"cached_tokens", meta.value("cachedContentTokenCount", 0)}}}};
    if (thoughts > 0)
        usage["completion_tokens_details"] = {{"reasoning_tokens", thoughts}};
    return usage;
}

void GeminiToOpenAiResponse::readUsage(const Json &response)
{
    const auto meta = response.find("usageMetadata");
    if (meta == response.end() || !meta->is_object())
        return;
    m_openAiUsage = usageOf(*meta);
    m_usage.promptTokens = m_openAiUsage["prompt_tokens"].get<qint64>();
    m_usage.completionTokens = m_openAiUsage["completion_tokens"].get<qint64>();
}

GeminiToOpenAiResponse::Delta GeminiToOpenAiResponse::readParts(const Json &candidate)
{
    Delta d;
    const auto content = candidate.find("content");
    if (content == candidate.end() || !content->is_object())
        return d;
    const auto parts = content->find("parts");
    if (parts == content->end() || !parts->is_array())
        return d;
    for (const Json &part : *parts) {
        if (json::has(part, "functionCall")) {
            const Json &call = part["functionCall"];
            std::string id = json::str(call, "id");
            if (id.empty())
                id = "call_" + m_id.substr(m_id.find('-') + 1) + "_" + std::to_string(m_toolCalls);
            Json toolCall = {{"index", m_toolCalls++},
                             {"id", id},
                             {"type", "function"},
                             {"function",
                              {{"name", json::str(call, "name")},
                               {"arguments", call.value("args", Json::object()).dump()}}}};
            if (std::string signature = json::str(part, "thoughtSignature"); !signature.empty())
                chat::setThoughtSignature(toolCall, signature);
            d.toolCalls.push_back(std::move(toolCall));
        } else if (part.value("thought", false)) {
            d.reasoning += json::str(part, "text");
        } else if (json::has(part, "text")) {
            d.text += json::str(part, "text");
        }
    }
    return d;
}

QByteArray GeminiToOpenAiResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    m_id = "chatcmpl-" + json::str(in, "responseId", "llmux");
    readUsage(in);
    Json choices = Json::array();
    const Json candidates = in.value("candidates", Json::array());
    for (size_t i = 0; i < candidates.size(); ++i) {
        const Json &candidate = candidates[i];
        m_toolCalls = 0;
        Delta d = readParts(candidate);
        const bool calledTools = !d.toolCalls.empty();
        for (Json &call : d.toolCalls)
            call.erase("index");
        Json message = {{"role", "assistant"},
                        {"content", d.text.empty() && calledTools ? Json(nullptr) : Json(d.text)}};
        if (!d.reasoning.empty())
            message["reasoning_content"] = d.reasoning;
        if (calledTools)
            message["tool_calls"] = std::move(d.toolCalls);
        choices.push_back(
            {{"index", candidate.value("index", int(i))},
             {"message", std::move(message)},
             {"logprobs", nullptr},
             {"finish_reason", finishReason(json::str(candidate, "finishReason"), calledTools)}});
    }
    if (choices.empty()) {
        // The prompt itself was blocked (promptFeedback.blockReason): no candidate at all.
        choices.push_back({{"index", 0},
                           {"message", {{"role", "assistant"}, {"content", ""}}},
                           {"logprobs", nullptr},
                           {"finish_reason", "content_filter"}});
    }
    Json out = {{"id", m_id},
                {"object", "chat.completion"},
                {"created", m_created},
                {"model", m_model},
                {"choices", std::move(choices)}};
    if (!m_openAiUsage.is_null())
        out["usage"] = m_openAiUsage;
    return json::toBytes(out);
}

void GeminiToOpenAiResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done || sse.data.trimmed().isEmpty())
        return;
    const Json in = json::parse(sse.data);
    auto push = [&out](QByteArray data) { out.append(SseEvent{{}, std::move(data), {}}); };
    if (json::has(in, "error")) {
        const Json &error = in["error"];
        push(json::toBytes(
            {{"error",
              {{"message", json::str(error, "message", "The provider reported an error.")},
               {"type", "upstream_error"},
               {"param", nullptr},
               {"code", json::str(error, "status", "upstream_error")}}}}));
        m_done = true;
        return;
    }
    if (!m_started) {
        m_started = true;
        m_id = "chatcmpl-" + json::str(in, "responseId", "llmux");
        m_writer.setId(m_id);
        push(m_writer.chunk({{"role", "assistant"}, {"content", ""}}));
    }
    readUsage(in);
    const Json candidates = in.value("candidates", Json::array());
    for (const Json &candidate : candidates) {
        const int index = candidate.value("index", 0);
        Delta d = readParts(candidate);
        if (!d.reasoning.empty())
            push(m_writer.chunk({{"reasoning_content", d.reasoning}}, {}, index));
        if (!d.text.empty())
            push(m_writer.chunk({{"content", d.text}}, {}, index));
        if (!d.toolCalls.empty())
            push(m_writer.chunk({{"tool_calls", std::move(d.toolCalls)}}, {}, index));
        if (std::string reason = json::str(candidate, "finishReason"); !reason.empty()) {
            m_finished = true;
            push(m_writer.chunk(Json::object(), finishReason(reason, m_toolCalls > 0), index));
        }
    }
    if (candidates.empty() && json::has(in, "promptFeedback") &&
        json::has(in["promptFeedback"], "blockReason")) {
        m_finished = true;
        push(m_writer.chunk(Json::object(), "content_filter"));
    }
}

void GeminiToOpenAiResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    m_done = true;
    if (!m_finished) {
        out.append(SseEvent{
            {},
            json::toBytes({{"error",
                            {{"message", "The provider ended the stream before the answer was "
                                         "complete."},
                             {"type", "upstream_error"},
                             {"param", nullptr},
                             {"code", "upstream_incomplete"}}}}),
            {}});
        return;
    }
    if (m_includeUsage && !m_openAiUsage.is_null())
        out.append(SseEvent{{}, m_writer.usageChunk(m_openAiUsage), {}});
    out.append(SseEvent{{}, "[DONE]", {}});
}

} // namespace llmux
