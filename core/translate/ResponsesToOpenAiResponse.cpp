#include "core/translate/ResponsesToOpenAiResponse.h"

#include <QDateTime>

namespace llmux {
namespace {

qint64 count(const Json &object, const char *key, const char *detailsKey = nullptr,
             const char *detail = nullptr)
{
    if (!object.is_object())
        return 0;
    if (detailsKey) {
        const auto details = object.find(detailsKey);
        if (details == object.end() || !details->is_object())
            return 0;
        const auto value = details->find(detail);
        return value != details->end() && value->is_number_integer() ? value->get<qint64>() : 0;
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<qint64>() : 0;
}

Json errorChunk(const std::string &message, const std::string &code)
{
    return {
        {"error",
         {{"message", message}, {"type", "upstream_error"}, {"param", nullptr}, {"code", code}}}};
}

} // namespace

ResponsesToOpenAiResponse::ResponsesToOpenAiResponse(std::string clientModel, bool includeUsage)
    : m_model(std::move(clientModel))
    , m_includeUsage(includeUsage)
    , m_created(QDateTime::currentSecsSinceEpoch())
    , m_writer(m_model, m_created)
{}

void ResponsesToOpenAiResponse::push(QList<SseEvent> &out, QByteArray data)
{
    out.append(SseEvent{{}, std::move(data), {}});
}

void ResponsesToOpenAiResponse::readUsage(const Json &response)
{
    const auto usage = response.find("usage");
    if (usage == response.end() || !usage->is_object())
        return;
    m_responseUsage = *usage;
    if (const auto it = usage->find("input_tokens"); it != usage->end() && it->is_number_integer())
        m_usage.promptTokens = it->get<qint64>();
    if (const auto it = usage->find("output_tokens"); it != usage->end() && it->is_number_integer())
        m_usage.completionTokens = it->get<qint64>();
}

Json ResponsesToOpenAiResponse::chatUsage() const
{
    const qint64 input = count(m_responseUsage, "input_tokens");
    const qint64 output = count(m_responseUsage, "output_tokens");
    return {{"prompt_tokens", input},
            {"completion_tokens", output},
            {"total_tokens", input + output},
            {"prompt_tokens_details",
             {{"cached_tokens",
               count(m_responseUsage, nullptr, "input_tokens_details", "cached_tokens")}}},
            {"completion_tokens_details",
             {{"reasoning_tokens",
               count(m_responseUsage, nullptr, "output_tokens_details", "reasoning_tokens")}}}};
}

std::string ResponsesToOpenAiResponse::finishReason(const Json &response, bool calledTools) const
{
    if (json::str(response, "status") == "incomplete") {
        const std::string reason =
            json::str(response.value("incomplete_details", Json::object()), "reason");
        return reason == "content_filter" ? "content_filter" : "length";
    }
    return calledTools ? "tool_calls" : "stop";
}

QByteArray ResponsesToOpenAiResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    if (json::str(in, "status") == "failed") {
        const Json error = in.value("error", Json::object());
        throw TranslationError(QString::fromStdString(
            json::str(error, "message", "The provider could not complete the response.")));
    }
    std::string text, reasoning, refusal;
    Json toolCalls = Json::array();
    for (const Json &item : in.value("output", Json::array())) {
        const std::string type = json::str(item, "type");
        if (type == "message") {
            for (const Json &part : item.value("content", Json::array())) {
                if (json::str(part, "type") == "output_text")
                    text += json::str(part, "text");
                else if (json::str(part, "type") == "refusal")
                    refusal += json::str(part, "refusal");
            }
        } else if (type == "reasoning") {
            for (const char *field : {"summary", "content"})
                for (const Json &part : item.value(field, Json::array())) {
                    if (!reasoning.empty())
                        reasoning += "\n\n";
                    reasoning += json::str(part, "text");
                }
        } else if (type == "function_call") {
            toolCalls.push_back({{"id", json::str(item, "call_id")},
                                 {"type", "function"},
                                 {"function",
                                  {{"name", json::str(item, "name")},
                                   {"arguments", json::str(item, "arguments", "{}")}}}});
        }
    }
    readUsage(in);
    Json message = {{"role", "assistant"},
                    {"content", text.empty() && !toolCalls.empty() ? Json(nullptr) : Json(text)}};
    if (!refusal.empty())
        message["refusal"] = refusal;
    if (!reasoning.empty())
        message["reasoning_content"] = reasoning;
    const bool calledTools = !toolCalls.empty();
    if (calledTools)
        message["tool_calls"] = std::move(toolCalls);
    const Json out = {
        {"id", json::str(in, "id", "chatcmpl-llmux")},
        {"object", "chat.completion"},
        {"created", in.contains("created_at") && in["created_at"].is_number_integer()
                        ? in["created_at"].get<qint64>()
                        : m_created},
        {"model", m_model},
        {"choices", Json::array({{{"index", 0},
                                  {"message", std::move(message)},
                                  {"logprobs", nullptr},
                                  {"finish_reason", finishReason(in, calledTools)}}})},
        {"usage", chatUsage()}};
    return json::toBytes(out);
}

void ResponsesToOpenAiResponse::end(const Json &response, QList<SseEvent> &out)
{
    readUsage(response);
    push(out, m_writer.chunk(Json::object(), finishReason(response, !m_toolIndex.empty())));
    if (m_includeUsage)
        push(out, m_writer.usageChunk(chatUsage()));
    out.append(SseEvent{{}, "[DONE]", {}});
    m_done = true;
}

void ResponsesToOpenAiResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done || sse.data.trimmed().isEmpty() || sse.data.trimmed() == "[DONE]")
        return;
    const Json event = json::parse(sse.data);
    const std::string type = json::str(event, "type");
    if (type == "response.created" || (!m_started && type == "response.in_progress")) {
        if (m_started)
            return;
        m_started = true;
        const Json response = event.value("response", Json::object());
        m_writer.setId(json::str(response, "id", "chatcmpl-llmux"));
        push(out, m_writer.chunk({{"role", "assistant"}, {"content", ""}}));
    } else if (type == "response.output_text.delta") {
        push(out, m_writer.chunk({{"content", json::str(event, "delta")}}));
    } else if (type == "response.refusal.delta") {
        push(out, m_writer.chunk({{"refusal", json::str(event, "delta")}}));
    } else if (type == "response.reasoning_summary_text.delta" ||
               type == "response.reasoning_text.delta") {
        push(out, m_writer.chunk({{"reasoning_content", json::str(event, "delta")}}));
    } else if (type == "response.reasoning_summary_part.added" && event.contains("summary_index") &&
               event["summary_index"].is_number_integer() &&
               event["summary_index"].get<qint64>() > 0) {
        push(out, m_writer.chunk({{"reasoning_content", "\n\n"}}));
    } else if (type == "response.output_item.added") {
        const Json item = event.value("item", Json::object());
        if (json::str(item, "type") != "function_call")
            return;
        const int index = int(m_toolIndex.size());
        m_toolIndex[json::str(item, "id")] = index;
        push(out,
             m_writer.chunk({{"tool_calls",
                              Json::array({{{"index", index},
                                            {"id", json::str(item, "call_id")},
                                            {"type", "function"},
                                            {"function",
                                             {{"name", json::str(item, "name")},
                                              {"arguments", json::str(item, "arguments")}}}}})}}));
    } else if (type == "response.function_call_arguments.delta") {
        const auto tool = m_toolIndex.find(json::str(event, "item_id"));
        if (tool != m_toolIndex.end())
            push(
                out,
                m_writer.chunk(
                    {{"tool_calls",
                      Json::array({{{"index", tool->second},
                                    {"function", {{"arguments", json::str(event, "delta")}}}}})}}));
    } else if (type == "response.completed" || type == "response.incomplete") {
        end(event.value("response", Json::object()), out);
    } else if (type == "response.failed" || type == "error") {
        const Json response = event.value("response", Json::object());
        const Json error = type == "error" ? event : response.value("error", Json::object());
        readUsage(response);
        push(out, json::toBytes(errorChunk(
                      json::str(error, "message", "The provider could not complete the response."),
                      json::str(error, "code", "upstream_error"))));
        m_done = true;
    }
    // Other events (content_part, *.done, web search progress) add nothing a Chat client reads.
}

void ResponsesToOpenAiResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    m_done = true;
    push(out, json::toBytes(errorChunk("The provider ended the stream before the answer was "
                                       "complete.",
                                       "upstream_incomplete")));
}

} // namespace llmux
