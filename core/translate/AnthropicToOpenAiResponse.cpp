#include "core/translate/AnthropicToOpenAiResponse.h"

#include "core/translate/ChatReading.h"
#include "core/translate/FastDelta.h"

#include <QDateTime>

namespace llmux {

AnthropicToOpenAiResponse::AnthropicToOpenAiResponse(std::string clientModel, bool includeUsage)
    : m_model(std::move(clientModel))
    , m_includeUsage(includeUsage)
    , m_created(QDateTime::currentSecsSinceEpoch())
    , m_writer(m_model, m_created)
{}

std::string AnthropicToOpenAiResponse::finishReason(const std::string &stopReason)
{
    if (stopReason == "max_tokens" || stopReason == "model_context_window_exceeded")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "refusal")
        return "content_filter";
    return "stop";
}

void AnthropicToOpenAiResponse::readUsage(const Json &usage)
{
    if (!usage.is_object())
        return;
    auto take = [&](const char *key, qint64 &into) {
        if (auto it = usage.find(key); it != usage.end() && it->is_number_integer())
            into = it->get<qint64>();
    };
    take("input_tokens", m_input);
    take("cache_read_input_tokens", m_cacheRead);
    take("cache_creation_input_tokens", m_cacheWrite);
    take("output_tokens", m_output);
    m_usage.promptTokens = m_input + m_cacheRead + m_cacheWrite;
    m_usage.completionTokens = m_output;
}

Json AnthropicToOpenAiResponse::openAiUsage() const
{
    const qint64 prompt = m_input + m_cacheRead + m_cacheWrite;
    return {{"prompt_tokens", prompt},
            {"completion_tokens", m_output},
            {"total_tokens", prompt + m_output},
            {"prompt_tokens_details", {{"cached_tokens", m_cacheRead}}}};
}

QByteArray AnthropicToOpenAiResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    std::string text, reasoning;
    Json toolCalls = Json::array();
    Json thinking = Json::array();
    for (const Json &block : in.at("content")) {
        const std::string type = json::str(block, "type");
        if (type == "text")
            text += json::str(block, "text");
        else if (type == "thinking") {
            reasoning += json::str(block, "thinking");
            thinking.push_back({{"thinking", json::str(block, "thinking")},
                                {"signature", json::str(block, "signature")}});
        } else if (type == "redacted_thinking")
            thinking.push_back({{"redacted", json::str(block, "data")}});
        else if (type == "tool_use")
            toolCalls.push_back({{"id", json::str(block, "id")},
                                 {"type", "function"},
                                 {"function",
                                  {{"name", json::str(block, "name")},
                                   {"arguments", block.value("input", Json::object()).dump()}}}});
    }
    readUsage(in.value("usage", Json()));
    Json message = {{"role", "assistant"},
                    {"content", text.empty() && !toolCalls.empty() ? Json(nullptr) : Json(text)}};
    if (!reasoning.empty())
        message["reasoning_content"] = reasoning;
    if (!thinking.empty())
        message[chat::kThinkingBlocks] = std::move(thinking);
    if (!toolCalls.empty())
        message["tool_calls"] = std::move(toolCalls);
    const Json out = {
        {"id", "chatcmpl-" + json::str(in, "id", "llmux")},
        {"object", "chat.completion"},
        {"created", m_created},
        {"model", m_model},
        {"choices", Json::array({{{"index", 0},
                                  {"message", std::move(message)},
                                  {"logprobs", nullptr},
                                  {"finish_reason", finishReason(json::str(in, "stop_reason"))}}})},
        {"usage", openAiUsage()}};
    return json::toBytes(out);
}

void AnthropicToOpenAiResponse::push(QList<SseEvent> &out, QByteArray data)
{
    out.append(SseEvent{{}, std::move(data), {}});
}

void AnthropicToOpenAiResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done || sse.data.trimmed().isEmpty())
        return;
    if (std::optional<FastDelta::AnthropicText> text = FastDelta::anthropicText(sse.data)) {
        push(out, m_writer.chunk({{"content", std::move(text->text)}}));
        return;
    }
    const Json event = json::parse(sse.data);
    const std::string type = json::str(event, "type");
    if (type == "message_start") {
        const Json &message = event.at("message");
        m_writer.setId("chatcmpl-" + json::str(message, "id", "llmux"));
        readUsage(message.value("usage", Json()));
        push(out, m_writer.chunk({{"role", "assistant"}, {"content", ""}}));
    } else if (type == "content_block_start") {
        const Json &block = event.at("content_block");
        const std::string kind = json::str(block, "type");
        if (kind == "tool_use") {
            const int toolIndex = int(m_toolIndex.size());
            m_toolIndex[event.value("index", 0)] = toolIndex;
            push(out,
                 m_writer.chunk({{"tool_calls", Json::array({{{"index", toolIndex},
                                                              {"id", json::str(block, "id")},
                                                              {"type", "function"},
                                                              {"function",
                                                               {{"name", json::str(block, "name")},
                                                                {"arguments", ""}}}}})}}));
        } else if (kind == "redacted_thinking") {
            push(out, m_writer.chunk(
                          {{chat::kThinkingBlocks, {{"redacted", json::str(block, "data")}}}}));
        } else if (kind == "text" && !json::str(block, "text").empty()) {
            push(out, m_writer.chunk({{"content", json::str(block, "text")}}));
        }
    } else if (type == "content_block_delta") {
        const Json &delta = event.at("delta");
        const std::string kind = json::str(delta, "type");
        if (kind == "text_delta") {
            push(out, m_writer.chunk({{"content", json::str(delta, "text")}}));
        } else if (kind == "thinking_delta") {
            push(out, m_writer.chunk({{"reasoning_content", json::str(delta, "thinking")}}));
        } else if (kind == "signature_delta") {
            push(out, m_writer.chunk({{chat::kThinkingBlocks,
                                       {{"signature", json::str(delta, "signature")}}}}));
        } else if (kind == "input_json_delta") {
            const auto tool = m_toolIndex.find(event.value("index", 0));
            if (tool != m_toolIndex.end())
                push(out,
                     m_writer.chunk(
                         {{"tool_calls",
                           Json::array({{{"index", tool->second},
                                         {"function",
                                          {{"arguments", json::str(delta, "partial_json")}}}}})}}));
        }
    } else if (type == "message_delta") {
        readUsage(event.value("usage", Json()));
        const Json delta = event.value("delta", Json::object());
        if (std::string stop = json::str(delta, "stop_reason"); !stop.empty()) {
            m_stopped = true;
            push(out, m_writer.chunk(Json::object(), finishReason(stop)));
        }
    } else if (type == "message_stop") {
        if (m_includeUsage)
            push(out, m_writer.usageChunk(openAiUsage()));
        out.append(SseEvent{{}, "[DONE]", {}});
        m_done = true;
    } else if (type == "error") {
        const Json error = event.value("error", Json::object());
        push(out,
             json::toBytes(
                 {{"error",
                   {{"message", json::str(error, "message", "The provider reported an error.")},
                    {"type", json::str(error, "type", "api_error")},
                    {"param", nullptr},
                    {"code", json::str(error, "type", "api_error")}}}}));
        m_done = true;
    }
    // ping and unknown event types carry nothing for an OpenAI client.
}

void AnthropicToOpenAiResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    m_done = true;
    if (m_stopped) {
        out.append(SseEvent{{}, "[DONE]", {}});
        return;
    }
    push(out, json::toBytes({{"error",
                              {{"message", "The provider ended the stream before the answer was "
                                           "complete."},
                               {"type", "upstream_error"},
                               {"param", nullptr},
                               {"code", "upstream_incomplete"}}}}));
}

} // namespace llmux
