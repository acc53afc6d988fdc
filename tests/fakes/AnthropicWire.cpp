// The Anthropic wire format: Messages (JSON and the event stream), token counting, Models.
#include "tests/fakes/FakeWire.h"

namespace llmux::test {

namespace {

using namespace fakewire;

QByteArray requestId(int serial)
{
    return "req_fake" + QByteArray::number(serial);
}

QByteArray event(const char *name, const Json &json)
{
    return "event: " + QByteArray(name) + "\ndata: " + dump(json) + "\n\n";
}

Json usage(int outputTokens)
{
    return {{"input_tokens", FakeUpstream::kPromptTokens},
            {"output_tokens", outputTokens},
            {"cache_creation_input_tokens", 0},
            {"cache_read_input_tokens", 0}};
}

const char *errorType(int status)
{
    switch (status) {
    case 400:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 402:
        return "billing_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 504:
        return "timeout_error";
    case 529:
        return "overloaded_error";
    }
    return status >= 500 ? "api_error" : "invalid_request_error";
}

Json modelInfo()
{
    return {{"type", "model"},
            {"id", "claude-fake"},
            {"display_name", "Claude Fake"},
            {"created_at", "2025-01-01T00:00:00Z"}};
}

class AnthropicWire : public FakeWire
{
public:
    QString baseUrl(quint16 port) const override
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(port);
    }

    FakeCall route(const FakeRequest &r) const override
    {
        FakeCall call;
        const QByteArray path = r.route();
        const QByteArray key = r.header("x-api-key");
        if (key.isEmpty())
            call.reply = error(401, QStringLiteral("x-api-key header is required"), r.serial);
        else if (key.startsWith("bad"))
            call.reply = error(401, QStringLiteral("invalid x-api-key"), r.serial);
        else if (r.header("anthropic-version").isEmpty())
            call.reply =
                error(400, QStringLiteral("anthropic-version: header is required"), r.serial);
        else if (r.method == "GET" && path == "/v1/models")
            call.reply = ok(r.serial, {{"data", Json::array({modelInfo()})},
                                       {"has_more", false},
                                       {"first_id", "claude-fake"},
                                       {"last_id", "claude-fake"}});
        else if (r.method == "GET" && path == "/v1/models/claude-fake")
            call.reply = ok(r.serial, modelInfo());
        else if (r.method != "POST" ||
                 (path != "/v1/messages" && path != "/v1/messages/count_tokens"))
            call.reply = error(404, QStringLiteral("Not Found"), r.serial);
        if (call.reply)
            return call;

        const Json request = parse(r.body);
        if (!request.is_object()) {
            call.reply =
                error(400, QStringLiteral("There was an error parsing the body of your request."),
                      r.serial);
            return call;
        }
        const bool count = path == "/v1/messages/count_tokens";
        for (const char *field : {"model", "messages", "max_tokens"}) {
            if (!request.contains(field) && !(count && QByteArray(field) == "max_tokens")) {
                call.reply = error(
                    400, QStringLiteral("%1: Field required").arg(QLatin1String(field)), r.serial);
                return call;
            }
        }
        if (const QString refusal = thinkingProblem(request); !refusal.isEmpty()) {
            call.reply = error(400, refusal, r.serial);
            return call;
        }
        const std::string model = request["model"].is_string() ? request["model"] : "";
        call.model = QByteArray::fromStdString(model);
        if (count) {
            call.reply = ok(r.serial, {{"input_tokens", FakeUpstream::kPromptTokens}});
            return call;
        }
        FakeTurn &t = call.turn;
        t.serial = r.serial;
        t.model = model;
        t.stream = request.value("stream", false);
        t.id = "msg_fake" + std::to_string(r.serial);
        if (request["messages"].is_array())
            for (const Json &m : request["messages"]) {
                if (!m.is_object() || m.value("role", "") != "user" || !m.contains("content"))
                    continue;
                t.prompt = textOf(m["content"]);
                t.toolAnswered = false;
                if (m["content"].is_array())
                    for (const Json &block : m["content"])
                        if (block.is_object() && block.value("type", "") == "tool_result") {
                            t.toolAnswered = true;
                            if (t.prompt.isEmpty() && block.contains("content"))
                                t.prompt = textOf(block["content"]);
                        }
            }
        if (request.contains("tools") && request["tools"].is_array())
            for (const Json &tool : request["tools"])
                if (t.tool.isEmpty() && tool.is_object() && tool.contains("name") &&
                    tool["name"].is_string())
                    t.tool = QString::fromStdString(tool["name"].get<std::string>());
        return call;
    }

    FakeReply error(int status, const QString &message, int serial) const override
    {
        const Json body = {
            {"type", "error"},
            {"error", {{"type", errorType(status)}, {"message", message.toStdString()}}},
            {"request_id", requestId(serial).toStdString()}};
        QByteArray headers = "request-id: " + requestId(serial) + "\r\n";
        if (status == 429)
            headers += "retry-after: 1\r\n";
        return {status, "application/json", headers, dump(body)};
    }

    FakeReply reply(const FakeTurn &t) const override
    {
        Json content = Json::array();
        if (t.think)
            content.push_back(
                {{"type", "thinking"}, {"thinking", kThinking}, {"signature", kSignature}});
        if (t.callTool) {
            content.push_back({{"type", "text"}, {"text", kToolPreamble}});
            content.push_back(toolUse(t, toolArguments()));
        } else {
            content.push_back(
                {{"type", "text"}, {"text", t.words.join(QLatin1Char(' ')).toStdString()}});
        }
        Json message = start(t);
        message["content"] = content;
        message["stop_reason"] = t.callTool ? "tool_use" : "end_turn";
        message["usage"] = usage(FakeUpstream::kCompletionTokens);
        return ok(t.serial, message);
    }

    FakeStream stream(const FakeTurn &t) const override
    {
        FakeStream s;
        s.contentType = "text/event-stream; charset=utf-8";
        s.headers = "Cache-Control: no-cache\r\nrequest-id: " + requestId(t.serial) + "\r\n";
        const auto Lead = FakeEvent::Part::Lead, Text = FakeEvent::Part::Text,
                   Frame = FakeEvent::Part::Frame;
        auto add = [&s](FakeEvent::Part part, const char *name, const Json &json) {
            s.events.append({part, event(name, json)});
        };
        auto delta = [&add](int index, const Json &d) {
            add(Text, "content_block_delta",
                {{"type", "content_block_delta"}, {"index", index}, {"delta", d}});
        };
        auto blockStart = [&add](FakeEvent::Part part, int index, const Json &block) {
            add(part, "content_block_start",
                {{"type", "content_block_start"}, {"index", index}, {"content_block", block}});
        };
        auto blockStop = [&add, Frame](int index) {
            add(Frame, "content_block_stop", {{"type", "content_block_stop"}, {"index", index}});
        };

        Json message = start(t);
        message["usage"] = usage(1);
        add(Lead, "message_start", {{"type", "message_start"}, {"message", message}});
        int index = 0;
        if (t.think) {
            blockStart(Lead, index, {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}});
            add(Lead, "ping", {{"type", "ping"}});
            for (const QString &word : QString::fromLatin1(kThinking).split(QLatin1Char(' ')))
                delta(index, {{"type", "thinking_delta"}, {"thinking", piece(word)}});
            add(Frame, "content_block_delta",
                {{"type", "content_block_delta"},
                 {"index", index},
                 {"delta", {{"type", "signature_delta"}, {"signature", kSignature}}}});
            blockStop(index++);
        }
        blockStart(index == 0 ? Lead : Frame, index, {{"type", "text"}, {"text", ""}});
        if (index == 0)
            add(Lead, "ping", {{"type", "ping"}});
        if (t.callTool) {
            delta(index, {{"type", "text_delta"}, {"text", kToolPreamble}});
            blockStop(index++);
            blockStart(Frame, index, toolUse(t, Json::object()));
            add(Frame, "content_block_delta",
                {{"type", "content_block_delta"},
                 {"index", index},
                 {"delta", {{"type", "input_json_delta"}, {"partial_json", ""}}}});
            for (const std::string &fragment : kArgumentFragments)
                delta(index, {{"type", "input_json_delta"}, {"partial_json", fragment}});
        } else {
            for (const QString &word : t.words)
                delta(index, {{"type", "text_delta"}, {"text", piece(word)}});
        }
        blockStop(index);
        add(Frame, "message_delta",
            {{"type", "message_delta"},
             {"delta",
              {{"stop_reason", t.callTool ? "tool_use" : "end_turn"}, {"stop_sequence", nullptr}}},
             {"usage", {{"output_tokens", FakeUpstream::kCompletionTokens}}}});
        add(Frame, "message_stop", {{"type", "message_stop"}});
        return s;
    }

private:
    // Anthropic's rules for earlier thinking: a signature must be one it made, and with thinking
    // on, the last assistant turn that called a tool must start with its thinking.
    static QString thinkingProblem(const Json &request)
    {
        const auto messages = request.find("messages");
        if (messages == request.end() || !messages->is_array())
            return {};
        const auto thinking = request.find("thinking");
        const bool on = thinking != request.end() && thinking->is_object() &&
                        thinking->value("type", "") == "enabled";
        bool lastAssistantSeen = false;
        for (size_t i = messages->size(); i-- > 0;) {
            const Json &m = (*messages)[i];
            if (!m.is_object() || m.value("role", "") != "assistant" || !m.contains("content") ||
                !m["content"].is_array())
                continue;
            const Json &content = m["content"];
            for (const Json &block : content)
                if (block.is_object() && block.value("type", "") == "thinking" &&
                    block.value("signature", "") != kSignature)
                    return QStringLiteral("messages.%1.content.0: Invalid `signature` in "
                                          "`thinking` block")
                        .arg(i);
            if (!on || lastAssistantSeen)
                continue;
            lastAssistantSeen = true;
            bool callsTool = false;
            for (const Json &block : content)
                callsTool =
                    callsTool || (block.is_object() && block.value("type", "") == "tool_use");
            const std::string first =
                content.empty() || !content[0].is_object() ? "" : content[0].value("type", "");
            if (callsTool && first != "thinking" && first != "redacted_thinking")
                return QStringLiteral(
                           "messages.%1.content.0.type: Expected `thinking` or "
                           "`redacted_thinking`, but found `%2`. When `thinking` is enabled, a "
                           "final `assistant` message must start with a thinking block (preceeding "
                           "the lastmost set of `tool_use` and `tool_result` blocks). We recommend "
                           "you include thinking blocks from previous turns.")
                    .arg(i)
                    .arg(QString::fromStdString(first));
        }
        return {};
    }

    static FakeReply ok(int serial, const Json &body)
    {
        return {200, "application/json", "request-id: " + requestId(serial) + "\r\n", dump(body)};
    }

    // The message as message_start announces it: no content yet.
    static Json start(const FakeTurn &t)
    {
        return {{"id", t.id},
                {"type", "message"},
                {"role", "assistant"},
                {"model", t.model},
                {"content", Json::array()},
                {"stop_reason", nullptr},
                {"stop_sequence", nullptr}};
    }

    static Json toolUse(const FakeTurn &t, const Json &input)
    {
        return {{"type", "tool_use"},
                {"id", "toolu_fake1"},
                {"name", t.tool.toStdString()},
                {"input", input}};
    }
};

} // namespace

std::unique_ptr<FakeWire> makeAnthropicWire()
{
    return std::make_unique<AnthropicWire>();
}

} // namespace llmux::test
