#include "core/translate/OpenAiToResponsesResponse.h"

#include "core/translate/ChatReading.h"
#include "core/translate/ErrorBody.h"
#include "core/translate/FastDelta.h"
#include "core/translate/ReasoningEnvelope.h"
#include "core/translate/ResponsesToOpenAiRequest.h"
#include "core/translate/UpstreamErrorMapper.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace llmux {
namespace {

std::string randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(raw.data()),
                                          bytes / int(sizeof(quint32)));
    return raw.toHex().toStdString();
}

const char *itemPrefix(int kind)
{
    static const char *const prefixes[] = {"rs_", "msg_", "fc_", "ctc_"};
    return prefixes[kind];
}

} // namespace

OpenAiToResponsesResponse::OpenAiToResponsesResponse(std::string clientModel,
                                                     const Json &clientRequest)
    : m_model(std::move(clientModel))
    , m_id("resp_" + randomHex(24))
    , m_createdAt(QDateTime::currentSecsSinceEpoch())
    , m_tools(ResponsesToOpenAiRequest::toolNames(clientRequest))
    , m_responsesUsage(nullptr)
{
    // Never throws: the request was only checked for its model and stream so far.
    auto field = [](const Json &object, const char *key, Json fallback = nullptr) {
        if (!object.is_object())
            return fallback;
        const auto it = object.find(key);
        return it == object.end() || it->is_null() ? fallback : *it;
    };
    const Json reasoning = field(clientRequest, "reasoning");
    m_reasoningAsSummary =
        json::has(reasoning, "summary") && json::str(reasoning, "summary") != "none";
    const Json include = field(clientRequest, "include");
    if (include.is_array())
        for (const Json &what : include)
            m_includeEncrypted =
                m_includeEncrypted || (what.is_string() && what == "reasoning.encrypted_content");
    // A stored response keeps what the provider needs back even when the client does not see it.
    const Json store = field(clientRequest, "store", true);
    m_sealed = m_includeEncrypted || !store.is_boolean() || store.get<bool>();
    // The small settings a response object repeats; the instructions and tools are not echoed
    // (they are the bulk of a coding agent's request and no client reads them back).
    m_echo = {{"max_output_tokens", field(clientRequest, "max_output_tokens")},
              {"parallel_tool_calls", field(clientRequest, "parallel_tool_calls", true)},
              {"previous_response_id", nullptr},
              {"reasoning",
               {{"effort", field(reasoning, "effort")}, {"summary", field(reasoning, "summary")}}},
              {"store", false},
              {"temperature", field(clientRequest, "temperature")},
              {"text", field(clientRequest, "text", Json{{"format", {{"type", "text"}}}})},
              {"tool_choice", field(clientRequest, "tool_choice", "auto")},
              {"top_p", field(clientRequest, "top_p")},
              {"truncation", "disabled"},
              {"metadata", field(clientRequest, "metadata", Json::object())}};
}

Json OpenAiToResponsesResponse::usageOf(const Json &usage)
{
    const qint64 input = usage.value("prompt_tokens", 0);
    const qint64 output = usage.value("completion_tokens", 0);
    const qint64 cached = chat::cachedPromptTokens(usage);
    const qint64 reasoning = chat::reasoningTokens(usage);
    return {{"input_tokens", input},
            {"input_tokens_details", {{"cached_tokens", cached}}},
            {"output_tokens", output},
            {"output_tokens_details", {{"reasoning_tokens", reasoning}}},
            {"total_tokens", usage.value("total_tokens", input + output)}};
}

void OpenAiToResponsesResponse::readUsage(const Json &usage)
{
    if (!usage.is_object())
        return;
    m_responsesUsage = usageOf(usage);
    chat::readTokenUsage(usage, m_usage);
}

std::string OpenAiToResponsesResponse::customInput(const std::string &arguments)
{
    const Json parsed = json::parseArguments(arguments);
    if (const auto input = parsed.find(ResponsesToOpenAiRequest::kCustomInput);
        input != parsed.end() && input->is_string())
        return input->get<std::string>();
    return arguments; // a model that wrote the text itself instead of the one argument
}

void OpenAiToResponsesResponse::nameCall(Item &item, const std::string &chatName) const
{
    item.name = chatName;
    if (m_tools.custom.count(chatName)) {
        item.kind = Item::Kind::CustomToolCall;
    } else if (const auto found = m_tools.namespaced.find(chatName);
               found != m_tools.namespaced.end()) {
        item.space = found->second.first;
        item.name = found->second.second;
    }
}

Json OpenAiToResponsesResponse::itemJson(const Item &item, bool finished, bool sealed) const
{
    const char *status = finished ? "completed" : "in_progress";
    switch (item.kind) {
    case Item::Kind::Reasoning: {
        Json out = {{"id", item.id}, {"type", "reasoning"}, {"summary", Json::array()}};
        if (finished) {
            if (item.text.empty())
                ; // only signatures: nothing to show
            else if (m_reasoningAsSummary)
                out["summary"].push_back({{"type", "summary_text"}, {"text", item.text}});
            else
                out["content"] = Json::array({{{"type", "reasoning_text"}, {"text", item.text}}});
            if (sealed)
                out["encrypted_content"] =
                    ReasoningEnvelope{item.text, item.thinkingBlocks, item.thoughtSignatures}
                        .encode();
        }
        return out;
    }
    case Item::Kind::Message: {
        Json content = Json::array();
        if (finished)
            content.push_back(
                {{"type", "output_text"}, {"text", item.text}, {"annotations", Json::array()}});
        return {{"id", item.id},
                {"type", "message"},
                {"status", status},
                {"role", "assistant"},
                {"content", std::move(content)}};
    }
    case Item::Kind::FunctionCall: {
        Json call = {{"id", item.id},     {"type", "function_call"},
                     {"status", status},  {"call_id", item.callId},
                     {"name", item.name}, {"arguments", finished ? item.text : std::string()}};
        if (!item.space.empty())
            call["namespace"] = item.space;
        return call;
    }
    case Item::Kind::CustomToolCall:
        return {{"id", item.id},     {"type", "custom_tool_call"},
                {"status", status},  {"call_id", item.callId},
                {"name", item.name}, {"input", finished ? customInput(item.text) : std::string()}};
    }
    return Json();
}

Json OpenAiToResponsesResponse::responseJson(const char *status, const Json &output) const
{
    Json response = {{"id", m_id},
                     {"object", "response"},
                     {"created_at", m_createdAt},
                     {"status", status},
                     {"background", false},
                     {"error", nullptr},
                     {"incomplete_details", nullptr},
                     {"instructions", nullptr},
                     {"model", m_model},
                     {"output", output},
                     {"tools", Json::array()},
                     {"usage", m_responsesUsage}};
    for (const auto &[key, value] : m_echo.items())
        response[key] = value;
    if (m_finishReason == "length" || m_finishReason == "content_filter")
        response["incomplete_details"] = {
            {"reason", m_finishReason == "length" ? "max_output_tokens" : "content_filter"}};
    return response;
}

QByteArray OpenAiToResponsesResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    const Json &choice = in.at("choices").at(0);
    const Json &message = choice.at("message");
    m_finishReason = json::str(choice, "finish_reason", "stop");
    readUsage(in.value("usage", Json()));
    auto add = [this](Item::Kind kind, std::string text, std::string callId = {},
                      const std::string &chatName = {}) -> Item & {
        Item item;
        item.kind = kind;
        if (kind == Item::Kind::FunctionCall)
            nameCall(item, chatName);
        item.outputIndex = int(m_items.size());
        item.id =
            itemPrefix(int(item.kind)) + m_id.substr(5) + '_' + std::to_string(item.outputIndex);
        item.text = std::move(text);
        item.callId = std::move(callId);
        item.done = true;
        m_items.push_back(std::move(item));
        return m_items.back();
    };
    Json thinking = Json::array();
    if (const Json *blocks = chat::thinkingBlocksOf(message); blocks && blocks->is_array())
        thinking = *blocks;
    Json signatures = Json::object();
    if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array())
        for (const Json &call : *calls)
            if (std::string signature = chat::thoughtSignatureOf(call); !signature.empty())
                signatures[json::str(call, "id")] = std::move(signature);
    std::string reasoning = chat::reasoningOf(message);
    if (!reasoning.empty() || (m_sealed && (!thinking.empty() || !signatures.empty()))) {
        Item &item = add(Item::Kind::Reasoning, std::move(reasoning));
        item.thinkingBlocks = std::move(thinking);
        item.thoughtSignatures = std::move(signatures);
    }
    std::string text = chat::textOf(message.value("content", Json()));
    if (text.empty())
        text = json::str(message, "refusal");
    if (!text.empty())
        add(Item::Kind::Message, std::move(text));
    if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array())
        for (const Json &call : *calls) {
            const Json function = call.value("function", Json::object());
            add(Item::Kind::FunctionCall, json::str(function, "arguments"), json::str(call, "id"),
                json::str(function, "name"));
        }
    Json output = Json::array();
    for (const Item &item : m_items)
        output.push_back(itemJson(item, true, m_includeEncrypted));
    const bool incomplete = m_finishReason == "length" || m_finishReason == "content_filter";
    m_completed = true;
    return json::toBytes(responseJson(incomplete ? "incomplete" : "completed", output));
}

void OpenAiToResponsesResponse::send(const char *type, Json fields, QList<SseEvent> &out)
{
    Json data = {{"type", type}, {"sequence_number", m_sequence++}};
    for (auto &[key, value] : fields.items())
        data[key] = std::move(value);
    out.append(SseEvent{QByteArray(type), json::toBytes(data), {}});
}

void OpenAiToResponsesResponse::start(const Json &chunk, QList<SseEvent> &out)
{
    Q_UNUSED(chunk);
    m_started = true;
    send("response.created", {{"response", responseJson("in_progress", Json::array())}}, out);
    send("response.in_progress", {{"response", responseJson("in_progress", Json::array())}}, out);
}

OpenAiToResponsesResponse::Item &OpenAiToResponsesResponse::openItem(Item::Kind kind,
                                                                     QList<SseEvent> &out,
                                                                     std::string callId,
                                                                     const std::string &chatName)
{
    Item item;
    item.kind = kind;
    if (kind == Item::Kind::FunctionCall)
        nameCall(item, chatName);
    item.outputIndex = int(m_items.size());
    item.id = itemPrefix(int(item.kind)) + m_id.substr(5) + '_' + std::to_string(item.outputIndex);
    item.callId = std::move(callId);
    m_items.push_back(std::move(item));
    Item &added = m_items.back();
    send("response.output_item.added",
         {{"output_index", added.outputIndex}, {"item", itemJson(added, false, false)}}, out);
    if (kind == Item::Kind::Message)
        send("response.content_part.added",
             {{"item_id", added.id},
              {"output_index", added.outputIndex},
              {"content_index", 0},
              {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", Json::array()}}}},
             out);
    return added;
}

void OpenAiToResponsesResponse::addText(const std::string &text, QList<SseEvent> &out)
{
    if (m_openReasoning >= 0)
        closeItem(m_items[size_t(m_openReasoning)], out);
    if (m_openMessage < 0)
        m_openMessage = openItem(Item::Kind::Message, out).outputIndex;
    Item &item = m_items[size_t(m_openMessage)];
    item.text += text;
    // The most frequent event of a stream, written directly rather than built as a document.
    const QByteArray type = "response.output_text.delta";
    QByteArray data =
        "{\"type\":\"" + type + "\",\"sequence_number\":" + QByteArray::number(m_sequence++) +
        ",\"item_id\":\"" + QByteArray::fromStdString(item.id) +
        "\",\"output_index\":" + QByteArray::number(item.outputIndex) +
        ",\"content_index\":0,\"delta\":" + json::toBytes(Json(text)) + ",\"logprobs\":[]}";
    out.append(SseEvent{type, std::move(data), {}});
}

OpenAiToResponsesResponse::Item &OpenAiToResponsesResponse::reasoningItem(QList<SseEvent> &out)
{
    if (m_openMessage >= 0)
        closeItem(m_items[size_t(m_openMessage)], out);
    if (m_openReasoning < 0)
        m_openReasoning = openItem(Item::Kind::Reasoning, out).outputIndex;
    return m_items[size_t(m_openReasoning)];
}

void OpenAiToResponsesResponse::addThinkingBlock(const Json &event, QList<SseEvent> &out)
{
    if (!event.is_object() || !m_sealed)
        return;
    Item &item = reasoningItem(out);
    if (json::has(event, "redacted")) {
        item.thinkingBlocks.push_back({{"redacted", json::str(event, "redacted")}});
    } else if (json::has(event, "signature")) {
        item.thinkingBlocks.push_back({{"thinking", item.text.substr(item.thinkingFrom)},
                                       {"signature", json::str(event, "signature")}});
        item.thinkingFrom = item.text.size();
    }
}

void OpenAiToResponsesResponse::addReasoning(const std::string &text, QList<SseEvent> &out)
{
    Item &item = reasoningItem(out);
    item.text += text;
    if (!item.partOpen && m_reasoningAsSummary)
        send("response.reasoning_summary_part.added",
             {{"item_id", item.id},
              {"output_index", item.outputIndex},
              {"summary_index", 0},
              {"part", {{"type", "summary_text"}, {"text", ""}}}},
             out);
    item.partOpen = true;
    if (m_reasoningAsSummary)
        send("response.reasoning_summary_text.delta",
             {{"item_id", item.id},
              {"output_index", item.outputIndex},
              {"summary_index", 0},
              {"delta", text}},
             out);
    else
        send("response.reasoning_text.delta",
             {{"item_id", item.id},
              {"output_index", item.outputIndex},
              {"content_index", 0},
              {"delta", text}},
             out);
}

void OpenAiToResponsesResponse::closeItem(Item &item, QList<SseEvent> &out)
{
    if (item.done)
        return;
    item.done = true;
    const Json base = {{"item_id", item.id}, {"output_index", item.outputIndex}};
    auto with = [&base](Json more) {
        Json fields = base;
        for (auto &[key, value] : more.items())
            fields[key] = std::move(value);
        return fields;
    };
    switch (item.kind) {
    case Item::Kind::Message:
        send("response.output_text.done",
             with({{"content_index", 0}, {"text", item.text}, {"logprobs", Json::array()}}), out);
        send(
            "response.content_part.done",
            with(
                {{"content_index", 0},
                 {"part",
                  {{"type", "output_text"}, {"text", item.text}, {"annotations", Json::array()}}}}),
            out);
        m_openMessage = -1;
        break;
    case Item::Kind::Reasoning:
        if (!item.partOpen) {
            // only signatures: no text was announced
        } else if (m_reasoningAsSummary) {
            send("response.reasoning_summary_text.done",
                 with({{"summary_index", 0}, {"text", item.text}}), out);
            send("response.reasoning_summary_part.done",
                 with({{"summary_index", 0},
                       {"part", {{"type", "summary_text"}, {"text", item.text}}}}),
                 out);
        } else {
            send("response.reasoning_text.done", with({{"content_index", 0}, {"text", item.text}}),
                 out);
        }
        m_openReasoning = -1;
        break;
    case Item::Kind::FunctionCall:
        send("response.function_call_arguments.done", with({{"arguments", item.text}}), out);
        break;
    case Item::Kind::CustomToolCall: {
        // The input arrives as JSON arguments; it is whole only now.
        const std::string input = customInput(item.text);
        send("response.custom_tool_call_input.delta", with({{"delta", input}}), out);
        send("response.custom_tool_call_input.done", with({{"input", input}}), out);
        break;
    }
    }
    send("response.output_item.done",
         {{"output_index", item.outputIndex}, {"item", itemJson(item, true, m_includeEncrypted)}},
         out);
}

void OpenAiToResponsesResponse::closeAll(QList<SseEvent> &out)
{
    for (Item &item : m_items)
        closeItem(item, out);
}

void OpenAiToResponsesResponse::complete(QList<SseEvent> &out)
{
    if (!m_started)
        start(Json::object(), out);
    closeAll(out);
    Json output = Json::array();
    for (const Item &item : m_items)
        output.push_back(itemJson(item, true, m_includeEncrypted));
    const bool incomplete = m_finishReason == "length" || m_finishReason == "content_filter";
    const char *status = incomplete ? "incomplete" : "completed";
    send(incomplete ? "response.incomplete" : "response.completed",
         {{"response", responseJson(status, output)}}, out);
    m_done = true;
    m_completed = true;
}

QByteArray OpenAiToResponsesResponse::completedResponse() const
{
    if (!m_completed)
        return {};
    Json output = Json::array();
    for (const Item &item : m_items)
        output.push_back(itemJson(item, true, true));
    const bool incomplete = m_finishReason == "length" || m_finishReason == "content_filter";
    return json::toBytes(responseJson(incomplete ? "incomplete" : "completed", output));
}

void OpenAiToResponsesResponse::fail(const std::string &code, const std::string &message,
                                     QList<SseEvent> &out)
{
    if (!m_started)
        start(Json::object(), out);
    Json response = responseJson("failed", Json::array());
    response["error"] = {{"code", code}, {"message", message}};
    send("response.failed", {{"response", std::move(response)}}, out);
    m_done = true;
}

QByteArray OpenAiToResponsesResponse::streamFailure(int status, QByteArrayView code,
                                                    const QString &message)
{
    QList<SseEvent> out;
    if (!m_done)
        fail(ErrorBody::openAiCode(status, code).toStdString(), message.toStdString(), out);
    QByteArray bytes;
    for (const SseEvent &e : std::as_const(out))
        bytes += e.render();
    return bytes;
}

void OpenAiToResponsesResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done)
        return;
    const QByteArray data = sse.data.trimmed();
    if (data == "[DONE]") {
        complete(out);
        return;
    }
    if (data.isEmpty())
        return;
    if (m_started) {
        if (std::optional<std::string> text = FastDelta::openAiText(data)) {
            if (!text->empty())
                addText(*text, out);
            return;
        }
    }
    const Json chunk = json::parse(data);
    if (json::has(chunk, "error")) {
        // In the words Codex acts on (context_length_exceeded, rate_limit_exceeded, ...).
        const UpstreamErrorMapper::VendorError vendor = UpstreamErrorMapper::read(data);
        const int status = UpstreamErrorMapper::statusOfStreamError(vendor) == 429 ? 429 : 0;
        const QByteArray code = UpstreamErrorMapper::openAiCode(status, data);
        fail(code.toStdString(), vendor.message.toStdString(), out);
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
    if (std::string reasoning = chat::reasoningOf(d); !reasoning.empty())
        addReasoning(reasoning, out);
    if (const Json *block = chat::thinkingBlocksOf(d))
        addThinkingBlock(*block, out);
    if (std::string text = chat::textOf(d.value("content", Json())); !text.empty())
        addText(text, out);
    if (const auto calls = d.find("tool_calls"); calls != d.end() && calls->is_array()) {
        for (const Json &call : *calls) {
            const int toolIndex = call.value("index", 0);
            const Json function = call.value("function", Json::object());
            auto found = m_toolItems.find(toolIndex);
            if (found == m_toolItems.end()) {
                std::string callId = json::str(call, "id");
                if (callId.empty())
                    callId = "call_llmux_" + std::to_string(toolIndex);
                // Gemini's signature for the call goes back in the reasoning item before it.
                if (std::string signature = chat::thoughtSignatureOf(call);
                    !signature.empty() && m_sealed)
                    reasoningItem(out).thoughtSignatures[callId] = std::move(signature);
                for (int open : {m_openMessage, m_openReasoning})
                    if (open >= 0)
                        closeItem(m_items[size_t(open)], out);
                const int index = openItem(Item::Kind::FunctionCall, out, std::move(callId),
                                           json::str(function, "name"))
                                      .outputIndex;
                found = m_toolItems.emplace(toolIndex, index).first;
            }
            Item &item = m_items[size_t(found->second)];
            if (std::string args = json::str(function, "arguments"); !args.empty()) {
                item.text += args;
                if (item.kind == Item::Kind::FunctionCall)
                    send(
                        "response.function_call_arguments.delta",
                        {{"item_id", item.id}, {"output_index", item.outputIndex}, {"delta", args}},
                        out);
            }
        }
    }
    if (std::string finish = json::str(choice, "finish_reason"); !finish.empty()) {
        m_finishReason = finish;
        closeAll(out);
    }
}

void OpenAiToResponsesResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    // Some providers omit [DONE]; a finish_reason means the answer itself was complete.
    if (!m_finishReason.empty()) {
        complete(out);
        return;
    }
    fail("server_error", "The provider ended the stream before the answer was complete.", out);
}

} // namespace llmux
