// The OpenAI Responses API as a provider format, for models offered only there (OpenAI's codex
// and pro models): Chat, Anthropic and Gemini requests carried to it through the Chat hub, and
// its answers, whole or streamed in uneven pieces, rebuilt the way each client's SDK rebuilds
// them. The transcripts under fixtures/translate/responses are OpenAI's wire format.
#include "core/translate/Translation.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

Json toResponses(ApiFormat client, const Json &body, TranslationNotes &notes)
{
    const Result<Json> r = Translation::request(client, ApiFormat::OpenAiResponses, body, notes);
    if (!r)
        qFatal("translation failed: %s", qPrintable(r.error()));
    return *r;
}

std::unique_ptr<ResponseTranslator> fromResponses(ApiFormat client, bool usage = true)
{
    return Translation::response(client, ApiFormat::OpenAiResponses, "client-model", usage);
}

// The input items of one type, in order.
Json itemsOfType(const Json &input, const std::string &type)
{
    Json out = Json::array();
    for (const Json &item : input)
        if (item.value("type", "") == type)
            out.push_back(item);
    return out;
}

} // namespace

class TestResponsesUpstream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chatRequestBecomesResponsesRequest()
    {
        TranslationNotes notes;
        const Json sent = toResponses(
            ApiFormat::OpenAiChat, fixtureJson(QStringLiteral("openai/request_full.json")), notes);
        JCOMPARE(sent["model"], "gpt-4o");
        JCOMPARE(sent["instructions"], "You are a concise weather assistant.");
        JCOMPARE(sent["store"], false);
        JCOMPARE(sent["stream"], false);
        JCOMPARE(sent["max_output_tokens"], 1024);
        JCOMPARE(sent["temperature"], 0.7);
        JCOMPARE(sent["safety_identifier"], "user-123");
        QVERIFY(!sent.contains("messages"));
        QVERIFY(noted(notes, QStringLiteral("stop")));

        const Json &input = sent["input"];
        const Json messages = itemsOfType(input, "message");
        QCOMPARE(messages.size(), size_t(3));
        JCOMPARE(messages[0]["content"][0],
                 Json({{"type", "input_text"}, {"text", "Hi! Can you help me with the weather?"}}));
        JCOMPARE(messages[1]["content"][1]["type"], "input_image");
        JCOMPARE(messages[1]["content"][1]["detail"], "low");
        QVERIFY(messages[1]["content"][1]["image_url"].get<std::string>().rfind("data:image/png",
                                                                                0) == 0);
        JCOMPARE(messages[1]["content"][2]["detail"], "auto");
        const Json calls = itemsOfType(input, "function_call");
        QCOMPARE(calls.size(), size_t(2));
        JCOMPARE(calls[0], Json({{"type", "function_call"},
                                 {"call_id", "call_Xq9JdK2mYbVn3RfT8wLp0aZc"},
                                 {"name", "get_weather"},
                                 {"arguments", "{\"city\": \"Paris\"}"}}));
        const Json outputs = itemsOfType(input, "function_call_output");
        QCOMPARE(outputs.size(), size_t(2));
        JCOMPARE(outputs[1]["call_id"], "call_Hs4GvN7kPq1WmE6tYu2rBxDf");
        JCOMPARE(outputs[1]["output"], "{\"temperature_c\": 24, \"condition\": \"sunny\"}");
        // Order kept: the calls come after the question and before their outputs.
        JCOMPARE(input.back()["content"][0]["text"], "Which city is warmer?");

        JCOMPARE(sent["tools"][0],
                 Json({{"type", "function"},
                       {"name", "get_weather"},
                       {"description", "Get the current weather for a city."},
                       {"parameters",
                        fixtureJson(QStringLiteral(
                            "openai/request_full.json"))["tools"][0]["function"]["parameters"]},
                       {"strict", false}}));
        JCOMPARE(sent["tool_choice"], "auto");
    }

    void chatSettingsThatHaveACounterpart()
    {
        TranslationNotes notes;
        const Json sent =
            toResponses(ApiFormat::OpenAiChat,
                        Json::parse(R"({"model":"m","messages":[{"role":"user","content":"hi"},
                {"role":"assistant","content":"hello"},{"role":"system","content":"Later rule."},
                {"role":"user","content":"again"}],"reasoning_effort":"high","stream":true,
                "stream_options":{"include_usage":true},"parallel_tool_calls":false,
                "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                "response_format":{"type":"json_schema","json_schema":{"name":"answer",
                "strict":true,"schema":{"type":"object"}}},"max_tokens":50})"),
                        notes);
        QVERIFY(!sent.contains("instructions"));
        JCOMPARE(sent["input"][1],
                 Json({{"type", "message"},
                       {"role", "assistant"},
                       {"content", Json::array({{{"type", "output_text"}, {"text", "hello"}}})}}));
        JCOMPARE(sent["input"][2]["role"], "system");
        JCOMPARE(sent["reasoning"], Json({{"effort", "high"}}));
        JCOMPARE(sent["stream"], true);
        QVERIFY(!sent.contains("stream_options"));
        JCOMPARE(sent["parallel_tool_calls"], false);
        JCOMPARE(sent["tool_choice"], Json({{"type", "function"}, {"name", "get_weather"}}));
        JCOMPARE(sent["text"]["format"], Json({{"type", "json_schema"},
                                               {"name", "answer"},
                                               {"schema", {{"type", "object"}}},
                                               {"strict", true}}));
        JCOMPARE(sent["max_output_tokens"], 50);
    }

    void manyChoicesCannotBeCarried()
    {
        TranslationNotes notes;
        const Result<Json> r = Translation::request(
            ApiFormat::OpenAiChat, ApiFormat::OpenAiResponses,
            Json::parse(R"({"model":"m","n":2,"messages":[{"role":"user","content":"hi"}]})"),
            notes);
        QVERIFY(!r);
        QVERIFY(r.error().contains(QStringLiteral("n > 1")));
    }

    // Odd but valid-looking requests never take the translator down.
    void oddChatRequests()
    {
        TranslationNotes notes;
        const Json sent = toResponses(
            ApiFormat::OpenAiChat,
            Json::parse("{\"model\":\"m\",\"n\":null,\"stream\":null,\"messages\":[{\"role\":"
                        "\"user\",\"content\":\"hi\"},{\"role\":\"system\"},{\"role\":"
                        "\"assistant\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                        "{\"name\":\"f\",\"strict\":null}}]}"),
            notes);
        JCOMPARE(sent["stream"], false);
        JCOMPARE(sent["tools"][0]["strict"], false);
        JCOMPARE(sent["input"][1]["role"], "system");
        JCOMPARE(sent["input"][1]["content"], Json::array());
        // A provider's usage with nulls where numbers belong is read as zeros.
        auto translator = fromResponses(ApiFormat::OpenAiChat);
        const Json out = Json::parse(translator->translateBody(
            "{\"id\":\"resp_1\",\"created_at\":null,\"status\":\"completed\",\"output\":[],"
            "\"usage\":{\"input_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":null},"
            "\"output_tokens\":2,\"output_tokens_details\":{\"reasoning_tokens\":\"x\"}}}"));
        JCOMPARE(out["usage"]["prompt_tokens_details"]["cached_tokens"], 0);
        JCOMPARE(out["usage"]["completion_tokens"], 2);
    }

    void anthropicAndGeminiRequestsReachResponses()
    {
        TranslationNotes notes;
        const Json fromAnthropic =
            toResponses(ApiFormat::AnthropicMessages,
                        fixtureJson(QStringLiteral("anthropic/request_full.json")), notes);
        QVERIFY(fromAnthropic.contains("instructions"));
        QVERIFY(!itemsOfType(fromAnthropic["input"], "function_call").empty());
        QVERIFY(!itemsOfType(fromAnthropic["input"], "function_call_output").empty());
        JCOMPARE(fromAnthropic["tools"][0]["type"], "function");
        JCOMPARE(fromAnthropic["store"], false);
        for (const Json &item : fromAnthropic["input"]) // nothing only LLMux reads goes out
            QVERIFY(!item.contains("llmux_thinking"));

        Json gemini = fixtureJson(QStringLiteral("gemini/request_full.json"));
        gemini["model"] = "gpt-5-codex"; // from the URL, as RequestShaper puts it
        const Json fromGemini = toResponses(ApiFormat::GeminiGenerate, gemini, notes);
        QVERIFY(fromGemini.contains("instructions"));
        QVERIFY(!itemsOfType(fromGemini["input"], "message").empty());
        JCOMPARE(fromGemini["tools"][0]["type"], "function");
    }

    void wholeResponseBecomesChatCompletion()
    {
        auto translator = fromResponses(ApiFormat::OpenAiChat);
        const Json out = Json::parse(translator->translateBody(
            fixture(QStringLiteral("responses/response_function_call.json"))));
        JCOMPARE(out["object"], "chat.completion");
        JCOMPARE(out["model"], "client-model");
        const Json &choice = out["choices"][0];
        JCOMPARE(choice["finish_reason"], "tool_calls");
        JCOMPARE(choice["message"]["content"], "Let me look that up.");
        JCOMPARE(choice["message"]["reasoning_content"],
                 "**Checking the weather**\n\nThe user wants Paris weather.");
        JCOMPARE(
            choice["message"]["tool_calls"][0],
            Json({{"id", "call_Vx7pQ2mN8kL4jH6gF3dS1aZ0"},
                  {"type", "function"},
                  {"function", {{"name", "get_weather"}, {"arguments", "{\"city\":\"Paris\"}"}}}}));
        JCOMPARE(out["usage"]["prompt_tokens"], 82);
        JCOMPARE(out["usage"]["completion_tokens"], 57);
        JCOMPARE(out["usage"]["prompt_tokens_details"]["cached_tokens"], 64);
        JCOMPARE(out["usage"]["completion_tokens_details"]["reasoning_tokens"], 32);
        QCOMPARE(translator->usage().promptTokens.value_or(0), 82);
        QCOMPARE(translator->usage().completionTokens.value_or(0), 57);

        auto cut = fromResponses(ApiFormat::OpenAiChat);
        const Json incomplete = Json::parse(
            cut->translateBody(fixture(QStringLiteral("responses/response_incomplete.json"))));
        JCOMPARE(incomplete["choices"][0]["finish_reason"], "length");
        JCOMPARE(incomplete["choices"][0]["message"]["content"], "The answer is");
    }

    void wholeResponseReachesAnthropicAndGeminiClients()
    {
        auto anthropic = fromResponses(ApiFormat::AnthropicMessages);
        const Json message = Json::parse(anthropic->translateBody(
            fixture(QStringLiteral("responses/response_function_call.json"))));
        JCOMPARE(message["stop_reason"], "tool_use");
        bool sawTool = false;
        for (const Json &block : message["content"])
            if (block["type"] == "tool_use") {
                sawTool = true;
                JCOMPARE(block["input"], Json({{"city", "Paris"}}));
            }
        QVERIFY(sawTool);

        auto gemini = fromResponses(ApiFormat::GeminiGenerate);
        const Json generated = Json::parse(gemini->translateBody(
            fixture(QStringLiteral("responses/response_function_call.json"))));
        bool sawCall = false;
        for (const Json &part : generated["candidates"][0]["content"]["parts"])
            if (part.contains("functionCall")) {
                sawCall = true;
                JCOMPARE(part["functionCall"]["args"], Json({{"city", "Paris"}}));
            }
        QVERIFY(sawCall);
    }

    void streamBecomesChatChunks_data()
    {
        QTest::addColumn<int>("pieceSize");
        QTest::newRow("tiny pieces") << 7;
        QTest::newRow("uneven pieces") << 37;
        QTest::newRow("whole events") << 100000;
    }

    void streamBecomesChatChunks()
    {
        QFETCH(int, pieceSize);
        auto translator = fromResponses(ApiFormat::OpenAiChat);
        const OpenAiMessage m = accumulateOpenAi(replayStream(
            *translator, fixture(QStringLiteral("responses/stream_function_call.sse")), pieceSize));
        QVERIFY2(m.problem.isEmpty() && m.error.isEmpty(), qPrintable(m.problem + m.error));
        QVERIFY(m.done);
        QCOMPARE(m.content, std::string("Let me look that up."));
        QCOMPARE(m.reasoning, std::string("**Checking the weather**\n\nThe user wants Paris "
                                          "weather.\n\nI will call the tool."));
        QCOMPARE(m.finishReason, std::string("tool_calls"));
        QCOMPARE(m.toolCalls.size(), size_t(1));
        JCOMPARE(m.toolCalls[0]["id"], "call_Vx7pQ2mN8kL4jH6gF3dS1aZ0");
        JCOMPARE(m.toolCalls[0]["name"], "get_weather");
        JCOMPARE(m.toolCalls[0]["arguments"], "{\"city\":\"Paris\"}");
        JCOMPARE(m.usage["prompt_tokens"], 82);
        JCOMPARE(m.usage["completion_tokens_details"]["reasoning_tokens"], 32);
        QCOMPARE(translator->usage().completionTokens.value_or(0), 57);
    }

    void streamReachesAnthropicAndGeminiClients()
    {
        auto anthropic = fromResponses(ApiFormat::AnthropicMessages);
        const AnthropicMessage a = accumulateAnthropic(replayStream(
            *anthropic, fixture(QStringLiteral("responses/stream_function_call.sse")), 23));
        QVERIFY2(a.problem.isEmpty(), qPrintable(a.problem));
        JCOMPARE(a.message["stop_reason"], "tool_use");
        bool sawTool = false, sawThinking = false;
        for (const Json &block : a.message["content"]) {
            if (block["type"] == "tool_use") {
                sawTool = true;
                JCOMPARE(block["input"], Json({{"city", "Paris"}}));
            }
            sawThinking = sawThinking || block["type"] == "thinking";
        }
        QVERIFY(sawTool);
        QVERIFY(sawThinking);
        JCOMPARE(a.message["usage"]["output_tokens"], 57);

        auto gemini = fromResponses(ApiFormat::GeminiGenerate);
        const GeminiResult g = accumulateGemini(replayStream(
            *gemini, fixture(QStringLiteral("responses/stream_function_call.sse")), 11));
        QVERIFY2(g.problem.isEmpty(), qPrintable(g.problem));
        QCOMPARE(g.text, std::string("Let me look that up."));
        QCOMPARE(g.calls.size(), size_t(1));
        JCOMPARE(g.calls[0]["functionCall"]["args"], Json({{"city", "Paris"}}));
    }

    void streamEndings()
    {
        auto plain = fromResponses(ApiFormat::OpenAiChat);
        const OpenAiMessage text = accumulateOpenAi(
            replayStream(*plain, fixture(QStringLiteral("responses/stream_text.sse")), 29));
        QVERIFY2(text.problem.isEmpty(), qPrintable(text.problem));
        QCOMPARE(text.content, std::string("Hello there!"));
        QCOMPARE(text.finishReason, std::string("stop"));

        auto incomplete = fromResponses(ApiFormat::OpenAiChat);
        const OpenAiMessage cut = accumulateOpenAi(replayStream(
            *incomplete, fixture(QStringLiteral("responses/stream_incomplete.sse")), 29));
        QVERIFY2(cut.problem.isEmpty(), qPrintable(cut.problem));
        QCOMPARE(cut.finishReason, std::string("length"));

        auto failed = fromResponses(ApiFormat::OpenAiChat);
        const OpenAiMessage f = accumulateOpenAi(
            replayStream(*failed, fixture(QStringLiteral("responses/stream_failed.sse")), 29));
        QCOMPARE(f.error, QStringLiteral("The model failed to generate a response."));

        // The provider hung up before response.completed: the client hears so.
        auto early = fromResponses(ApiFormat::OpenAiChat);
        QByteArray transcript = fixture(QStringLiteral("responses/stream_text.sse"));
        transcript.truncate(transcript.lastIndexOf("event: response.completed"));
        const OpenAiMessage e = accumulateOpenAi(replayStream(*early, transcript, 29));
        QVERIFY(e.error.contains(QStringLiteral("before the answer was complete")));
    }
};

QTEST_GUILESS_MAIN(TestResponsesUpstream)
#include "tst_responsesupstream.moc"
