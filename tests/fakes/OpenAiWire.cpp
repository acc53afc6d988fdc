// The OpenAI wire format: Chat Completions, legacy Completions, Embeddings, Models.
#include "tests/fakes/FakeWire.h"
#include "tests/fakes/ResponsesWire.h"

#include <QDateTime>

namespace llmux::test {

namespace {

using namespace fakewire;

enum Endpoint { Chat, Legacy };

Json usage(bool think)
{
    Json u = {{"prompt_tokens", FakeUpstream::kPromptTokens},
              {"completion_tokens", FakeUpstream::kCompletionTokens},
              {"total_tokens", FakeUpstream::kPromptTokens + FakeUpstream::kCompletionTokens}};
    if (think)
        u["completion_tokens_details"] = {{"reasoning_tokens", kThoughtTokens}};
    return u;
}

QByteArray event(const Json &json)
{
    return "data: " + dump(json) + "\n\n";
}

// The first tool the request declares ({"type": "function", "function": {"name": ...}}).
QString firstTool(const Json &request)
{
    if (request.contains("tools") && request["tools"].is_array())
        for (const Json &tool : request["tools"])
            if (tool.is_object() && tool.contains("function") && tool["function"].is_object() &&
                tool["function"].contains("name") && tool["function"]["name"].is_string())
                return QString::fromStdString(tool["function"]["name"].get<std::string>());
    return {};
}

// The texts of an embeddings "input": a string, strings, a token array or token arrays.
QList<std::string> inputs(const Json &input)
{
    if (input.is_string())
        return {input.get<std::string>()};
    if (!input.is_array() || input.empty())
        return {};
    if (input.front().is_number())
        return {input.dump()};
    QList<std::string> texts;
    for (const Json &item : input)
        texts << (item.is_string() ? item.get<std::string>() : item.dump());
    return texts;
}

class OpenAiWire : public FakeWire
{
public:
    // responses: it also offers the Responses API (POST /v1/responses), as OpenAI does and most
    // OpenAI-compatible services do not.
    explicit OpenAiWire(bool responses)
        : m_responses(responses)
    {}

    QString baseUrl(quint16 port) const override
    {
        return QStringLiteral("http://127.0.0.1:%1/v1").arg(port);
    }

    FakeCall route(const FakeRequest &r) const override
    {
        FakeCall call;
        if (r.path == "/v1/models" && r.method == "GET") {
            const Json list = {{"object", "list"},
                               {"data", Json::array({{{"id", "gpt-fake"},
                                                      {"object", "model"},
                                                      {"created", 1700000000},
                                                      {"owned_by", "fake"}}})}};
            call.reply = FakeReply{200, "application/json", {}, dump(list)};
            return call;
        }
        // Azure OpenAI addresses a deployment: /openai/deployments/{name}/chat/completions
        // ?api-version=..., with the deployment standing in for the model.
        QByteArray path = r.route();
        QByteArray deployment;
        if (path.startsWith("/openai/deployments/")) {
            if (!r.path.contains("api-version=")) {
                call.reply = error(404, QStringLiteral("Resource not found"), r.serial);
                return call;
            }
            const qsizetype slash = path.indexOf('/', 20);
            deployment = path.mid(20, slash - 20);
            path = "/v1" + path.mid(slash);
        }
        // Azure's Responses API: /openai/responses?api-version=... or its v1 API.
        if (m_responses && ((path == "/openai/responses" && r.path.contains("api-version=")) ||
                            path == "/openai/v1/responses"))
            path = "/v1/responses";
        const bool chat = path == "/v1/chat/completions";
        const bool legacy = path == "/v1/completions";
        const bool embeddings = path == "/v1/embeddings";
        const bool responses = m_responses && path == "/v1/responses";
        const bool compact = m_responses && path == "/v1/responses/compact";
        if (r.method != "POST" || !(chat || legacy || embeddings || responses || compact)) {
            call.reply = error(
                404, QStringLiteral("Unknown path %1").arg(QString::fromLatin1(r.path)), r.serial);
            return call;
        }
        const Json request = parse(r.body);
        if (!request.is_object()) {
            call.reply = error(
                400, QStringLiteral("We could not parse the JSON body of your request."), r.serial);
            return call;
        }
        std::string model = deployment.toStdString();
        if (model.empty() && request.contains("model") && request["model"].is_string())
            model = request["model"].get<std::string>();
        call.model = QByteArray::fromStdString(model);
        if (embeddings) {
            call.reply = embed(request, model, r.serial);
            return call;
        }
        if (responses) {
            call.reply = responseswire::route(request, r.serial, call.turn);
            return call;
        }
        if (compact) {
            call.reply = responseswire::compact(request, r.serial);
            return call;
        }
        // OpenAI offers its codex models only through the Responses API, and says so.
        if (m_responses && chat && QByteArray::fromStdString(model).endsWith("-codex")) {
            const Json body = {
                {"error",
                 {{"message", "This model is only supported in v1/responses and not in "
                              "v1/chat/completions."},
                  {"type", "invalid_request_error"},
                  {"param", "model"},
                  {"code", nullptr}}}};
            call.reply = FakeReply{400, "application/json", {}, dump(body)};
            return call;
        }
        FakeTurn &t = call.turn;
        t.endpoint = chat ? Chat : Legacy;
        t.serial = r.serial;
        t.model = model;
        t.stream = request.value("stream", false);
        t.includeUsage = t.stream && request.contains("stream_options") &&
                         request["stream_options"].is_object() &&
                         request["stream_options"].value("include_usage", false);
        t.id = (chat ? "chatcmpl-fake-" : "cmpl-fake-") + std::to_string(r.serial);
        t.created = QDateTime::currentSecsSinceEpoch();
        if (chat) {
            if (request.contains("messages") && request["messages"].is_array())
                for (const Json &m : request["messages"]) {
                    if (!m.is_object())
                        continue;
                    const std::string role = m.value("role", "");
                    t.toolAnswered = role == "tool";
                    if ((role == "user" || role == "tool") && m.contains("content"))
                        t.prompt = textOf(m["content"]);
                }
            t.tool = firstTool(request);
        } else if (request.contains("prompt")) {
            const Json &prompt = request["prompt"];
            t.prompt = textOf(prompt.is_array() && !prompt.empty() ? prompt.front() : prompt);
        }
        return call;
    }

    FakeReply error(int status, const QString &message, int) const override
    {
        const char *type = status == 429   ? "rate_limit_error"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
        const Json body = {{"error",
                            {{"message", message.toStdString()},
                             {"type", type},
                             {"param", nullptr},
                             {"code", "fake_error"}}}};
        return {status, "application/json", status == 429 ? "Retry-After: 1\r\n" : "", dump(body)};
    }

    FakeReply reply(const FakeTurn &t) const override
    {
        if (t.endpoint == responseswire::kEndpoint)
            return responseswire::reply(t);
        const std::string text = t.words.join(QLatin1Char(' ')).toStdString();
        Json choice = {{"index", 0}, {"logprobs", nullptr}, {"finish_reason", "stop"}};
        if (t.endpoint == Legacy) {
            choice["text"] = text;
        } else if (t.callTool) {
            choice["message"] = {{"role", "assistant"},
                                 {"content", nullptr},
                                 {"tool_calls", Json::array({toolCall(t)})},
                                 {"refusal", nullptr}};
            choice["finish_reason"] = "tool_calls";
        } else {
            choice["message"] = {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}};
            if (t.think)
                choice["message"]["reasoning_content"] = kThinking;
        }
        const Json completion = {
            {"id", t.id},
            {"object", t.endpoint == Legacy ? "text_completion" : "chat.completion"},
            {"created", t.created},
            {"model", t.model},
            {"choices", Json::array({choice})},
            {"usage", usage(t.think)},
            {"system_fingerprint", "fp_fake"}};
        return {200, "application/json", {}, dump(completion)};
    }

    FakeStream stream(const FakeTurn &t) const override
    {
        if (t.endpoint == responseswire::kEndpoint)
            return responseswire::stream(t);
        FakeStream s;
        s.headers = "Cache-Control: no-cache\r\n";
        auto add = [&s](FakeEvent::Part part, const Json &json) {
            s.events.append({part, event(json)});
        };
        const auto Lead = FakeEvent::Part::Lead, Text = FakeEvent::Part::Text,
                   Frame = FakeEvent::Part::Frame;
        if (t.endpoint == Legacy) {
            for (const QString &word : t.words)
                add(Text, legacyChunk(t, piece(word), nullptr));
            add(Frame, legacyChunk(t, "", "stop"));
        } else if (t.callTool) {
            Json first = toolCall(t);
            first["index"] = 0;
            first["function"]["arguments"] = "";
            add(Lead, chunk(t,
                            {{"role", "assistant"},
                             {"content", nullptr},
                             {"tool_calls", Json::array({first})},
                             {"refusal", nullptr}},
                            nullptr));
            for (const std::string &fragment : kArgumentFragments)
                add(Text,
                    chunk(
                        t,
                        {{"tool_calls",
                          Json::array({{{"index", 0}, {"function", {{"arguments", fragment}}}}})}},
                        nullptr));
            add(Frame, chunk(t, Json::object(), "tool_calls"));
        } else {
            add(Lead,
                chunk(t, {{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr));
            if (t.think)
                for (const QString &word : QString::fromLatin1(kThinking).split(QLatin1Char(' ')))
                    add(Text, chunk(t, {{"reasoning_content", piece(word)}}, nullptr));
            for (const QString &word : t.words)
                add(Text, chunk(t, {{"content", piece(word)}}, nullptr));
            add(Frame, chunk(t, Json::object(), "stop"));
        }
        if (t.includeUsage) {
            Json last = {
                {"id", t.id},
                {"object", t.endpoint == Legacy ? "text_completion" : "chat.completion.chunk"},
                {"created", t.created},
                {"model", t.model},
                {"system_fingerprint", "fp_fake"},
                {"choices", Json::array()},
                {"usage", usage(t.think)}};
            add(Frame, last);
        }
        s.events.append({Frame, "data: [DONE]\n\n"});
        return s;
    }

private:
    static Json toolCall(const FakeTurn &t)
    {
        return {
            {"id", "call_fake1"},
            {"type", "function"},
            {"function", {{"name", t.tool.toStdString()}, {"arguments", toolArguments().dump()}}}};
    }

    static Json chunk(const FakeTurn &t, const Json &delta, const Json &finish)
    {
        Json c = {{"id", t.id},
                  {"object", "chat.completion.chunk"},
                  {"created", t.created},
                  {"model", t.model},
                  {"system_fingerprint", "fp_fake"},
                  {"choices", Json::array({{{"index", 0},
                                            {"delta", delta},
                                            {"logprobs", nullptr},
                                            {"finish_reason", finish}}})}};
        if (t.includeUsage)
            c["usage"] = nullptr;
        return c;
    }

    static Json legacyChunk(const FakeTurn &t, const std::string &text, const Json &finish)
    {
        Json c = {{"id", t.id},
                  {"object", "text_completion"},
                  {"created", t.created},
                  {"model", t.model},
                  {"system_fingerprint", "fp_fake"},
                  {"choices", Json::array({{{"text", text},
                                            {"index", 0},
                                            {"logprobs", nullptr},
                                            {"finish_reason", finish}}})}};
        if (t.includeUsage)
            c["usage"] = nullptr;
        return c;
    }

    FakeReply embed(const Json &request, const std::string &model, int serial) const
    {
        const QList<std::string> texts = inputs(request.value("input", Json()));
        if (texts.isEmpty())
            return error(400,
                         QStringLiteral("'$.input' is invalid. Please check the API reference."),
                         serial);
        const bool base64 = request.value("encoding_format", "float") == "base64";
        Json data = Json::array();
        for (qsizetype i = 0; i < texts.size(); ++i) {
            const QList<double> values = embedding(texts.at(i));
            data.push_back(
                {{"object", "embedding"},
                 {"index", i},
                 {"embedding", base64 ? Json(embeddingBase64(values))
                                      : Json(std::vector<double>(values.begin(), values.end()))}});
        }
        const Json body = {{"object", "list"},
                           {"data", data},
                           {"model", model},
                           {"usage",
                            {{"prompt_tokens", FakeUpstream::kPromptTokens},
                             {"total_tokens", FakeUpstream::kPromptTokens}}}};
        return {200, "application/json", {}, dump(body)};
    }

    bool m_responses;
};

} // namespace

std::unique_ptr<FakeWire> makeOpenAiWire(bool responses)
{
    return std::make_unique<OpenAiWire>(responses);
}

} // namespace llmux::test
