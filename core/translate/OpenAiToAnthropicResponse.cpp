#include "core/translate/OpenAiToAnthropicResponse.h"

#include "core/translate/ChatReading.h"
#include "core/translate/FastDelta.h"

namespace llmux {
namespace {

SseEvent event(const char *type, const Json &data)
{
    return SseEvent{QByteArray(type), json::toBytes(data), {}};
}

std::string messageId(const Json &openAi)
{
    std::string id = json::str(openAi, "id");
    if (id.rfind("chatcmpl-", 0) == 0)
        id = id.substr(9);
    return "msg_" + (id.empty() ? std::string("llmux") : id);
}

} // namespace

OpenAiToAnthropicResponse::OpenAiToAnthropicResponse(std::string clientModel)
    : m_model(std::move(clientModel))
    , m_anthropicUsage({{"input_tokens", 0}, {"output_tokens", 0}})
{}

std::string OpenAiToAnthropicResponse::stopReason(const std::string &finishReason)
{
    if (finishReason == "length")
        return "max_tokens";
    if (finishReason == "tool_calls" || finishReason == "function_call")
        return "tool_use";
    if (finishReason == "content_filter")
        return "refusal";
    return "end_turn";
}

Json OpenAiToAnthropicResponse::usageOf(const Json &usage)
{
    const qint64 prompt = usage.value("prompt_tokens", 0);
    const qint64 cached = chat::cachedPromptTokens(usage);
    return {{"input_tokens", prompt - cached},
            {"cache_creation_input_tokens", 0},
            {"cache_read_input_tokens", cached},
            {"output_tokens", usage.value("completion_tokens", 0)}};
}

void OpenAiToAnthropicResponse::readUsage(const Json &usage)
{
    if (!usage.is_object())
        return;
    m_anthropicUsage = usageOf(usage);
    chat::readTokenUsage(usage, m_usage);
}

QByteArray OpenAiToAnthropicResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    const Json &choice = in.at("choices").at(0);
    const Json &message = choice.at("message");
    Json content = Json::array();
    if (std::string reasoning = chat::reasoningOf(message); !reasoning.empty())
        content.push_back({{"type", "thinking"}, {"thinking", reasoning}, {"signature", ""}});
    std::string text = chat::textOf(message.value("content", Json()));
    if (text.empty())
        text = json::str(message, "refusal");
    if (!text.empty())
        content.push_back({{"type", "text"}, {"text", text}});
    if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array())
        for (const Json &call : *calls) {
            const Json &function = call.at("function");
            content.push_back({{"type", "tool_use"},
                               {"id", json::str(call, "id")},
                               {"name", json::str(function, "name")},
                               {"input", json::parseArguments(json::str(function, "arguments"))}});
        }
    readUsage(in.value("usage", Json()));
    const Json out = {{"id", messageId(in)},
                      {"type", "message"},
                      {"role", "assistant"},
                      {"model", m_model},
                      {"content", std::move(content)},
                      {"stop_reason", stopReason(json::str(choice, "finish_reason", "stop"))},
                      {"stop_sequence", nullptr},
                      {"usage", m_anthropicUsage}};
    return json::toBytes(out);
}

void OpenAiToAnthropicResponse::start(const Json &chunk, QList<SseEvent> &out)
{
    m_started = true;
    out.append(
        event("message_start", {{"type", "message_start"},
                                {"message",
                                 {{"id", messageId(chunk)},
                                  {"type", "message"},
                                  {"role", "assistant"},
                                  {"model", m_model},
                                  {"content", Json::array()},
                                  {"stop_reason", nullptr},
                                  {"stop_sequence", nullptr},
                                  {"usage", {{"input_tokens", 0}, {"output_tokens", 0}}}}}}));
    out.append(event("ping", {{"type", "ping"}}));
}

void OpenAiToAnthropicResponse::openBlock(Block kind, Json contentBlock, QList<SseEvent> &out)
{
    closeBlock(out);
    m_open = kind;
    m_openIndex = m_nextIndex++;
    out.append(event("content_block_start", {{"type", "content_block_start"},
                                             {"index", m_openIndex},
                                             {"content_block", std::move(contentBlock)}}));
}

void OpenAiToAnthropicResponse::closeBlock(QList<SseEvent> &out)
{
    if (m_open == Block::None)
        return;
    out.append(
        event("content_block_stop", {{"type", "content_block_stop"}, {"index", m_openIndex}}));
    m_open = Block::None;
}

void OpenAiToAnthropicResponse::delta(int index, const char *type, const char *field,
                                      const std::string &value, QList<SseEvent> &out)
{
    // The most frequent event of a stream, written directly rather than built as a document.
    QByteArray data = "{\"type\":\"content_block_delta\",\"index\":" + QByteArray::number(index) +
                      ",\"delta\":{\"type\":\"" + type + "\",\"" + field +
                      "\":" + json::toBytes(Json(value)) + "}}";
    out.append(SseEvent{"content_block_delta", std::move(data), {}});
}

void OpenAiToAnthropicResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done)
        return;
    if (sse.data.trimmed() == "[DONE]") {
        finishMessage(out);
        return;
    }
    if (sse.data.trimmed().isEmpty())
        return;
    if (m_started) {
        if (std::optional<std::string> text = FastDelta::openAiText(sse.data)) {
            if (!text->empty()) {
                if (m_open != Block::Text)
                    openBlock(Block::Text, {{"type", "text"}, {"text", ""}}, out);
                delta(m_openIndex, "text_delta", "text", *text, out);
            }
            return;
        }
    }
    const Json chunk = json::parse(sse.data);
    if (json::has(chunk, "error")) {
        const Json &error = chunk["error"];
        out.append(event("error", {{"type", "error"},
                                   {"error",
                                    {{"type", "api_error"},
                                     {"message", error.is_object() ? json::str(error, "message")
                                                                   : error.dump()}}}}));
        m_done = true;
        return;
    }
    if (!m_started)
        start(chunk, out);
    readUsage(chunk.value("usage", Json()));
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty())
        return;
    const Json &choice = (*choices)[0];
    const Json d = choice.value("delta", Json::object());
    if (std::string reasoning = chat::reasoningOf(d); !reasoning.empty()) {
        if (m_open != Block::Thinking)
            openBlock(Block::Thinking, {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}},
                      out);
        delta(m_openIndex, "thinking_delta", "thinking", reasoning, out);
    }
    if (std::string text = chat::textOf(d.value("content", Json())); !text.empty()) {
        if (m_open != Block::Text)
            openBlock(Block::Text, {{"type", "text"}, {"text", ""}}, out);
        delta(m_openIndex, "text_delta", "text", text, out);
    }
    if (const auto calls = d.find("tool_calls"); calls != d.end() && calls->is_array()) {
        for (const Json &call : *calls) {
            const int toolIndex = call.value("index", 0);
            const Json function = call.value("function", Json::object());
            auto block = m_toolBlocks.find(toolIndex);
            if (block == m_toolBlocks.end()) {
                std::string id = json::str(call, "id");
                if (id.empty())
                    id = "toolu_llmux_" + std::to_string(toolIndex);
                openBlock(Block::Tool,
                          {{"type", "tool_use"},
                           {"id", id},
                           {"name", json::str(function, "name")},
                           {"input", Json::object()}},
                          out);
                block = m_toolBlocks.emplace(toolIndex, m_openIndex).first;
            }
            if (std::string args = json::str(function, "arguments"); !args.empty())
                delta(block->second, "input_json_delta", "partial_json", args, out);
        }
    }
    if (std::string finish = json::str(choice, "finish_reason"); !finish.empty()) {
        m_stopReason = stopReason(finish);
        closeBlock(out);
    }
}

void OpenAiToAnthropicResponse::finishMessage(QList<SseEvent> &out)
{
    if (!m_started)
        start(Json::object(), out);
    closeBlock(out);
    out.append(
        event("message_delta", {{"type", "message_delta"},
                                {"delta",
                                 {{"stop_reason", m_stopReason.empty() ? "end_turn" : m_stopReason},
                                  {"stop_sequence", nullptr}}},
                                {"usage", m_anthropicUsage}}));
    out.append(event("message_stop", {{"type", "message_stop"}}));
    m_done = true;
}

void OpenAiToAnthropicResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    // Some providers omit [DONE]; a finish_reason means the answer itself was complete.
    if (!m_stopReason.empty()) {
        finishMessage(out);
        return;
    }
    out.append(event("error", {{"type", "error"},
                               {"error",
                                {{"type", "api_error"},
                                 {"message", "The provider ended the stream before the answer "
                                             "was complete."}}}}));
    m_done = true;
}

} // namespace llmux
