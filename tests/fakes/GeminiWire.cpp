// The Google Gemini wire format (Generative Language API v1beta): generateContent,
// streamGenerateContent (SSE with ?alt=sse, else a streamed JSON array), countTokens,
// embedContent, batchEmbedContents, models.
#include "tests/fakes/FakeWire.h"

namespace llmux::test {

namespace {

using namespace fakewire;

constexpr char kJson[] = "application/json; charset=UTF-8";

enum Endpoint { Generate, StreamSse, StreamArray };

const char *statusName(int status)
{
    switch (status) {
    case 400:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 409:
        return "ABORTED";
    case 429:
        return "RESOURCE_EXHAUSTED";
    case 499:
        return "CANCELLED";
    case 501:
        return "NOT_IMPLEMENTED";
    case 503:
        return "UNAVAILABLE";
    case 504:
        return "DEADLINE_EXCEEDED";
    }
    return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
}

Json modelInfo()
{
    return {{"name", "models/gemini-fake"},
            {"version", "001"},
            {"displayName", "Gemini Fake"},
            {"description", "The tests' fake Gemini model."},
            {"inputTokenLimit", 1048576},
            {"outputTokenLimit", 65536},
            {"supportedGenerationMethods",
             {"generateContent", "streamGenerateContent", "countTokens", "embedContent",
              "batchEmbedContents"}}};
}

Json promptDetails()
{
    return Json::array({{{"modality", "TEXT"}, {"tokenCount", FakeUpstream::kPromptTokens}}});
}

// Field names are accepted in lowerCamelCase and in snake_case, as Google's JSON mapping does.
const Json *field(const Json &object, const char *camel, const char *snake)
{
    if (!object.is_object())
        return nullptr;
    if (object.contains(camel))
        return &object[camel];
    return object.contains(snake) ? &object[snake] : nullptr;
}

std::string contentText(const Json &content)
{
    return content.is_object() && content.contains("parts") ? textOf(content["parts"]).toStdString()
                                                            : std::string();
}

class GeminiWire : public FakeWire
{
public:
    QString baseUrl(quint16 port) const override
    {
        return QStringLiteral("http://127.0.0.1:%1/v1beta").arg(port);
    }

    FakeCall route(const FakeRequest &r) const override
    {
        FakeCall call;
        const QByteArray path = QByteArray::fromPercentEncoding(r.route());
        const QByteArray key =
            r.header("x-goog-api-key").isEmpty() ? r.query("key") : r.header("x-goog-api-key");
        const qsizetype colon = path.lastIndexOf(':');
        const QByteArray name = path.mid(8, colon < 0 ? -1 : colon - 8); // after "/v1beta/"
        const QByteArray method = colon < 0 ? QByteArray() : path.mid(colon + 1);
        if (key.isEmpty())
            call.reply = error(403,
                               QStringLiteral("Method doesn't allow unregistered callers (callers "
                                              "without established identity). Please use API Key "
                                              "or other form of API consumer identity to call "
                                              "this API."),
                               r.serial);
        else if (key.startsWith("bad"))
            call.reply = invalidKey();
        else if (!path.startsWith("/v1beta/models"))
            call.reply = error(404, QStringLiteral("Not Found"), r.serial);
        else if (r.method == "GET" && path == "/v1beta/models")
            call.reply = ok({{"models", Json::array({modelInfo()})}});
        else if (r.method == "GET" && name == "models/gemini-fake" && method.isEmpty())
            call.reply = ok(modelInfo());
        else if (r.method != "POST" || !name.startsWith("models/") ||
                 !QByteArrayList{"generateContent", "streamGenerateContent", "countTokens",
                                 "embedContent", "batchEmbedContents"}
                      .contains(method))
            call.reply = error(404,
                               QStringLiteral("%1 is not found for API version v1beta, or is not "
                                              "supported for %2.")
                                   .arg(QString::fromUtf8(name), QString::fromUtf8(method)),
                               r.serial);
        if (call.reply)
            return call;

        const Json request = parse(r.body);
        if (!request.is_object()) {
            call.reply = error(400, QStringLiteral("Invalid JSON payload received."), r.serial);
            return call;
        }
        call.model = name.mid(7);
        if (method == "embedContent" || method == "batchEmbedContents") {
            call.reply = embed(request, method == "batchEmbedContents", r.serial);
            return call;
        }
        const Json *contents = field(request, "contents", "contents");
        if (method == "countTokens" && !contents)
            if (const Json *inner =
                    field(request, "generateContentRequest", "generate_content_request"))
                contents = field(*inner, "contents", "contents");
        if (!contents || !contents->is_array() || contents->empty()) {
            call.reply = error(
                400,
                QStringLiteral("* GenerateContentRequest.contents: contents is not specified\n"),
                r.serial);
            return call;
        }
        if (method == "countTokens") {
            call.reply = ok({{"totalTokens", FakeUpstream::kPromptTokens},
                             {"promptTokensDetails", promptDetails()}});
            return call;
        }
        FakeTurn &t = call.turn;
        t.serial = r.serial;
        t.model = call.model.toStdString();
        t.stream = method == "streamGenerateContent";
        t.endpoint = !t.stream ? Generate : r.query("alt") == "sse" ? StreamSse : StreamArray;
        t.id = "fakeResponse" + std::to_string(r.serial);
        for (const Json &content : *contents) {
            if (!content.is_object() || content.value("role", "user") != "user")
                continue;
            t.prompt = QString::fromStdString(contentText(content));
            t.toolAnswered = false;
            if (const auto parts = content.find("parts");
                parts != content.end() && parts->is_array())
                for (const Json &part : *parts)
                    if (const Json *answer = field(part, "functionResponse", "function_response")) {
                        t.toolAnswered = true;
                        if (t.prompt.isEmpty())
                            t.prompt = QString::fromStdString(answer->dump());
                    }
        }
        if (const Json *tools = field(request, "tools", "tools"); tools && tools->is_array())
            for (const Json &tool : *tools)
                if (const Json *declarations =
                        field(tool, "functionDeclarations", "function_declarations");
                    declarations && declarations->is_array() && t.tool.isEmpty())
                    for (const Json &d : *declarations)
                        if (t.tool.isEmpty() && d.is_object() && d.contains("name") &&
                            d["name"].is_string())
                            t.tool = QString::fromStdString(d["name"].get<std::string>());
        return call;
    }

    FakeReply error(int status, const QString &message, int) const override
    {
        Json error = {
            {"code", status}, {"message", message.toStdString()}, {"status", statusName(status)}};
        if (status == 429)
            error["details"] = Json::array(
                {{{"@type", "type.googleapis.com/google.rpc.RetryInfo"}, {"retryDelay", "1s"}}});
        return {status, kJson, {}, dump({{"error", error}})};
    }

    FakeReply reply(const FakeTurn &t) const override
    {
        Json parts = Json::array();
        if (t.think)
            parts.push_back({{"text", kThinking}, {"thought", true}});
        if (t.callTool)
            parts.push_back(functionCall(t));
        else
            parts.push_back({{"text", t.words.join(QLatin1Char(' ')).toStdString()}});
        return ok(response(t, parts, true));
    }

    FakeStream stream(const FakeTurn &t) const override
    {
        QList<QPair<FakeEvent::Part, Json>> chunks;
        const auto Text = FakeEvent::Part::Text;
        if (t.callTool) {
            chunks.append({Text, response(t, Json::array({functionCall(t)}), true)});
        } else {
            if (t.think)
                for (const QString &word : QString::fromLatin1(kThinking).split(QLatin1Char(' ')))
                    chunks.append(
                        {Text, response(t, {{{"text", piece(word)}, {"thought", true}}}, false)});
            for (const QString &word : t.words)
                chunks.append({Text, response(t, {{{"text", piece(word)}}}, false)});
            chunks.append({FakeEvent::Part::Frame, response(t, {{{"text", ""}}}, true)});
        }
        FakeStream s;
        if (t.endpoint != StreamArray) {
            for (const auto &[part, json] : chunks)
                s.events.append({part, "data: " + dump(json) + "\r\n\r\n"});
            return s;
        }
        // A JSON array sent as it grows: "[" then each element, with its separator after it.
        s.contentType = kJson;
        s.events.append({FakeEvent::Part::Lead, "["});
        for (qsizetype i = 0; i < chunks.size(); ++i)
            s.events.append({chunks[i].first,
                             dump(chunks[i].second) + (i + 1 < chunks.size() ? "\n,\r\n" : "\n]")});
        return s;
    }

private:
    static FakeReply ok(const Json &body) { return {200, kJson, {}, dump(body)}; }

    static FakeReply invalidKey()
    {
        const QString message = QStringLiteral("API key not valid. Please pass a valid API key.");
        const Json error = {
            {"code", 400},
            {"message", message.toStdString()},
            {"status", "INVALID_ARGUMENT"},
            {"details",
             Json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                           {"reason", "API_KEY_INVALID"},
                           {"domain", "googleapis.com"},
                           {"metadata", {{"service", "generativelanguage.googleapis.com"}}}}})}};
        return {400, kJson, {}, dump({{"error", error}})};
    }

    static Json functionCall(const FakeTurn &t)
    {
        return {{"functionCall", {{"name", t.tool.toStdString()}, {"args", toolArguments()}}},
                {"thoughtSignature", kSignature}};
    }

    // A GenerateContentResponse. Stream chunks before the last carry no finishReason and count
    // only the prompt, as Gemini's do.
    static Json response(const FakeTurn &t, const Json &parts, bool last)
    {
        Json candidate = {{"content", {{"parts", parts}, {"role", "model"}}}, {"index", 0}};
        Json usage = {{"promptTokenCount", FakeUpstream::kPromptTokens},
                      {"totalTokenCount", FakeUpstream::kPromptTokens},
                      {"promptTokensDetails", promptDetails()}};
        if (last) {
            candidate["finishReason"] = "STOP";
            const int thoughts = t.think ? kThoughtTokens : 0;
            usage["candidatesTokenCount"] = FakeUpstream::kCompletionTokens;
            usage["totalTokenCount"] =
                FakeUpstream::kPromptTokens + FakeUpstream::kCompletionTokens + thoughts;
            if (t.think)
                usage["thoughtsTokenCount"] = thoughts;
        }
        return {{"candidates", Json::array({candidate})},
                {"usageMetadata", usage},
                {"modelVersion", t.model},
                {"responseId", t.id}};
    }

    FakeReply embed(const Json &request, bool batch, int serial) const
    {
        if (!batch) {
            const Json *content = field(request, "content", "content");
            if (!content)
                return error(400,
                             QStringLiteral("* EmbedContentRequest.content: content is not "
                                            "specified\n"),
                             serial);
            return ok({{"embedding", {{"values", values(contentText(*content))}}}});
        }
        const Json *requests = field(request, "requests", "requests");
        if (!requests || !requests->is_array() || requests->empty())
            return error(400,
                         QStringLiteral("* BatchEmbedContentsRequest.requests: at least one "
                                        "request is required\n"),
                         serial);
        Json embeddings = Json::array();
        for (const Json &one : *requests) {
            const Json *content = field(one, "content", "content");
            embeddings.push_back({{"values", values(content ? contentText(*content) : "")}});
        }
        return ok({{"embeddings", embeddings}});
    }

    static Json values(const std::string &text)
    {
        const QList<double> v = embedding(text);
        return std::vector<double>(v.begin(), v.end());
    }
};

} // namespace

std::unique_ptr<FakeWire> makeGeminiWire()
{
    return std::make_unique<GeminiWire>();
}

} // namespace llmux::test
