// Gemini's own API (what Gemini CLI and the @google/genai SDK speak) as a client format: its
// requests carried to the Chat hub and on to every provider format, and every provider's answer,
// whole or streamed in uneven pieces, as the GenerateContentResponse stream Gemini's clients read.
#include "core/translate/GeminiToOpenAiRequest.h"
#include "core/translate/OpenAiToGeminiResponse.h"
#include "core/translate/Translation.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

// As the gateway hands it over: the model and streaming come from the URL.
Json withUrlFacts(Json body, bool stream = false)
{
    body["model"] = "upstream-model";
    body["stream"] = stream;
    return body;
}

Json toFormat(ApiFormat upstream, const Json &body, TranslationNotes &notes)
{
    const Result<Json> r = Translation::request(ApiFormat::GeminiGenerate, upstream, body, notes);
    if (!r)
        qFatal("translation failed: %s", qPrintable(r.error()));
    return *r;
}

} // namespace

class TestGeminiInbound : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void geminiRequestToChat()
    {
        TranslationNotes notes;
        const Json out =
            toFormat(ApiFormat::OpenAiChat,
                     withUrlFacts(fixtureJson(QStringLiteral("gemini/request_full.json"))), notes);
        JCOMPARE(out["model"], "upstream-model");
        const Json &m = out["messages"];
        JCOMPARE(m.size(), size_t(8));
        JCOMPARE(m[0],
                 Json({{"role", "system"}, {"content", "You are a concise weather assistant."}}));
        JCOMPARE(m[1]["content"], "Hi! Can you help me with the weather?");
        JCOMPARE(m[2], Json({{"role", "assistant"}, {"content", "Sure, which cities?"}}));
        JCOMPARE(m[3]["content"][1]["image_url"]["url"].get<std::string>().rfind(
                     "data:image/png;base64,iVBOR", 0),
                 0);
        // Two calls without ids get made-up ones, which the two results answer in order; the
        // thought signature rides along for a Gemini provider further on.
        const Json &calls = m[4]["tool_calls"];
        JCOMPARE(calls.size(), size_t(2));
        QVERIFY(calls[0]["extra_content"]["google"]["thought_signature"].get<std::string>().rfind(
                    "CiQB", 0) == 0);
        JCOMPARE(Json::parse(calls[1]["function"]["arguments"].get<std::string>()),
                 Json({{"city", "Tokyo"}}));
        JCOMPARE(m[5]["tool_call_id"], calls[0]["id"]);
        JCOMPARE(m[6]["tool_call_id"], calls[1]["id"]);
        QVERIFY(calls[0]["id"] != calls[1]["id"]);
        JCOMPARE(Json::parse(m[6]["content"].get<std::string>())["condition"], "sunny");
        JCOMPARE(m[7], Json({{"role", "user"}, {"content", "Which city is warmer?"}}));
        JCOMPARE(out["tools"][0]["function"]["name"], "get_weather");
        JCOMPARE(out["tools"][0]["function"]["parameters"]["required"], Json::array({"city"}));
        JCOMPARE(out["tool_choice"], "auto");
        JCOMPARE(out["temperature"], 0.7);
        JCOMPARE(out["top_p"], 0.9);
        JCOMPARE(out["max_tokens"], 1024);
        JCOMPARE(out["stop"], Json::array({"END"}));
        JCOMPARE(out["reasoning_effort"], "low");
        QVERIFY(noted(notes, QStringLiteral("generationConfig.topK")));
        QVERIFY(!out.contains("stream_options"));
    }

    void geminiRequestToAnthropic()
    {
        TranslationNotes notes;
        const Json out = toFormat(
            ApiFormat::AnthropicMessages,
            withUrlFacts(fixtureJson(QStringLiteral("gemini/request_full.json")), true), notes);
        JCOMPARE(out["system"], "You are a concise weather assistant.");
        JCOMPARE(out["stream"], true);
        std::string previous;
        for (const Json &message : out["messages"]) {
            QVERIFY(message["role"] != previous);
            previous = message["role"];
        }
        JCOMPARE(out["tools"][0]["input_schema"]["type"], "object");
    }

    // Gemini's OpenAPI-style schemas (upper-case types, nullable) become JSON Schema.
    void schemasInJsonSchemaSpelling()
    {
        const Json gemini = {{"type", "OBJECT"},
                             {"properties",
                              {{"path", {{"type", "STRING"}, {"nullable", true}}},
                               {"lines", {{"type", "ARRAY"}, {"items", {{"type", "INTEGER"}}}}}}},
                             {"required", Json::array({"path"})}};
        JCOMPARE(GeminiToOpenAiRequest::jsonSchema(gemini),
                 Json({{"type", "object"},
                       {"properties",
                        {{"path", {{"type", Json::array({"string", "null"})}}},
                         {"lines", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}},
                       {"required", Json::array({"path"})}}));
        // parametersJsonSchema is JSON Schema already and goes as it is; Google's own tools are
        // left out with a note; ANY with one function forces it.
        TranslationNotes notes;
        const Json out = toFormat(
            ApiFormat::OpenAiChat,
            withUrlFacts(
                {{"contents",
                  Json::array({{{"role", "user"}, {"parts", Json::array({{{"text", "hi"}}})}}})},
                 {"tools",
                  Json::array(
                      {{{"functionDeclarations",
                         Json::array({{{"name", "read_file"},
                                       {"parametersJsonSchema",
                                        {{"type", "object"},
                                         {"properties", {{"path", {{"type", "string"}}}}}}}}})}},
                       {{"googleSearch", Json::object()}}})},
                 {"toolConfig",
                  {{"functionCallingConfig",
                    {{"mode", "ANY"}, {"allowedFunctionNames", Json::array({"read_file"})}}}}}}),
            notes);
        JCOMPARE(out["tools"].size(), size_t(1));
        JCOMPARE(out["tools"][0]["function"]["parameters"]["properties"]["path"]["type"], "string");
        JCOMPARE(out["tool_choice"],
                 Json({{"type", "function"}, {"function", {{"name", "read_file"}}}}));
        QVERIFY(noted(notes, QStringLiteral("tools")));
    }

    void requestsThatCannotBeCarriedAreRefused()
    {
        TranslationNotes notes;
        for (const Json &body :
             {Json::object(), Json{{"contents", "hi"}},
              Json{{"contents", Json::array({{{"role", "system"}, {"parts", Json::array()}}})}},
              Json{{"contents", Json::array({"text"})}}}) {
            const Result<Json> r = Translation::request(
                ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat, withUrlFacts(body), notes);
            QVERIFY2(!r.ok(), body.dump().c_str());
            QVERIFY(!r.error().isEmpty());
        }
    }

    void wholeAnswers()
    {
        auto translator = Translation::response(ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat,
                                                "client-model", false);
        const Json text = json::parse(
            translator->translateBody(fixture(QStringLiteral("openai/response_reasoning.json"))));
        const Json &parts = text["candidates"][0]["content"]["parts"];
        JCOMPARE(parts[0]["thought"], true);
        QVERIFY(parts[1]["text"].get<std::string>().find("9.8 is greater") != std::string::npos);
        JCOMPARE(text["candidates"][0]["finishReason"], "STOP");
        JCOMPARE(text["usageMetadata"]["promptTokenCount"], 11);
        JCOMPARE(text["usageMetadata"]["thoughtsTokenCount"], 29);
        JCOMPARE(text["usageMetadata"]["candidatesTokenCount"], 16);
        JCOMPARE(text["modelVersion"], "client-model");

        auto tools = Translation::response(ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat,
                                           "client-model", false);
        const Json called = json::parse(
            tools->translateBody(fixture(QStringLiteral("openai/response_tool_calls.json"))));
        const Json &callParts = called["candidates"][0]["content"]["parts"];
        JCOMPARE(callParts.size(), size_t(2));
        JCOMPARE(callParts[1]["functionCall"]["args"], Json({{"city", "Tokyo"}}));
        JCOMPARE(callParts[1]["functionCall"]["id"], "call_Hs4GvN7kPq1WmE6tYu2rBxDf");
        QCOMPARE(tools->usage().completionTokens.value_or(0), 36);
    }

    void providerStreamsBecomeGeminiStreams_data()
    {
        QTest::addColumn<int>("upstream");
        QTest::addColumn<QString>("transcript");
        QTest::addColumn<int>("calls");
        QTest::addColumn<bool>("thoughts");
        QTest::addColumn<int>("pieceSize");
        const int openAi = int(ApiFormat::OpenAiChat),
                  anthropic = int(ApiFormat::AnthropicMessages);
        QTest::newRow("openai text") << openAi << "openai/stream_text.sse" << 0 << false << 37;
        QTest::newRow("openai text bytewise")
            << openAi << "openai/stream_text.sse" << 0 << false << 1;
        QTest::newRow("openai tools")
            << openAi << "openai/stream_tool_calls.sse" << 2 << false << 19;
        QTest::newRow("openai reasoning")
            << openAi << "openai/stream_reasoning.sse" << 0 << true << 29;
        QTest::newRow("anthropic text")
            << anthropic << "anthropic/stream_text.sse" << 0 << false << 41;
        QTest::newRow("anthropic tools")
            << anthropic << "anthropic/stream_tool_use.sse" << 1 << false << 17;
        QTest::newRow("anthropic thinking")
            << anthropic << "anthropic/stream_thinking.sse" << 0 << true << 64;
    }

    void providerStreamsBecomeGeminiStreams()
    {
        QFETCH(int, upstream);
        QFETCH(QString, transcript);
        QFETCH(int, calls);
        QFETCH(bool, thoughts);
        QFETCH(int, pieceSize);
        auto translator =
            Translation::response(ApiFormat::GeminiGenerate, ApiFormat(upstream), "m", false);
        const GeminiResult r =
            accumulateGemini(replayStream(*translator, fixture(transcript), pieceSize));
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        JCOMPARE(r.finishReason, "STOP");
        JCOMPARE(r.calls.size(), size_t(calls));
        QCOMPARE(!r.thoughts.empty(), thoughts);
        if (calls == 0)
            QVERIFY(!r.text.empty());
        for (const Json &call : r.calls)
            QVERIFY(call["functionCall"]["args"].contains("city"));
        QVERIFY(r.usage["promptTokenCount"].get<int>() > 0);
        QVERIFY(translator->usage().completionTokens.has_value());
    }

    void streamEndings()
    {
        // Cut before a finish reason: an error event in Google's shape.
        auto cut =
            Translation::response(ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat, "m", false);
        const QList<SseEvent> events = replayStream(
            *cut, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
        JCOMPARE(json::parse(events.last().data)["error"]["status"], "UNAVAILABLE");
        QVERIFY(cut->streamFailure(504, "late", QStringLiteral("late")).isEmpty()); // ended once
        // The gateway gives up mid-stream: data-only error event.
        auto late =
            Translation::response(ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat, "m", false);
        const QByteArray failure =
            late->streamFailure(504, "upstream_timeout", QStringLiteral("slow"));
        QVERIFY(failure.startsWith("data: {\"error\":{\"code\":504"));
        QVERIFY(failure.endsWith("\n\n"));
        // Length: MAX_TOKENS.
        auto length =
            Translation::response(ApiFormat::GeminiGenerate, ApiFormat::OpenAiChat, "m", false);
        const GeminiResult r = accumulateGemini(replayStream(
            *length, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once\"},"
                     "\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n"));
        JCOMPARE(r.finishReason, "MAX_TOKENS");
    }
};

QTEST_GUILESS_MAIN(TestGeminiInbound)
#include "tst_geminiinbound.moc"
