// Clients of one format against providers of another, through a real gateway over loopback:
// Anthropic Messages clients (Claude Code, the Anthropic SDK) against OpenAI-compatible, Gemini
// and Anthropic providers, OpenAI clients against Anthropic, Gemini and Azure, OpenAI Responses
// clients (Codex CLI) and Gemini API clients (Gemini CLI, @google/genai) against every kind, plus
// embeddings, legacy completions and count_tokens. The
// fakes speak each vendor's real wire format.
#include "tests/integration/GatewayFixture.h"
#include "tests/integration/ProviderZoo.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>
#include <QtEndian>

using namespace llmux;
using namespace llmux::test;

namespace {

constexpr QByteArrayView kProviderKey = "sk-upstream-secret";

QList<SseEvent> eventsOf(const QByteArray &body)
{
    SseParser parser;
    QList<SseEvent> out;
    for (const SseParser::Event &e : parser.feed(body))
        out.append(SseEvent{e.event, e.data, {}});
    return out;
}

QByteArray header(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first == name)
            return h.second;
    return {};
}

const char *kTools = R"("tools":[{"name":"get_weather","description":"Weather for a city",
    "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}])";
const char *kOpenAiTools = R"("tools":[{"type":"function","function":{"name":"get_weather",
    "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}])";

} // namespace

class TestTranslation : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    ProviderZoo zoo;
    FakeAnthropicUpstream &anthropic = zoo.anthropic;
    FakeGeminiUpstream &gemini = zoo.gemini;
    FakeOpenAiUpstream &azure = zoo.azure;

    GatewayFixture::Response messages(const QByteArray &json, const QByteArray &extra = {})
    {
        return f.send(f.rawRequest("POST", "/v1/messages", json,
                                   "anthropic-version: 2023-06-01\r\n" + extra));
    }
    GatewayFixture::Response post(const QByteArray &path, const QByteArray &json)
    {
        return f.send(f.rawRequest("POST", path, json));
    }
    // As Gemini's clients send it: the key in x-goog-api-key, the model in the path.
    GatewayFixture::Response googleApi(const QByteArray &method, const QByteArray &path,
                                       const QByteArray &json = {})
    {
        return f.send(f.rawRequest(method, path, json, "x-goog-api-key: " + f.key + "\r\n", false));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = f.start({}, [this](GatewayFixture &fx) { return zoo.addTo(fx); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // --- Anthropic clients (Claude Code) against an OpenAI-compatible provider ---

    void anthropicClientOnOpenAiProvider()
    {
        const auto r = messages(R"({"model":"claude-x","max_tokens":100,"system":"Be brief.",
            "messages":[{"role":"user","content":[{"type":"text","text":"hi there"}]}]})");
        QCOMPARE(r.status, 200);
        const Json body = json::parse(r.body);
        JCOMPARE(body["type"], "message");
        JCOMPARE(body["model"], "claude-x");
        JCOMPARE(body["stop_reason"], "end_turn");
        QVERIFY(body["content"][0]["text"].get<std::string>().find("hi there") !=
                std::string::npos);
        JCOMPARE(body["usage"]["input_tokens"], 11);
        JCOMPARE(body["usage"]["output_tokens"], 7);
        const Json sent = json::parse(f.upstream.lastRequestBody());
        JCOMPARE(sent["model"], "gpt-fake");
        JCOMPARE(sent["messages"][0], Json({{"role", "system"}, {"content", "Be brief."}}));
        JCOMPARE(sent["max_tokens"], 100);
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.endpoint, QStringLiteral("/messages"));
        QCOMPARE(e.promptTokens.value_or(0), 11);
        QCOMPARE(e.completionTokens.value_or(0), 7);
        QVERIFY(e.cost.has_value());
    }

    void anthropicClientStreamsFromOpenAiProvider_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QString>("stop");
        QTest::addColumn<QString>("firstBlock");
        QTest::newRow("text") << QByteArray("claude-x") << "end_turn"
                              << "text";
        QTest::newRow("tool") << QByteArray("claude-tool") << "tool_use"
                              << "tool_use";
        QTest::newRow("reasoning") << QByteArray("claude-think") << "end_turn"
                                   << "thinking";
        QTest::newRow("native anthropic") << QByteArray("sonnet-tool") << "tool_use"
                                          << "text";
        QTest::newRow("gemini tool") << QByteArray("gem-tool") << "tool_use"
                                     << "tool_use";
        QTest::newRow("gemini thought") << QByteArray("gem-think") << "end_turn"
                                        << "thinking";
    }

    void anthropicClientStreamsFromOpenAiProvider()
    {
        QFETCH(QByteArray, model);
        QFETCH(QString, stop);
        QFETCH(QString, firstBlock);
        const auto r = messages(R"({"model":")" + model + R"(","max_tokens":100,"stream":true,
            "messages":[{"role":"user","content":"weather in Paris?"}],)" +
                                kTools + "}");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/event-stream"));
        const AnthropicMessage m = accumulateAnthropic(eventsOf(r.body));
        QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem + "\n" + r.body));
        QCOMPARE(QString::fromStdString(m.message["stop_reason"]), stop);
        QCOMPARE(QString::fromStdString(m.message["content"][0]["type"]), firstBlock);
        if (stop == u"tool_use") {
            const Json &tool = m.message["content"].back();
            JCOMPARE(tool["name"], "get_weather");
            JCOMPARE(tool["input"], Json({{"city", "Paris"}}));
        }
        QVERIFY(m.message["usage"]["output_tokens"].get<int>() > 0);
        QCOMPARE(f.log(1).first().completionTokens.value_or(0) > 0, true);
    }

    void anthropicClientErrorsAreAnthropicErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("auth");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("unknown model")
            << QByteArray(R"({"model":"nope","max_tokens":5,"messages":[]})") << QByteArray() << 404
            << "not_found_error";
        QTest::newRow("bad json") << QByteArray("{oops") << QByteArray() << 400
                                  << "invalid_request_error";
        QTest::newRow("bad key") << QByteArray(R"({"model":"claude-x","messages":[]})")
                                 << QByteArray("x-api-key: sk-llmux-wrong\r\n") << 401
                                 << "authentication_error";
        QTest::newRow("provider 429")
            << QByteArray(
                   R"({"model":"claude-429","max_tokens":5,"messages":[{"role":"user","content":"x"}]})")
            << QByteArray() << 429 << "rate_limit_error";
        QTest::newRow("bad role")
            << QByteArray(
                   R"({"model":"claude-x","max_tokens":5,"messages":[{"role":"narrator","content":"x"}]})")
            << QByteArray() << 400 << "invalid_request_error";
    }

    void anthropicClientErrorsAreAnthropicErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, auth);
        QFETCH(int, status);
        QFETCH(QString, type);
        const QByteArray headers = "anthropic-version: 2023-06-01\r\n" + auth;
        const auto r = f.send(f.rawRequest("POST", "/v1/messages", body, headers, auth.isEmpty()));
        QCOMPARE(r.status, status);
        const Json error = json::parse(r.body);
        JCOMPARE(error["type"], "error");
        QCOMPARE(QString::fromStdString(error["error"]["type"]), type);
        if (status == 429)
            QCOMPARE(r.header("retry-after"), QByteArray("1"));
    }

    void deeplyNestedBodiesAreRefused()
    {
        const QByteArray deep = R"({"model":"claude-x","max_tokens":5,"messages":[],"x":)" +
                                QByteArray(200000, '[') + QByteArray(200000, ']') + "}";
        const auto r = messages(deep);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("levels deep"));
        QCOMPARE(
            messages(
                R"({"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"x"}]})")
                .status,
            200);
    }

    void anthropicClientKeyInXApiKey()
    {
        const auto r = f.send(f.rawRequest(
            "POST", "/v1/messages",
            R"({"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"x"}]})",
            "anthropic-version: 2023-06-01\r\nx-api-key: " + f.key + "\r\n", false));
        QCOMPARE(r.status, 200);
    }

    void anthropicStreamCutMidwayEndsWithErrorEvent()
    {
        const auto r = messages(R"({"model":"claude-cut","max_tokens":5,"stream":true,
            "messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, 200);
        const AnthropicMessage m = accumulateAnthropic(eventsOf(r.body));
        QCOMPARE(m.errorType, QStringLiteral("api_error"));
        QCOMPARE(f.log(1).first().status, 502);
    }

    // --- Same format: Anthropic to Anthropic stays byte-for-byte ---

    void anthropicToAnthropicPassesThrough()
    {
        const QByteArray body =
            R"({"model":"sonnet","max_tokens":50,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"u1"},"future_field":{"x":1}})";
        const auto r = messages(body, "anthropic-beta: interleaved-thinking-2025-05-14\r\n");
        QCOMPARE(r.status, 200);
        QByteArray expected = body;
        expected.replace("\"sonnet\"", "\"claude-fake\"");
        QCOMPARE(anthropic.lastRequestBody(), expected);
        const auto headers = anthropic.lastRequestHeaders();
        QCOMPARE(header(headers, "x-api-key"), kProviderKey.toByteArray());
        QCOMPARE(header(headers, "anthropic-version"), QByteArray("2023-06-01"));
        QCOMPARE(header(headers, "anthropic-beta"), QByteArray("interleaved-thinking-2025-05-14"));
        QVERIFY(header(headers, "authorization").isEmpty());

        const auto s = messages(
            R"({"model":"sonnet-think","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"hi"}]})");
        const AnthropicMessage m = accumulateAnthropic(eventsOf(s.body));
        QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem));
        // The thinking signature reaches the client for the next turn.
        JCOMPARE(m.message["content"][0]["signature"], "sig-fake");
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.promptTokens.value_or(0), 11);
        QCOMPARE(e.completionTokens.value_or(0), 7);
    }

    // --- OpenAI clients against Anthropic, Gemini and Azure providers ---

    void openAiClientOnOtherProviders_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QByteArray>("expectedPath");
        QTest::newRow("anthropic") << QByteArray("sonnet") << QByteArray("/v1/messages");
        QTest::newRow("gemini") << QByteArray("gem")
                                << QByteArray("/v1beta/models/gemini-fake:generateContent");
        QTest::newRow("azure") << QByteArray("az")
                               << QByteArray("/openai/deployments/my-deployment/chat/completions"
                                             "?api-version=2024-10-21");
    }

    void openAiClientOnOtherProviders()
    {
        QFETCH(QByteArray, model);
        QFETCH(QByteArray, expectedPath);
        const auto r = f.chat(
            R"({"model":")" + model +
            R"(","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi there"}]})");
        QCOMPARE(r.status, 200);
        const Json body = json::parse(r.body);
        JCOMPARE(body["object"], "chat.completion");
        if (model != "az") // a translated answer names the client's model
            JCOMPARE(body["model"], model.toStdString());
        QVERIFY(body["choices"][0]["message"]["content"].get<std::string>().find("hi there") !=
                std::string::npos);
        JCOMPARE(body["usage"]["prompt_tokens"], 11);
        JCOMPARE(body["usage"]["completion_tokens"], 7);
        const FakeUpstream &fake = model == "sonnet" ? static_cast<FakeUpstream &>(anthropic)
                                   : model == "gem"  ? static_cast<FakeUpstream &>(gemini)
                                                     : static_cast<FakeUpstream &>(azure);
        QCOMPARE(fake.lastRequestPath(), expectedPath);
        const auto headers = fake.lastRequestHeaders();
        const QByteArray keyHeader = model == "sonnet" ? "x-api-key"
                                     : model == "gem"  ? "x-goog-api-key"
                                                       : "api-key";
        QCOMPARE(header(headers, keyHeader), kProviderKey.toByteArray());
        QVERIFY(!fake.lastRequestPath().contains(kProviderKey.toByteArray()));
        const Json sent = json::parse(fake.lastRequestBody());
        if (model == "sonnet") {
            JCOMPARE(sent["system"], "Be brief.");
            JCOMPARE(sent["max_tokens"], 4096);
        } else if (model == "gem") {
            JCOMPARE(sent["systemInstruction"]["parts"][0]["text"], "Be brief.");
        }
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.completionTokens.value_or(0), 7);
    }

    void openAiClientStreamsFromOtherProviders_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QString>("finish");
        QTest::addColumn<bool>("reasoning");
        QTest::newRow("anthropic text") << QByteArray("sonnet") << "stop" << false;
        QTest::newRow("anthropic tool") << QByteArray("sonnet-tool") << "tool_calls" << false;
        QTest::newRow("anthropic thinking") << QByteArray("sonnet-think") << "stop" << true;
        QTest::newRow("gemini text") << QByteArray("gem") << "stop" << false;
        QTest::newRow("gemini tool") << QByteArray("gem-tool") << "tool_calls" << false;
        QTest::newRow("gemini thought") << QByteArray("gem-think") << "stop" << true;
        QTest::newRow("azure") << QByteArray("az") << "stop" << false;
    }

    void openAiClientStreamsFromOtherProviders()
    {
        QFETCH(QByteArray, model);
        QFETCH(QString, finish);
        QFETCH(bool, reasoning);
        const auto r = f.chat(
            R"({"model":")" + model +
            R"(","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"weather?"}],)" +
            kOpenAiTools + "}");
        QCOMPARE(r.status, 200);
        const OpenAiMessage m = accumulateOpenAi(eventsOf(r.body));
        QVERIFY2(m.problem.isEmpty() && m.error.isEmpty(),
                 qPrintable(m.problem + m.error + r.body));
        QCOMPARE(QString::fromStdString(m.finishReason), finish);
        QCOMPARE(!m.reasoning.empty(), reasoning);
        if (finish == u"tool_calls") {
            JCOMPARE(m.toolCalls[0]["name"], "get_weather");
            JCOMPARE(Json::parse(m.toolCalls[0]["arguments"].get<std::string>()),
                     Json({{"city", "Paris"}}));
            if (model == "gem-tool")
                JCOMPARE(m.toolCalls[0]["extra_content"]["google"]["thought_signature"],
                         "sig-fake");
        } else {
            QVERIFY(m.content.find("weather?") != std::string::npos);
        }
        JCOMPARE(m.usage["prompt_tokens"], 11);
        if (model.startsWith("gem"))
            QVERIFY(gemini.lastRequestPath().endsWith(":streamGenerateContent?alt=sse"));
        QVERIFY(f.log(1).first().completionTokens.value_or(0) > 0);
    }

    // A usage flag that is not a boolean, to a translated provider: no harm done.
    void oddStreamOptionsToATranslatedProvider()
    {
        const auto r = f.chat(
            R"({"model":"sonnet","stream_options":{"include_usage":"yes"},"messages":[{"role":"user","content":"hi"}]})");
        QVERIFY2(r.status == 200 || r.status == 400, r.body.constData());
        QCOMPARE(f.chat(R"({"model":"sonnet","messages":[{"role":"user","content":"hi"}]})").status,
                 200);
    }

    void openAiClientGetsOpenAiErrors_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("anthropic overloaded")
            << QByteArray("sonnet-529") << 503 << "overloaded_error";
        // OpenAI's own code, which OpenAI's clients act on.
        QTest::newRow("gemini exhausted") << QByteArray("gem-429") << 429 << "rate_limit_exceeded";
    }

    void openAiClientGetsOpenAiErrors()
    {
        QFETCH(QByteArray, model);
        QFETCH(int, status);
        QFETCH(QString, code);
        const auto r =
            f.chat(R"({"model":")" + model + R"(","messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, status);
        const Json error = json::parse(r.body)["error"];
        QCOMPARE(QString::fromStdString(error["code"]), code);
        QVERIFY(error["message"].get<std::string>().find("provider") != std::string::npos);
        QCOMPARE(f.log(1).first().status, model == "sonnet-529" ? 529 : 429);
    }

    void openAiClientCannotAskForManyChoicesFromAnthropic()
    {
        const auto r =
            f.chat(R"({"model":"sonnet","n":2,"messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("n=2"));
    }

    // --- Other endpoints ---

    // Gemini and Azure carry the model in the URL path: a name that would leave its segment never
    // reaches them.
    void modelNamesCannotEscapeTheUrlPath_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::newRow("gemini traversal") << QByteArray("gemini/../../v1beta/cachedContents");
        QTest::newRow("gemini query") << QByteArray("gemini/gem?alt=json");
        QTest::newRow("azure dot-dot") << QByteArray("azure/..");
    }
    void modelNamesCannotEscapeTheUrlPath()
    {
        QFETCH(QByteArray, model);
        const int geminiBefore = gemini.requestCount(), azureBefore = azure.requestCount();
        const auto r =
            f.chat(R"({"model":")" + model + R"(","messages":[{"role":"user","content":"x"}]})");
        QCOMPARE(r.status, 400);
        const Json error = json::parse(r.body);
        JCOMPARE(error["error"]["code"], "invalid_model");
        QCOMPARE(gemini.requestCount(), geminiBefore);
        QCOMPARE(azure.requestCount(), azureBefore);
    }

    void embeddings()
    {
        const auto openAi = post("/v1/embeddings", R"({"model":"emb","input":["a","b"]})");
        QCOMPARE(openAi.status, 200);
        JCOMPARE(json::parse(openAi.body)["data"].size(), 2);
        QCOMPARE(f.upstream.lastRequestPath(), QByteArray("/v1/embeddings"));

        const auto floats = post("/v1/embeddings", R"({"model":"gem-embed","input":["a","b"]})");
        QCOMPARE(floats.status, 200);
        const Json list = json::parse(floats.body);
        JCOMPARE(list["data"].size(), 2);
        JCOMPARE(list["model"], "gem-embed");
        QCOMPARE(gemini.lastRequestPath(),
                 QByteArray("/v1beta/models/text-embedding-004:batchEmbedContents"));
        const Json values = list["data"][0]["embedding"];
        QVERIFY(values.is_array() && values.size() == 8);

        const auto base64 = post("/v1/embeddings",
                                 R"({"model":"gem-embed","input":"a","encoding_format":"base64"})");
        const QByteArray raw = QByteArray::fromBase64(QByteArray::fromStdString(
            json::parse(base64.body)["data"][0]["embedding"].get<std::string>()));
        QCOMPARE(raw.size(), 8 * 4);
        QCOMPARE(qFromLittleEndian<float>(raw.constData()), values[0].get<float>());

        const auto none = post("/v1/embeddings", R"({"model":"sonnet","input":"a"})");
        QCOMPARE(none.status, 400);
        QVERIFY(none.body.contains("no /embeddings endpoint"));
    }

    void legacyCompletions()
    {
        const auto r = post("/v1/completions", R"({"model":"gpt-fake","prompt":"Say hi"})");
        QCOMPARE(r.status, 200);
        JCOMPARE(json::parse(r.body)["object"], "text_completion");
        QCOMPARE(f.log(1).first().completionTokens.value_or(0), 7);
        const auto azureStream =
            post("/v1/completions", R"({"model":"az","prompt":"Say hi","stream":true})");
        QCOMPARE(azureStream.status, 200);
        QVERIFY(azureStream.body.contains("data: [DONE]"));
        QVERIFY(!azureStream.body.contains("\"choices\":[]")); // usage chunk not asked for
        QCOMPARE(f.log(1).first().completionTokens.value_or(0), 7);
        QCOMPARE(post("/v1/completions", R"({"model":"gem","prompt":"x"})").status, 400);
    }

    void countTokens()
    {
        const QByteArray body =
            R"({"model":"%1","messages":[{"role":"user","content":"count me"}]})";
        for (const char *model : {"sonnet", "gem"}) {
            const auto r = f.send(f.rawRequest("POST", "/v1/messages/count_tokens",
                                               QByteArray(body).replace("%1", model),
                                               "anthropic-version: 2023-06-01\r\n"));
            QCOMPARE(r.status, 200);
            JCOMPARE(json::parse(r.body)["input_tokens"], 11);
        }
        QVERIFY(gemini.lastRequestBody().contains("generateContentRequest"));
        const auto none = f.send(f.rawRequest("POST", "/v1/messages/count_tokens",
                                              QByteArray(body).replace("%1", "claude-x"),
                                              "anthropic-version: 2023-06-01\r\n"));
        QCOMPARE(none.status, 400);
        JCOMPARE(json::parse(none.body)["type"], "error");
    }

    // --- Responses clients (Codex CLI) against every provider kind ---

    void responsesClientOnEveryProvider_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::newRow("openai-compatible") << QByteArray("claude-x");
        QTest::newRow("anthropic") << QByteArray("sonnet");
        QTest::newRow("gemini") << QByteArray("gem");
        QTest::newRow("azure") << QByteArray("az");
    }

    void responsesClientOnEveryProvider()
    {
        QFETCH(QByteArray, model);
        const auto r =
            post("/v1/responses",
                 R"({"model":")" + model + R"(","instructions":"Be brief.","input":"hi there"})");
        QCOMPARE(r.status, 200);
        const Json body = json::parse(r.body);
        JCOMPARE(body["object"], "response");
        JCOMPARE(body["status"], "completed");
        JCOMPARE(body["model"], model.toStdString());
        const Json &message = body["output"].back();
        JCOMPARE(message["type"], "message");
        QVERIFY(message["content"][0]["text"].get<std::string>().find("hi there") !=
                std::string::npos);
        JCOMPARE(body["usage"]["input_tokens"], 11);
        JCOMPARE(body["usage"]["total_tokens"], 18);
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.endpoint, QStringLiteral("/responses"));
        QCOMPARE(e.promptTokens.value_or(0), 11);
        QCOMPARE(e.completionTokens.value_or(0), 7);
    }

    void responsesClientStreams_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QStringList>("items");
        const QString message = QStringLiteral("message"), call = QStringLiteral("function_call"),
                      custom = QStringLiteral("custom_tool_call"),
                      reasoning = QStringLiteral("reasoning");
        QTest::newRow("openai text") << QByteArray("claude-x") << QStringList{message};
        QTest::newRow("openai tool") << QByteArray("claude-tool") << QStringList{call};
        QTest::newRow("openai thinking")
            << QByteArray("claude-think") << QStringList{reasoning, message};
        QTest::newRow("anthropic text") << QByteArray("sonnet") << QStringList{message};
        QTest::newRow("anthropic tool") << QByteArray("sonnet-tool") << QStringList{message, call};
        QTest::newRow("anthropic thinking")
            << QByteArray("sonnet-think") << QStringList{reasoning, message};
        QTest::newRow("gemini text") << QByteArray("gem") << QStringList{message};
        // The reasoning item carries Gemini's thought signature for the call.
        QTest::newRow("gemini tool") << QByteArray("gem-tool") << QStringList{reasoning, call};
        QTest::newRow("gemini thought")
            << QByteArray("gem-think") << QStringList{reasoning, message};
        QTest::newRow("azure") << QByteArray("az") << QStringList{message};
        // Passed through to a provider's own Responses API.
        QTest::newRow("openai responses") << QByteArray("gpt-r") << QStringList{message};
        QTest::newRow("openai responses tool") << QByteArray("gpt-r-tool") << QStringList{call};
        QTest::newRow("openai responses thinking")
            << QByteArray("gpt-r-think") << QStringList{reasoning, message};
    }

    void responsesClientStreams()
    {
        QFETCH(QByteArray, model);
        QFETCH(QStringList, items);
        // As Codex sends it: developer message first, tools, summaries, encrypted reasoning.
        const auto r =
            post("/v1/responses",
                 R"({"model":")" + model +
                     R"(","stream":true,"store":false,"include":["reasoning.encrypted_content"],
                "reasoning":{"summary":"auto"},"tool_choice":"auto","parallel_tool_calls":true,
                "input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex."}]},
                         {"type":"message","role":"user","content":[{"type":"input_text","text":"weather?"}]}],
                "tools":[{"type":"function","name":"get_weather","strict":false,
                          "parameters":{"type":"object","properties":{"city":{"type":"string"}}}},
                         {"type":"web_search","external_web_access":false}]})");
        QCOMPARE(r.status, 200);
        const ResponsesResult result = accumulateResponses(eventsOf(r.body));
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem + u'\n' + r.body));
        JCOMPARE(result.response["status"], "completed");
        QStringList types;
        for (const Json &item : result.items)
            types << QString::fromStdString(item["type"]);
        QCOMPARE(types, items);
        const Json &last = result.items.back();
        if (last["type"] == "function_call") {
            JCOMPARE(last["name"], "get_weather");
            JCOMPARE(Json::parse(last["arguments"].get<std::string>()), Json({{"city", "Paris"}}));
        } else {
            QVERIFY(last["content"][0]["text"].get<std::string>().find("weather?") !=
                    std::string::npos);
        }
        if (result.items[0]["type"] == "reasoning" && !model.startsWith("gpt-r"))
            QVERIFY(result.items[0]["encrypted_content"].get<std::string>().rfind("llmux1:", 0) ==
                    0);
        if (model.startsWith("gpt-r"))
            QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/responses"));
        JCOMPARE(result.response["usage"]["input_tokens"], 11);
        QVERIFY(result.response["usage"]["total_tokens"].get<int>() > 11);
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.endpoint, QStringLiteral("/responses"));
        QVERIFY(e.stream);
        QVERIFY(e.completionTokens.value_or(0) > 0);
    }

    // A provider with its own Responses API gets the request as the client wrote it (the model
    // name aside); one set to translate gets Chat Completions.
    void responsesPassThrough()
    {
        const QByteArray request =
            R"({"model":"gpt-r","input":[{"role":"user","content":"hi"}],"store":false,)"
            R"("include":["reasoning.encrypted_content"],"metadata":{"task":"t1"},)"
            R"("prompt_cache_key":"k1","reasoning":{"effort":"low","summary":"auto"}})";
        const auto r = post("/v1/responses", request);
        QCOMPARE(r.status, 200);
        QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/responses"));
        Json expected = json::parse(request);
        expected["model"] = "gpt-fake";
        JCOMPARE(json::parse(zoo.openAi.lastRequestBody()), expected);
        const Json body = json::parse(r.body);
        JCOMPARE(body["object"], "response");
        QVERIFY(body["output"][0]["content"][0]["text"].get<std::string>().find("hi") !=
                std::string::npos);
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.provider, QStringLiteral("openai"));
        QCOMPARE(e.promptTokens.value_or(0), 11);
        QCOMPARE(e.completionTokens.value_or(0), 7);
        QVERIFY(e.cost.value_or(0) > 0);

        // The same provider set to translate.
        const auto translated =
            post("/v1/responses", R"({"model":"gpt-t","input":"hi","stream":true})");
        QCOMPARE(translated.status, 200);
        QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/chat/completions"));
        QVERIFY(accumulateResponses(eventsOf(translated.body)).problem.isEmpty());
    }

    // A provider left on auto is asked once whether it has the Responses API (its own 404 says
    // no); that request and every later one go translated, and the client never sees the 404.
    void responsesProbeOnceThenRemember()
    {
        FakeOpenAiUpstream &compatible = zoo.compatible;
        const int before = compatible.requestCount();
        const auto first = post("/v1/responses", R"({"model":"compat-x","input":"hi"})");
        QCOMPARE(first.status, 200);
        QCOMPARE(compatible.requestCount(), before + 2); // the probe, then Chat Completions
        QCOMPARE(compatible.lastRequestPath(), QByteArray("/v1/chat/completions"));
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.status, 200);
        QCOMPARE(e.attempts, 1);
        const auto second =
            post("/v1/responses", R"({"model":"compat-x","input":"hi","stream":true})");
        QCOMPARE(second.status, 200);
        QCOMPARE(compatible.requestCount(), before + 3);
        QCOMPARE(compatible.lastRequestPath(), QByteArray("/v1/chat/completions"));
    }

    // /v1/responses/compact passes through to a provider that has it; elsewhere it is a clear
    // 400 saying which providers can.
    void responsesCompact()
    {
        const auto r = post("/v1/responses/compact",
                            R"({"model":"gpt-r","input":[{"role":"user","content":"hi"},)"
                            R"({"role":"assistant","content":"hello"}]})");
        QCOMPARE(r.status, 200);
        QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/responses/compact"));
        const Json body = json::parse(r.body);
        JCOMPARE(body["output"][0]["type"], "compaction");
        QCOMPARE(f.log(1).first().endpoint, QStringLiteral("/responses/compact"));
        const auto refused = post("/v1/responses/compact",
                                  R"({"model":"sonnet","input":[{"role":"user","content":"hi"}]})");
        QCOMPARE(refused.status, 400);
        const Json error = json::parse(refused.body)["error"];
        JCOMPARE(error["code"], "unsupported_endpoint");
        QVERIFY(error["message"].get<std::string>().find("--responses native") !=
                std::string::npos);
    }

    // The conversation state LLMux keeps: previous_response_id puts the earlier turns in front
    // of the new input for any provider; GET and DELETE work on what was stored.
    void responsesPreviousResponseId()
    {
        const auto first =
            post("/v1/responses", R"({"model":"claude-x","input":"My name is Ada."})");
        QCOMPARE(first.status, 200);
        const std::string firstId = json::parse(first.body)["id"];
        const auto second = post("/v1/responses", R"({"model":"claude-x","stream":true,)"
                                                  R"("previous_response_id":")" +
                                                      QByteArray::fromStdString(firstId) +
                                                      R"(","input":"What is my name?"})");
        QCOMPARE(second.status, 200);
        const ResponsesResult streamed = accumulateResponses(eventsOf(second.body));
        QVERIFY2(streamed.problem.isEmpty(), qPrintable(streamed.problem));
        // The provider got the whole conversation: the first question, its answer, the new one.
        const Json sent = json::parse(f.upstream.lastRequestBody());
        QCOMPARE(sent["messages"].size(), size_t(3));
        JCOMPARE(sent["messages"][0]["content"], "My name is Ada.");
        JCOMPARE(sent["messages"][1]["role"], "assistant");
        JCOMPARE(sent["messages"][2]["content"], "What is my name?");

        // The stored answer, then gone.
        const std::string secondId = streamed.response["id"];
        const QByteArray path = "/v1/responses/" + QByteArray::fromStdString(secondId);
        const auto got = f.send(f.rawRequest("GET", path));
        QCOMPARE(got.status, 200);
        JCOMPARE(json::parse(got.body)["id"], secondId);
        JCOMPARE(json::parse(got.body)["output"], streamed.response["output"]);
        QCOMPARE(f.log(1).first().endpoint, QStringLiteral("/responses/{id}"));
        const auto deleted = f.send(f.rawRequest("DELETE", path));
        QCOMPARE(deleted.status, 200);
        JCOMPARE(json::parse(deleted.body)["deleted"], true);
        QCOMPARE(f.send(f.rawRequest("GET", path)).status, 404);
        QCOMPARE(f.send(f.rawRequest("DELETE", path)).status, 404);
        QCOMPARE(f.send(f.rawRequest("PUT", path)).status, 405);

        // store: false is not kept.
        const auto unstored =
            post("/v1/responses", R"({"model":"claude-x","input":"forget me","store":false})");
        const std::string unstoredId = json::parse(unstored.body)["id"];
        QCOMPARE(
            f.send(f.rawRequest("GET", "/v1/responses/" + QByteArray::fromStdString(unstoredId)))
                .status,
            404);
        // Odd ids are refused, not looked up.
        const auto odd = post("/v1/responses", R"({"model":"claude-x","input":"x",)"
                                               R"("previous_response_id":7})");
        QCOMPARE(odd.status, 400);
    }

    // Anthropic's signed thinking survives a conversation continued by previous_response_id
    // even when the client never asked to see encrypted_content: the store keeps it.
    void responsesStoreKeepsSignedThinking()
    {
        const QByteArray tools =
            R"("tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}])";
        const auto call = post("/v1/responses", R"({"model":"sonnet-thinktool","input":"Weather?",)"
                                                R"("reasoning":{"effort":"high"},)" +
                                                    tools + "}");
        QCOMPARE(call.status, 200);
        const Json called = json::parse(call.body);
        const Json &item = called["output"].back();
        JCOMPARE(item["type"], "function_call");
        QVERIFY(!called["output"][0].contains("encrypted_content")); // not asked for
        const auto answered = post(
            "/v1/responses",
            R"({"model":"sonnet-thinktool","reasoning":{"effort":"high"},"previous_response_id":")" +
                QByteArray::fromStdString(called["id"].get<std::string>()) +
                R"(","input":[{"type":"function_call_output","call_id":")" +
                QByteArray::fromStdString(item["call_id"].get<std::string>()) +
                R"(","output":"18 C"}],)" + tools + "}");
        QVERIFY2(answered.status == 200, answered.body.constData());
        const Json sent = json::parse(anthropic.lastRequestBody());
        JCOMPARE(sent["thinking"]["type"], "enabled");
        JCOMPARE(sent["messages"][1]["content"][0]["type"], "thinking");
    }

    // A freeform tool (Codex's apply_patch) goes to the provider as a function and its call
    // comes back as a custom_tool_call with the raw text.
    void responsesCustomToolOnAnthropic()
    {
        const auto r =
            post("/v1/responses", R"({"model":"sonnet-tool","stream":true,"input":"patch it",
            "tools":[{"type":"custom","name":"get_weather","description":"freeform",
                      "format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}}]})");
        QCOMPARE(r.status, 200);
        const ResponsesResult result = accumulateResponses(eventsOf(r.body));
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem));
        const Json &call = result.items.back();
        JCOMPARE(call["type"], "custom_tool_call");
        JCOMPARE(call["name"], "get_weather");
        QVERIFY(!call["input"].get<std::string>().empty());
        const Json sent = json::parse(anthropic.lastRequestBody());
        JCOMPARE(sent["tools"][0]["input_schema"]["required"], Json::array({"input"}));
        QVERIFY(sent["tools"][0]["description"].get<std::string>().find("lark") !=
                std::string::npos);
    }

    // --- Models offered only through the Responses API (OpenAI's codex models) ---

    // The provider refuses Chat for a model the presets do not know as Responses-only: LLMux
    // sends the same request to /responses at once, and every later one straight there.
    void responsesOnlyModelIsLearntFromTheRefusal()
    {
        FakeUpstream &openAi = zoo.openAi;
        const int before = openAi.requestCount();
        const auto first =
            f.chat(R"({"model":"codex-think","messages":[{"role":"user","content":"hi there"}]})");
        QCOMPARE(first.status, 200);
        QCOMPARE(openAi.requestCount(), before + 2); // Chat refused, then Responses
        QCOMPARE(openAi.lastRequestPath(), QByteArray("/v1/responses"));
        const Json body = json::parse(first.body);
        QVERIFY(body["choices"][0]["message"]["content"].get<std::string>().find("hi there") !=
                std::string::npos);
        QVERIFY(!body["choices"][0]["message"]["reasoning_content"].get<std::string>().empty());
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.status, 200);
        QCOMPARE(e.attempts, 1);
        QCOMPARE(e.completionTokens.value_or(0), 7);

        const auto second = f.chat(
            R"({"model":"codex-think","stream":true,"messages":[{"role":"user","content":"again"}]})");
        QCOMPARE(second.status, 200);
        QCOMPARE(openAi.requestCount(), before + 3);
        QCOMPARE(openAi.lastRequestPath(), QByteArray("/v1/responses"));
    }

    void chatClientOnResponsesOnlyModel_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<bool>("stream");
        QTest::newRow("preset, plain") << QByteArray("codex") << false;
        QTest::newRow("preset, stream") << QByteArray("codex") << true;
        QTest::newRow("tool, plain") << QByteArray("codex-tool") << false;
        QTest::newRow("tool, stream") << QByteArray("codex-tool") << true;
    }

    void chatClientOnResponsesOnlyModel()
    {
        QFETCH(QByteArray, model);
        QFETCH(bool, stream);
        FakeUpstream &openAi = zoo.openAi;
        const auto r = f.chat(
            R"({"model":")" + model + R"(","stream":)" + (stream ? "true" : "false") +
            R"(,"stream_options":{"include_usage":true},"max_tokens":500,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"weather?"}],)" +
            kOpenAiTools + "}");
        QCOMPARE(r.status, 200);
        QCOMPARE(openAi.lastRequestPath(), QByteArray("/v1/responses"));
        const Json sent = json::parse(openAi.lastRequestBody());
        JCOMPARE(sent["instructions"], "Be brief.");
        JCOMPARE(sent["store"], false);
        JCOMPARE(sent["max_output_tokens"], 500);
        JCOMPARE(sent["tools"][0]["name"], "get_weather");
        std::string content;
        Json toolCalls;
        if (stream) {
            const OpenAiMessage m = accumulateOpenAi(eventsOf(r.body));
            QVERIFY2(m.problem.isEmpty() && m.error.isEmpty(),
                     qPrintable(m.problem + m.error + r.body));
            content = m.content;
            toolCalls = m.toolCalls;
            QCOMPARE(QString::fromStdString(m.finishReason),
                     model == "codex-tool" ? QStringLiteral("tool_calls") : QStringLiteral("stop"));
            JCOMPARE(m.usage["prompt_tokens"], 11);
        } else {
            const Json body = json::parse(r.body);
            JCOMPARE(body["model"], model.toStdString());
            content = json::str(body["choices"][0]["message"], "content");
            for (const Json &call :
                 body["choices"][0]["message"].value("tool_calls", Json::array()))
                toolCalls.push_back({{"name", call["function"]["name"]},
                                     {"arguments", call["function"]["arguments"]}});
        }
        if (model == "codex-tool") {
            JCOMPARE(toolCalls[0]["name"], "get_weather");
            JCOMPARE(Json::parse(toolCalls[0]["arguments"].get<std::string>()),
                     Json({{"city", "Paris"}}));
        } else {
            QVERIFY(content.find("weather?") != std::string::npos);
        }
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.upstreamModel,
                 model == "codex" ? QStringLiteral("gpt-5-codex") : QStringLiteral("tool-codex"));
        QCOMPARE(e.completionTokens.value_or(0), 7);
        QVERIFY(e.cost.value_or(0) > 0);
    }

    // The tool's result goes back as a function_call_output, and the model answers about it.
    void chatToolRoundTripOnResponsesOnlyModel()
    {
        FakeUpstream &openAi = zoo.openAi;
        const auto r =
            f.chat("{\"model\":\"codex-tool\",\"messages\":[{\"role\":\"user\",\"content\":"
                   "\"weather?\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                   "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                   "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},{\"role\":\"tool\","
                   "\"tool_call_id\":\"call_1\",\"content\":\"sunny, 24 C\"}]," +
                   QByteArray(kOpenAiTools) + "}");
        QCOMPARE(r.status, 200);
        const Json sent = json::parse(openAi.lastRequestBody());
        JCOMPARE(sent["input"][1]["type"], "function_call");
        JCOMPARE(sent["input"][1]["call_id"], "call_1");
        JCOMPARE(sent["input"][2], Json({{"type", "function_call_output"},
                                         {"call_id", "call_1"},
                                         {"output", "sunny, 24 C"}}));
        const Json body = json::parse(r.body);
        JCOMPARE(body["choices"][0]["finish_reason"], "stop");
        QVERIFY(json::str(body["choices"][0]["message"], "content").find("sunny") !=
                std::string::npos);
    }

    void anthropicAndGeminiClientsOnResponsesOnlyModel()
    {
        const auto r = messages(
            R"({"model":"codex-tool","max_tokens":300,"stream":true,"messages":[{"role":"user","content":"weather?"}],)" +
            QByteArray(kTools) + "}");
        QCOMPARE(r.status, 200);
        QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/responses"));
        const AnthropicMessage m = accumulateAnthropic(eventsOf(r.body));
        QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem + r.body));
        JCOMPARE(m.message["stop_reason"], "tool_use");
        bool sawTool = false;
        for (const Json &block : m.message["content"])
            if (block["type"] == "tool_use") {
                sawTool = true;
                JCOMPARE(block["input"], Json({{"city", "Paris"}}));
            }
        QVERIFY(sawTool);

        const auto g =
            googleApi("POST", "/v1beta/models/codex:generateContent",
                      R"({"contents":[{"role":"user","parts":[{"text":"hello gemini"}]}]})");
        QCOMPARE(g.status, 200);
        QCOMPARE(zoo.openAi.lastRequestPath(), QByteArray("/v1/responses"));
        const Json body = json::parse(g.body);
        QVERIFY(
            json::str(body["candidates"][0]["content"]["parts"][0], "text").find("hello gemini") !=
            std::string::npos);
        JCOMPARE(body["usageMetadata"]["candidatesTokenCount"], 7);
    }

    void responsesClientErrors()
    {
        // What cannot be carried over: a 400 in OpenAI's format, before any provider is called.
        const auto chained = post("/v1/responses", R"({"model":"claude-x","input":"hi",
            "previous_response_id":"resp_123"})");
        QCOMPARE(chained.status, 400);
        JCOMPARE(json::parse(chained.body)["error"]["code"], "previous_response_not_found");
        const auto unknown = post("/v1/responses", R"({"model":"no-such-model","input":"hi"})");
        QVERIFY(unknown.status == 404 || unknown.status == 400);
        QVERIFY(json::parse(unknown.body)["error"].contains("message"));
        // The provider drops the connection mid-stream: the stream ends with response.failed.
        const auto cut =
            post("/v1/responses", R"({"model":"claude-cut","stream":true,"input":"hi"})");
        QCOMPARE(cut.status, 200);
        const ResponsesResult result = accumulateResponses(eventsOf(cut.body));
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem + u'\n' + cut.body));
        QCOMPARE(result.eventTypes.last(), QStringLiteral("response.failed"));
        QVERIFY(!result.response["error"]["code"].get<std::string>().empty());
        // Another method on the endpoint.
        const auto get = f.send(f.rawRequest("GET", "/v1/responses"));
        QCOMPARE(get.status, 405);
    }

    // --- Gemini API clients (Gemini CLI, @google/genai) against every provider kind ---

    // Gemini's embedContent and batchEmbedContents, to a Gemini provider (its own batch call,
    // naming its model) and to an OpenAI-compatible one (/embeddings); none on Anthropic.
    void geminiClientEmbeddings()
    {
        const auto one = googleApi("POST", "/v1beta/models/gem-embed:embedContent",
                                   R"({"content":{"parts":[{"text":"embed me"}]},)"
                                   R"("taskType":"RETRIEVAL_QUERY"})");
        QVERIFY2(one.status == 200, one.body.constData());
        QVERIFY(!json::parse(one.body)["embedding"]["values"].empty());
        QCOMPARE(zoo.gemini.lastRequestPath(),
                 QByteArray("/v1beta/models/text-embedding-004:batchEmbedContents"));
        JCOMPARE(json::parse(zoo.gemini.lastRequestBody())["requests"][0]["model"],
                 "models/text-embedding-004");
        const QByteArray batch = R"({"requests":[)"
                                 R"({"model":"models/emb","content":{"parts":[{"text":"a"}]}},)"
                                 R"({"model":"models/emb","content":{"parts":[{"text":"b"}]}}]})";
        const auto openAi = googleApi("POST", "/v1beta/models/emb:batchEmbedContents", batch);
        QVERIFY2(openAi.status == 200, openAi.body.constData());
        const Json vectors = json::parse(openAi.body)["embeddings"];
        QCOMPARE(vectors.size(), size_t(2));
        QVERIFY(vectors[0]["values"] != vectors[1]["values"]);
        JCOMPARE(json::parse(f.upstream.lastRequestBody())["input"], Json::array({"a", "b"}));
        QCOMPARE(f.log(1).first().endpoint, QStringLiteral("/models/{model}:batchEmbedContents"));
        const auto none = googleApi("POST", "/v1beta/models/sonnet:embedContent",
                                    R"({"content":{"parts":[{"text":"x"}]}})");
        QCOMPARE(none.status, 400);
        JCOMPARE(json::parse(none.body)["error"]["status"], "INVALID_ARGUMENT");
        const auto empty = googleApi("POST", "/v1beta/models/emb:batchEmbedContents", "{}");
        QCOMPARE(empty.status, 400);
    }

    void geminiClientOnEveryProvider_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::newRow("openai-compatible") << QByteArray("claude-x");
        QTest::newRow("anthropic") << QByteArray("sonnet");
        QTest::newRow("gemini") << QByteArray("gem");
        QTest::newRow("azure") << QByteArray("az");
    }

    void geminiClientOnEveryProvider()
    {
        QFETCH(QByteArray, model);
        const auto r = googleApi("POST", "/v1beta/models/" + model + ":generateContent",
                                 R"({"systemInstruction":{"parts":[{"text":"Be brief."}]},
                                  "contents":[{"role":"user","parts":[{"text":"hi there"}]}]})");
        QCOMPARE(r.status, 200);
        const Json body = json::parse(r.body);
        const Json &candidate = body["candidates"][0];
        QVERIFY2(candidate["content"]["parts"][0]["text"].get<std::string>().find("hi there") !=
                     std::string::npos,
                 r.body.constData());
        JCOMPARE(candidate["finishReason"], "STOP");
        JCOMPARE(body["usageMetadata"]["promptTokenCount"], 11);
        if (model == "gem") {
            // Gemini to Gemini: the body went as it came, the model in the provider's URL.
            QCOMPARE(zoo.gemini.lastRequestPath(),
                     QByteArray("/v1beta/models/gemini-fake:generateContent"));
            QVERIFY(!json::parse(zoo.gemini.lastRequestBody()).contains("model"));
        }
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.endpoint, QStringLiteral("/models/{model}:generateContent"));
        QCOMPARE(e.modelRequested, QString::fromLatin1(model));
        QCOMPARE(e.promptTokens.value_or(0), 11);
        QCOMPARE(e.completionTokens.value_or(0), 7);
    }

    void geminiClientStreams_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<int>("calls");
        QTest::newRow("openai text") << QByteArray("claude-x") << 0;
        QTest::newRow("openai tool") << QByteArray("claude-tool") << 1;
        QTest::newRow("anthropic text") << QByteArray("sonnet") << 0;
        QTest::newRow("anthropic tool") << QByteArray("sonnet-tool") << 1;
        QTest::newRow("gemini text") << QByteArray("gem") << 0;
        QTest::newRow("gemini tool") << QByteArray("gem-tool") << 1;
        QTest::newRow("gemini thought") << QByteArray("gem-think") << 0;
    }

    void geminiClientStreams()
    {
        QFETCH(QByteArray, model);
        QFETCH(int, calls);
        const auto r =
            googleApi("POST", "/v1beta/models/" + model + ":streamGenerateContent?alt=sse",
                      R"({"contents":[{"role":"user","parts":[{"text":"weather?"}]}],
                "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather",
                  "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}}}}]}]})");
        QCOMPARE(r.status, 200);
        const GeminiResult result = accumulateGemini(eventsOf(r.body));
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem + u'\n' + r.body));
        JCOMPARE(result.calls.size(), size_t(calls));
        if (calls) {
            JCOMPARE(result.calls[0]["functionCall"]["name"], "get_weather");
            JCOMPARE(result.calls[0]["functionCall"]["args"], Json({{"city", "Paris"}}));
        } else {
            QVERIFY(result.text.find("weather?") != std::string::npos);
        }
        QVERIFY(result.usage["promptTokenCount"].get<int>() > 0);
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.endpoint, QStringLiteral("/models/{model}:streamGenerateContent"));
        QVERIFY(e.stream);
        QVERIFY(e.completionTokens.value_or(0) > 0);
    }

    void geminiClientKeysCountsModelsAndErrors()
    {
        // The key in the query string, as some Gemini clients send it.
        const auto byQuery =
            f.send(f.rawRequest("POST", "/v1beta/models/claude-x:generateContent?key=" + f.key,
                                R"({"contents":[{"parts":[{"text":"hi"}]}]})", {}, false));
        QCOMPARE(byQuery.status, 200);
        const auto noKey = f.send(f.rawRequest("POST", "/v1beta/models/claude-x:generateContent",
                                               R"({"contents":[]})", {}, false));
        QCOMPARE(noKey.status, 401);
        JCOMPARE(json::parse(noKey.body)["error"]["status"], "UNAUTHENTICATED");
        // Streams only as server-sent events.
        const auto noSse =
            googleApi("POST", "/v1beta/models/gem:streamGenerateContent", R"({"contents":[]})");
        QCOMPARE(noSse.status, 400);
        QVERIFY(noSse.body.contains("alt=sse"));
        // Token counts from Gemini itself and from Anthropic's counter; an OpenAI-compatible
        // provider has none.
        for (const QByteArray &model : {QByteArray("gem"), QByteArray("sonnet")}) {
            const auto counted =
                googleApi("POST", "/v1beta/models/" + model + ":countTokens",
                          R"({"contents":[{"role":"user","parts":[{"text":"count me"}]}]})");
            QCOMPARE(counted.status, 200);
            QVERIFY2(json::parse(counted.body)["totalTokens"].get<int>() > 0,
                     counted.body.constData());
        }
        const auto uncountable = googleApi("POST", "/v1beta/models/claude-x:countTokens",
                                           R"({"contents":[{"parts":[{"text":"x"}]}]})");
        QCOMPARE(uncountable.status, 400);
        JCOMPARE(json::parse(uncountable.body)["error"]["status"], "INVALID_ARGUMENT");
        // The model list and one model in Gemini's shape; an unknown one is NOT_FOUND.
        const Json list = json::parse(googleApi("GET", "/v1beta/models").body);
        bool listed = false;
        for (const Json &m : list["models"])
            listed = listed || m["name"] == "models/gem";
        QVERIFY(listed);
        const Json one = json::parse(googleApi("GET", "/v1beta/models/gem").body);
        JCOMPARE(one["name"], "models/gem");
        QVERIFY(one["supportedGenerationMethods"].size() > 1);
        const auto missing = googleApi("GET", "/v1beta/models/nope");
        QCOMPARE(missing.status, 404);
        JCOMPARE(json::parse(missing.body)["error"]["status"], "NOT_FOUND");
        const auto unknownModel = googleApi("POST", "/v1beta/models/nope:generateContent",
                                            R"({"contents":[{"parts":[{"text":"x"}]}]})");
        QCOMPARE(unknownModel.status, 404);
        JCOMPARE(json::parse(unknownModel.body)["error"]["status"], "NOT_FOUND");
        const auto unknownMethod = googleApi("POST", "/v1beta/models/gem:frobnicate", "{}");
        QCOMPARE(unknownMethod.status, 404);
        // OpenAI's own /v1/models stays OpenAI's.
        JCOMPARE(json::parse(f.send(f.rawRequest("GET", "/v1/models")).body)["object"], "list");
    }

    void modelsInTheClientsFormat()
    {
        const auto anthropicList =
            f.send(f.rawRequest("GET", "/v1/models", {}, "anthropic-version: 2023-06-01\r\n"));
        const Json a = json::parse(anthropicList.body);
        JCOMPARE(a["data"][0]["type"], "model");
        QVERIFY(a.contains("has_more"));
        const Json o = json::parse(f.send(f.rawRequest("GET", "/v1/models")).body);
        JCOMPARE(o["object"], "list");
    }
};

QTEST_GUILESS_MAIN(TestTranslation)
#include "tst_translation.moc"
