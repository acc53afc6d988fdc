// OpenAI's Responses API as OpenAI serves it (POST /v1/responses): the response object, and the
// stream of typed events with sequence numbers that ends with response.completed. Part of the
// OpenAI wire of a fake that offers it (FakeUpstream::Dialect::OpenAiResponses).
#include "tests/fakes/ResponsesWire.h"

#include <QDateTime>

namespace llmux::test::responseswire {

namespace {

using namespace fakewire;

Json usage(bool think)
{
    return {{"input_tokens", FakeUpstream::kPromptTokens},
            {"input_tokens_details", {{"cached_tokens", 0}}},
            {"output_tokens", FakeUpstream::kCompletionTokens},
            {"output_tokens_details", {{"reasoning_tokens", think ? kThoughtTokens : 0}}},
            {"total_tokens", FakeUpstream::kPromptTokens + FakeUpstream::kCompletionTokens}};
}

Json response(const FakeTurn &t, const char *status, const Json &output)
{
    return {{"id", t.id},
            {"object", "response"},
            {"created_at", t.created},
            {"status", status},
            {"error", nullptr},
            {"incomplete_details", nullptr},
            {"model", t.model},
            {"output", output},
            {"parallel_tool_calls", true},
            {"store", true},
            {"usage", std::string(status) == "completed" ? usage(t.think) : Json(nullptr)}};
}

Json reasoningItem(const FakeTurn &t)
{
    return {{"id", "rs_" + t.id.substr(5)},
            {"type", "reasoning"},
            {"summary", Json::array({{{"type", "summary_text"}, {"text", kThinking}}})}};
}

Json messageItem(const FakeTurn &t, const std::string &text)
{
    return {
        {"id", "msg_" + t.id.substr(5)},
        {"type", "message"},
        {"status", "completed"},
        {"role", "assistant"},
        {"content",
         Json::array({{{"type", "output_text"}, {"text", text}, {"annotations", Json::array()}}})}};
}

// A freeform tool's call (the first tool the request declares is a "custom" one).
constexpr const char *kCustomInput = "*** Begin Patch\n*** End Patch\n";

Json callItem(const FakeTurn &t, const std::string &arguments)
{
    if (t.customTool)
        return {{"id", "ctc_" + t.id.substr(5)}, {"type", "custom_tool_call"},
                {"status", "completed"},         {"call_id", "call_fake1"},
                {"name", t.tool.toStdString()},  {"input", kCustomInput}};
    return {{"id", "fc_" + t.id.substr(5)}, {"type", "function_call"},
            {"status", "completed"},        {"call_id", "call_fake1"},
            {"name", t.tool.toStdString()}, {"arguments", arguments}};
}

// The text of an input: a string, or the parts of its last message or tool output.
void readInput(const Json &input, FakeTurn &t)
{
    if (input.is_string()) {
        t.prompt = QString::fromStdString(input.get<std::string>());
        return;
    }
    if (!input.is_array())
        return;
    for (const Json &item : input) {
        if (!item.is_object())
            continue;
        const std::string type = item.value("type", item.contains("role") ? "message" : "");
        if (type == "message" && item.value("role", "") == "user" && item.contains("content")) {
            t.prompt = textOf(item["content"]);
            t.toolAnswered = false;
        } else if (type == "function_call_output" || type == "custom_tool_call_output") {
            t.toolAnswered = true;
            if (item.contains("output"))
                t.prompt = textOf(item["output"]);
        }
    }
}

} // namespace

std::optional<FakeReply> route(const Json &request, int serial, FakeTurn &t)
{
    if (!request.contains("input")) {
        const Json error = {{"error",
                             {{"message", "Missing required parameter: 'input'."},
                              {"type", "invalid_request_error"},
                              {"param", "input"},
                              {"code", "missing_required_parameter"}}}};
        return FakeReply{400, "application/json", {}, dump(error)};
    }
    t.endpoint = kEndpoint;
    t.serial = serial;
    t.model = request.value("model", "");
    t.stream = request.value("stream", false);
    t.id = "resp_fake" + std::to_string(serial);
    t.created = QDateTime::currentSecsSinceEpoch();
    readInput(request["input"], t);
    if (request.contains("tools") && request["tools"].is_array())
        for (const Json &tool : request["tools"])
            if (t.tool.isEmpty() && tool.is_object() && tool.contains("name") &&
                tool["name"].is_string() &&
                (tool.value("type", "") == "function" || tool.value("type", "") == "custom")) {
                t.tool = QString::fromStdString(tool["name"].get<std::string>());
                t.customTool = tool.value("type", "") == "custom";
            }
    return std::nullopt;
}

FakeReply compact(const Json &request, int serial)
{
    if (!request.contains("input") || !request["input"].is_array())
        return {400,
                "application/json",
                {},
                dump({{"error",
                       {{"message", "Missing required parameter: 'input'."},
                        {"type", "invalid_request_error"},
                        {"param", "input"},
                        {"code", "missing_required_parameter"}}}})};
    const Json body = {
        {"id", "resp_fake" + std::to_string(serial)},
        {"object", "response.compaction"},
        {"created_at", QDateTime::currentSecsSinceEpoch()},
        {"output", Json::array({{{"id", "cmp_fake" + std::to_string(serial)},
                                 {"type", "compaction"},
                                 {"encrypted_content", "fake-compaction-of-" +
                                                           std::to_string(request["input"].size()) +
                                                           "-items"}}})},
        {"usage", usage(false)}};
    return {200, "application/json", {}, dump(body)};
}

FakeReply reply(const FakeTurn &t)
{
    Json output = Json::array();
    if (t.think)
        output.push_back(reasoningItem(t));
    if (t.callTool)
        output.push_back(callItem(t, toolArguments().dump()));
    else
        output.push_back(messageItem(t, t.words.join(QLatin1Char(' ')).toStdString()));
    return {200, "application/json", "x-request-id: req_fake\r\n",
            dump(response(t, "completed", output))};
}

FakeStream stream(const FakeTurn &t)
{
    FakeStream s;
    s.headers = "Cache-Control: no-cache\r\nx-request-id: req_fake\r\n";
    int sequence = 0;
    auto add = [&s, &sequence](FakeEvent::Part part, const char *type, Json fields) {
        fields["type"] = type;
        fields["sequence_number"] = sequence++;
        s.events.append({part, QByteArray("event: ") + type + "\ndata: " + dump(fields) + "\n\n"});
    };
    const auto Lead = FakeEvent::Part::Lead, Text = FakeEvent::Part::Text,
               Frame = FakeEvent::Part::Frame;
    add(Lead, "response.created", {{"response", response(t, "in_progress", Json::array())}});
    add(Lead, "response.in_progress", {{"response", response(t, "in_progress", Json::array())}});
    Json output = Json::array();
    int index = 0;
    if (t.think) {
        Json item = reasoningItem(t);
        Json opened = item;
        opened["summary"] = Json::array();
        add(Lead, "response.output_item.added", {{"output_index", index}, {"item", opened}});
        add(Lead, "response.reasoning_summary_part.added",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"summary_index", 0},
             {"part", {{"type", "summary_text"}, {"text", ""}}}});
        for (const QString &word : QString::fromLatin1(kThinking).split(QLatin1Char(' ')))
            add(Text, "response.reasoning_summary_text.delta",
                {{"item_id", item["id"]},
                 {"output_index", index},
                 {"summary_index", 0},
                 {"delta", piece(word)}});
        add(Frame, "response.reasoning_summary_text.done",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"summary_index", 0},
             {"text", kThinking}});
        add(Frame, "response.reasoning_summary_part.done",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"summary_index", 0},
             {"part", {{"type", "summary_text"}, {"text", kThinking}}}});
        add(Frame, "response.output_item.done", {{"output_index", index}, {"item", item}});
        output.push_back(item);
        ++index;
    }
    if (t.callTool) {
        const std::string arguments = toolArguments().dump();
        Json item = callItem(t, arguments);
        Json opened = item;
        opened["status"] = "in_progress";
        opened[t.customTool ? "input" : "arguments"] = "";
        add(index == 0 ? Lead : Frame, "response.output_item.added",
            {{"output_index", index}, {"item", opened}});
        if (t.customTool) {
            add(Text, "response.custom_tool_call_input.delta",
                {{"item_id", item["id"]}, {"output_index", index}, {"delta", kCustomInput}});
            add(Frame, "response.custom_tool_call_input.done",
                {{"item_id", item["id"]}, {"output_index", index}, {"input", kCustomInput}});
            add(Frame, "response.output_item.done", {{"output_index", index}, {"item", item}});
            output.push_back(item);
            add(Frame, "response.completed", {{"response", response(t, "completed", output)}});
            return s;
        }
        for (const std::string &fragment : kArgumentFragments)
            add(Text, "response.function_call_arguments.delta",
                {{"item_id", item["id"]}, {"output_index", index}, {"delta", fragment}});
        add(Frame, "response.function_call_arguments.done",
            {{"item_id", item["id"]}, {"output_index", index}, {"arguments", arguments}});
        add(Frame, "response.output_item.done", {{"output_index", index}, {"item", item}});
        output.push_back(item);
    } else {
        std::string text; // what the deltas add up to
        for (const QString &word : t.words)
            text += piece(word);
        Json item = messageItem(t, text);
        Json opened = item;
        opened["status"] = "in_progress";
        opened["content"] = Json::array();
        const auto partStart = index == 0 ? Lead : Frame;
        add(partStart, "response.output_item.added", {{"output_index", index}, {"item", opened}});
        add(partStart, "response.content_part.added",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"content_index", 0},
             {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", Json::array()}}}});
        for (const QString &word : t.words)
            add(Text, "response.output_text.delta",
                {{"item_id", item["id"]},
                 {"output_index", index},
                 {"content_index", 0},
                 {"delta", piece(word)},
                 {"logprobs", Json::array()}});
        add(Frame, "response.output_text.done",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"content_index", 0},
             {"text", text},
             {"logprobs", Json::array()}});
        add(Frame, "response.content_part.done",
            {{"item_id", item["id"]},
             {"output_index", index},
             {"content_index", 0},
             {"part", item["content"][0]}});
        add(Frame, "response.output_item.done", {{"output_index", index}, {"item", item}});
        output.push_back(item);
    }
    add(Frame, "response.completed", {{"response", response(t, "completed", output)}});
    return s;
}

} // namespace llmux::test::responseswire
