// Each translation direction against vendor transcripts (tests/fixtures/translate): requests
// field by field, whole answers, and streams replayed in uneven pieces and rebuilt the way each
// vendor's SDK rebuilds them.
#include "core/translate/AnthropicToOpenAiRequest.h"
#include "core/translate/AnthropicToOpenAiResponse.h"
#include "core/translate/ErrorBody.h"
#include "core/translate/FastDelta.h"
#include "core/translate/GeminiToOpenAiResponse.h"
#include "core/translate/OpenAiToAnthropicRequest.h"
#include "core/translate/OpenAiToAnthropicResponse.h"
#include "core/translate/OpenAiToGeminiRequest.h"
#include "core/translate/PassThroughResponse.h"
#include "core/translate/Translation.h"
#include "core/translate/UpstreamErrorMapper.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

Json translateRequest(ApiFormat from, ApiFormat to, const Json &body, TranslationNotes &notes)
{
    const Result<Json> r = Translation::request(from, to, body, notes);
    if (!r)
        qFatal("translation failed: %s", qPrintable(r.error()));
    return *r;
}

std::unique_ptr<ResponseTranslator> responseTranslator(const QString &pair, bool includeUsage)
{
    const ApiFormat openAi = ApiFormat::OpenAiChat, anthropic = ApiFormat::AnthropicMessages,
                    gemini = ApiFormat::GeminiGenerate;
    if (pair == u"openai>anthropic")
        return Translation::response(anthropic, openAi, "client-model", includeUsage);
    if (pair == u"anthropic>openai")
        return Translation::response(openAi, anthropic, "client-model", includeUsage);
    if (pair == u"gemini>openai")
        return Translation::response(openAi, gemini, "client-model", includeUsage);
    if (pair == u"gemini>anthropic")
        return Translation::response(anthropic, gemini, "client-model", includeUsage);
    qFatal("unknown pair");
}

std::string textOfBlocks(const Json &content, const char *type, const char *field)
{
    std::string text;
    for (const Json &block : content)
        if (block["type"] == type)
            text += block[field].get<std::string>();
    return text;
}

} // namespace

class TestTranslate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anthropicRequestToOpenAi()
    {
        TranslationNotes notes;
        const Json out =
            translateRequest(ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat,
                             fixtureJson(QStringLiteral("anthropic/request_full.json")), notes);
        const Json &m = out["messages"];
        JCOMPARE(m.size(), size_t(8));
        JCOMPARE(m[0]["role"], "system");
        QVERIFY(m[0]["content"].get<std::string>().find("Claude Code") != std::string::npos);
        QVERIFY(m[0]["content"].get<std::string>().find("weather assistant") != std::string::npos);
        JCOMPARE(m[1]["content"], "Hi! Can you help me with the weather?");
        JCOMPARE(m[2]["role"], "assistant");
        // Images: base64 source as a data URL, url source as the URL.
        const Json &parts = m[3]["content"];
        JCOMPARE(parts.size(), size_t(3));
        QVERIFY(parts[0]["image_url"]["url"].get<std::string>().rfind("data:image/png;base64,iVBOR",
                                                                      0) == 0);
        QVERIFY(parts[1]["image_url"]["url"].get<std::string>().rfind("https://upload", 0) == 0);
        JCOMPARE(parts[2]["type"], "text");
        // Thinking, text and parallel tool calls in one assistant message.
        const Json &assistant = m[4];
        JCOMPARE(assistant["content"], "I'll check both cities.");
        QVERIFY(assistant["reasoning_content"].get<std::string>().find("Paris and Tokyo") !=
                std::string::npos);
        JCOMPARE(assistant["tool_calls"].size(), size_t(2));
        JCOMPARE(assistant["tool_calls"][1]["id"], "toolu_01BkT7xX2r4cWmQ8vN3sLp6Y");
        JCOMPARE(
            Json::parse(assistant["tool_calls"][1]["function"]["arguments"].get<std::string>()),
            Json({{"city", "Tokyo"}}));
        // Tool results become tool messages right after, then the user's text.
        JCOMPARE(m[5]["role"], "tool");
        JCOMPARE(m[5]["tool_call_id"], "toolu_01A09q90qw90lq917835lq9");
        JCOMPARE(m[5]["content"], "18 C, cloudy");
        JCOMPARE(m[6]["role"], "tool");
        JCOMPARE(m[6]["content"], "Error: Weather service timed out for Tokyo.");
        JCOMPARE(m[7]["role"], "user");
        JCOMPARE(m[7]["content"], "Which city is warmer?");
        JCOMPARE(out["tools"][0]["function"]["name"], "get_weather");
        JCOMPARE(out["tools"][0]["function"]["parameters"]["required"][0], "city");
        JCOMPARE(out["tool_choice"], "auto");
        JCOMPARE(out["max_tokens"], 1024);
        JCOMPARE(out["stop"], Json::array({"END"}));
        JCOMPARE(out["user"], "user-123");
        JCOMPARE(out["temperature"], 0.5);
        QVERIFY(!out.contains("top_k"));
        QVERIFY(noted(notes, QStringLiteral("top_k")));
        QVERIFY(noted(notes, QStringLiteral("cache_control")));
    }

    // Claude Code 2.x sends system messages inside the conversation; they stay system text.
    void anthropicSystemMessagesMidConversation()
    {
        const Json request = {
            {"model", "m"},
            {"max_tokens", 100},
            {"system", "Top."},
            {"messages",
             Json::array(
                 {{{"role", "user"}, {"content", "hi"}},
                  {{"role", "system"},
                   {"content", Json::array({{{"type", "text"}, {"text", "# Environment"}}})}},
                  {{"role", "user"}, {"content", "go"}}})}};
        TranslationNotes notes;
        const Json chat =
            translateRequest(ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat, request, notes);
        JCOMPARE(chat["messages"][2], Json({{"role", "system"}, {"content", "# Environment"}}));
        const Json gemini = translateRequest(ApiFormat::AnthropicMessages,
                                             ApiFormat::GeminiGenerate, request, notes);
        JCOMPARE(gemini["systemInstruction"]["parts"][0]["text"], "Top.\n\n# Environment");
        JCOMPARE(gemini["contents"].size(), size_t(1)); // the two user turns, merged
    }

    void anthropicUserTextAfterToolResults()
    {
        // The user's text after tool results must follow the tool messages, not precede them.
        TranslationNotes notes;
        const Json streamed = translateRequest(
            ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat,
            Json::parse(R"({"model":"m","max_tokens":5,"stream":true,"messages":[{"role":"user",
              "content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"},
                         {"type":"text","text":"and now?"}]}],
              "tool_choice":{"type":"any","disable_parallel_tool_use":true},
              "tools":[{"name":"f","input_schema":{"type":"object"}},
                       {"type":"web_search_20250305","name":"web_search"}]})"),
            notes);
        JCOMPARE(streamed["messages"][0]["role"], "tool");
        JCOMPARE(streamed["messages"][1]["content"], "and now?");
        JCOMPARE(streamed["stream_options"]["include_usage"], true);
        JCOMPARE(streamed["tool_choice"], "required");
        JCOMPARE(streamed["parallel_tool_calls"], false);
        JCOMPARE(streamed["tools"].size(), size_t(1));
        QVERIFY(noted(notes, QStringLiteral("tools.web_search_20250305")));
    }

    void openAiRequestToAnthropic()
    {
        TranslationNotes notes;
        const Json out =
            translateRequest(ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
                             fixtureJson(QStringLiteral("openai/request_full.json")), notes);
        JCOMPARE(out["system"], "You are a concise weather assistant.");
        const Json &m = out["messages"];
        JCOMPARE(m.size(), size_t(3)); // user, assistant, user: same-role turns merged
        JCOMPARE(m[0]["role"], "user");
        const Json &user = m[0]["content"];
        JCOMPARE(user[0]["text"], "Hi! Can you help me with the weather?");
        JCOMPARE(user[2]["source"]["type"], "base64");
        JCOMPARE(user[2]["source"]["media_type"], "image/png");
        JCOMPARE(user[3]["source"]["type"], "url");
        JCOMPARE(m[1]["content"].size(), size_t(2));
        JCOMPARE(m[1]["content"][0]["type"], "tool_use");
        JCOMPARE(m[1]["content"][0]["input"], Json({{"city", "Paris"}}));
        const Json &results = m[2]["content"];
        JCOMPARE(results[0]["type"], "tool_result");
        JCOMPARE(results[0]["tool_use_id"], "call_Xq9JdK2mYbVn3RfT8wLp0aZc");
        JCOMPARE(results[1]["tool_use_id"], "call_Hs4GvN7kPq1WmE6tYu2rBxDf");
        JCOMPARE(results[2]["text"], "Which city is warmer?");
        JCOMPARE(out["max_tokens"], 1024);
        JCOMPARE(out["stop_sequences"], Json::array({"END"}));
        JCOMPARE(out["metadata"]["user_id"], "user-123");
        JCOMPARE(out["tools"][0]["input_schema"]["type"], "object");
        JCOMPARE(out["tool_choice"]["type"], "auto");
        QVERIFY(!out.contains("n"));
    }

    void openAiRequestToAnthropicLimits()
    {
        TranslationNotes notes;
        const Result<Json> many = Translation::request(
            ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
            Json::parse(R"({"model":"m","n":3,"messages":[{"role":"user","content":"hi"}]})"),
            notes);
        QVERIFY(!many);
        QVERIFY(many.error().contains(QLatin1String("n=3")));

        const Json out = translateRequest(
            ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
            Json::parse(R"({"model":"m","temperature":1.6,"parallel_tool_calls":false,
              "logprobs":true,"messages":[{"role":"user","content":"hi"}],
              "tools":[{"type":"function","function":{"name":"f"}}]})"),
            notes);
        JCOMPARE(out["temperature"], 1.0);
        JCOMPARE(out["max_tokens"], OpenAiToAnthropicRequest::kDefaultMaxTokens);
        JCOMPARE(out["tool_choice"]["disable_parallel_tool_use"], true);
        JCOMPARE(out["tools"][0]["input_schema"]["type"], "object");
        QVERIFY(noted(notes, QStringLiteral("temperature")));
        QVERIFY(noted(notes, QStringLiteral("logprobs")));

        const Json thinking = translateRequest(
            ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
            Json::parse(R"({"model":"m","reasoning_effort":"high","max_tokens":32000,
              "temperature":0.2,"messages":[{"role":"user","content":"hi"}]})"),
            notes);
        JCOMPARE(thinking["thinking"]["type"], "enabled");
        JCOMPARE(thinking["thinking"]["budget_tokens"], 16384);
        QVERIFY(!thinking.contains("temperature"));
    }

    void openAiRequestToGemini()
    {
        TranslationNotes notes;
        const Json out =
            translateRequest(ApiFormat::OpenAiChat, ApiFormat::GeminiGenerate,
                             fixtureJson(QStringLiteral("openai/request_full.json")), notes);
        QVERIFY(!out.contains("model"));
        JCOMPARE(out["systemInstruction"]["parts"][0]["text"],
                 "You are a concise weather assistant.");
        const Json &c = out["contents"];
        JCOMPARE(c.size(), size_t(3));
        JCOMPARE(c[0]["role"], "user");
        JCOMPARE(c[0]["parts"][2]["inlineData"]["mimeType"], "image/png");
        JCOMPARE(c[0]["parts"][3]["fileData"]["mimeType"], "image/jpeg");
        JCOMPARE(c[1]["role"], "model");
        JCOMPARE(c[1]["parts"][0]["functionCall"]["args"], Json({{"city", "Paris"}}));
        JCOMPARE(c[1]["parts"][0]["thoughtSignature"],
                 OpenAiToGeminiRequest::kUnknownThoughtSignature);
        QVERIFY(!c[1]["parts"][1].contains("thoughtSignature"));
        // Function responses are named after the calls they answer.
        JCOMPARE(c[2]["parts"][0]["functionResponse"]["name"], "get_weather");
        JCOMPARE(c[2]["parts"][0]["functionResponse"]["response"]["temperature_c"], 18);
        JCOMPARE(c[2]["parts"][2]["text"], "Which city is warmer?");
        const Json &config = out["generationConfig"];
        JCOMPARE(config["maxOutputTokens"], 1024);
        JCOMPARE(config["topP"], 0.9);
        JCOMPARE(config["stopSequences"], Json::array({"END"}));
        JCOMPARE(out["tools"][0]["functionDeclarations"][0]["name"], "get_weather");
        QVERIFY(out["tools"][0]["functionDeclarations"][0].contains("parametersJsonSchema"));
        JCOMPARE(out["toolConfig"]["functionCallingConfig"]["mode"], "AUTO");
    }

    void geminiSignatureComesBack()
    {
        // A signature Gemini gave a tool call returns with it on the next turn.
        TranslationNotes notes;
        const Json out =
            translateRequest(ApiFormat::OpenAiChat, ApiFormat::GeminiGenerate,
                             Json::parse(R"({"model":"m","response_format":{"type":"json_schema",
              "json_schema":{"name":"x","schema":{"type":"object"}}},"messages":[
              {"role":"user","content":"hi"},
              {"role":"assistant","tool_calls":[{"id":"c1","type":"function",
                "function":{"name":"f","arguments":"{}"},
                "extra_content":{"google":{"thought_signature":"sig-1"}}}]},
              {"role":"tool","tool_call_id":"c1","content":"plain text"}]})"),
                             notes);
        JCOMPARE(out["contents"][1]["parts"][0]["thoughtSignature"], "sig-1");
        JCOMPARE(out["contents"][2]["parts"][0]["functionResponse"]["response"]["content"],
                 "plain text");
        JCOMPARE(out["generationConfig"]["responseMimeType"], "application/json");
        JCOMPARE(out["generationConfig"]["responseJsonSchema"]["type"], "object");
    }

    void anthropicRequestToGemini()
    {
        TranslationNotes notes;
        const Json out =
            translateRequest(ApiFormat::AnthropicMessages, ApiFormat::GeminiGenerate,
                             fixtureJson(QStringLiteral("anthropic/request_full.json")), notes);
        const Json &c = out["contents"];
        JCOMPARE(c[0]["role"], "user");
        JCOMPARE(c[1]["role"], "model");
        bool sawResponse = false;
        for (const Json &content : c)
            for (const Json &part : content["parts"])
                if (part.contains("functionResponse")) {
                    sawResponse = true;
                    JCOMPARE(part["functionResponse"]["name"], "get_weather");
                }
        QVERIFY(sawResponse);
        JCOMPARE(out["generationConfig"]["maxOutputTokens"], 1024);
    }

    void wholeAnswers_data()
    {
        QTest::addColumn<QString>("pair");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QStringList>("toolArguments");
        QTest::addColumn<QString>("stop");
        QTest::addColumn<int>("promptTokens");

        const QString tokyo = QStringLiteral("Tokyo is warmer right now.");
        QTest::newRow("openai text > anthropic")
            << "openai>anthropic"
            << "openai/response_text.json" << tokyo << "" << QStringList() << "end_turn" << 11;
        QTest::newRow("openai tools > anthropic")
            << "openai>anthropic"
            << "openai/response_tool_calls.json"
            << ""
            << "" << QStringList{R"({"city":"Paris"})", R"({"city":"Tokyo"})"} << "tool_use" << 11;
        QTest::newRow("deepseek reasoning > anthropic")
            << "openai>anthropic"
            << "openai/response_reasoning.json"
            << "9.11 is smaller than 9.8, so 9.8 is greater."
            << "Compare 9.11" << QStringList() << "end_turn" << 11;
        QTest::newRow("anthropic text > openai")
            << "anthropic>openai"
            << "anthropic/response_text.json" << tokyo << "" << QStringList() << "stop" << 15;
        QTest::newRow("anthropic tool_use > openai")
            << "anthropic>openai"
            << "anthropic/response_tool_use.json"
            << "I'll check the weather in Paris."
            << "" << QStringList{R"({"city":"Paris"})"} << "tool_calls" << 15;
        QTest::newRow("anthropic thinking > openai")
            << "anthropic>openai"
            << "anthropic/response_thinking.json"
            << "Tokyo is warmer."
            << "Paris is 18 C" << QStringList() << "stop" << 15;
        QTest::newRow("gemini text > openai")
            << "gemini>openai"
            << "gemini/response_text.json" << tokyo << "" << QStringList() << "stop" << 11;
        QTest::newRow("gemini calls > openai")
            << "gemini>openai"
            << "gemini/response_function_call.json"
            << ""
            << "" << QStringList{R"({"city":"Paris"})", R"({"city":"Tokyo"})"} << "tool_calls"
            << 11;
        QTest::newRow("gemini thought > openai") << "gemini>openai"
                                                 << "gemini/response_thought.json"
                                                 << "Tokyo is warmer."
                                                 << "**Comparing" << QStringList() << "stop" << 11;
        QTest::newRow("gemini calls > anthropic")
            << "gemini>anthropic"
            << "gemini/response_function_call.json"
            << ""
            << "" << QStringList{R"({"city":"Paris"})", R"({"city":"Tokyo"})"} << "tool_use" << 11;
    }

    void wholeAnswers()
    {
        QFETCH(QString, pair);
        QFETCH(QString, file);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QStringList, toolArguments);
        QFETCH(QString, stop);
        QFETCH(int, promptTokens);
        auto translator = responseTranslator(pair, false);
        const Json out = json::parse(translator->translateBody(fixture(file)));
        QCOMPARE(translator->usage().promptTokens.value_or(-1), promptTokens);
        QVERIFY(translator->usage().completionTokens.value_or(0) > 0);
        if (pair.endsWith(u"anthropic")) {
            JCOMPARE(out["type"], "message");
            JCOMPARE(out["model"], "client-model");
            QCOMPARE(QString::fromStdString(textOfBlocks(out["content"], "text", "text")), text);
            QVERIFY(QString::fromStdString(textOfBlocks(out["content"], "thinking", "thinking"))
                        .startsWith(reasoning));
            QStringList args;
            for (const Json &block : out["content"])
                if (block["type"] == "tool_use")
                    args.append(QString::fromStdString(block["input"].dump()));
            QCOMPARE(args, toolArguments);
            QCOMPARE(QString::fromStdString(out["stop_reason"]), stop);
            QVERIFY(out["usage"]["output_tokens"].get<int>() > 0);
        } else {
            JCOMPARE(out["object"], "chat.completion");
            const Json &message = out["choices"][0]["message"];
            QCOMPARE(QString::fromStdString(message["content"].is_null()
                                                ? std::string()
                                                : message["content"].get<std::string>()),
                     text);
            QVERIFY(QString::fromStdString(json::str(message, "reasoning_content"))
                        .startsWith(reasoning));
            QStringList args;
            for (const Json &call : message.value("tool_calls", Json::array()))
                args.append(QString::fromStdString(
                    Json::parse(call["function"]["arguments"].get<std::string>()).dump()));
            QCOMPARE(args, toolArguments);
            QCOMPARE(QString::fromStdString(out["choices"][0]["finish_reason"]), stop);
            JCOMPARE(out["usage"]["prompt_tokens"], promptTokens);
        }
    }

    void streams_data()
    {
        QTest::addColumn<QString>("pair");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QStringList>("toolArguments");
        QTest::addColumn<QString>("stop");

        QTest::newRow("openai text > anthropic") << "openai>anthropic"
                                                 << "openai/stream_text.sse"
                                                 << "Tokyo is warmer right now."
                                                 << "" << QStringList() << "end_turn";
        QTest::newRow("openai parallel tools > anthropic")
            << "openai>anthropic"
            << "openai/stream_tool_calls.sse"
            << ""
            << "" << QStringList{R"({"city":"Paris"})", R"({"city":"Tokyo"})"} << "tool_use";
        QTest::newRow("deepseek reasoning > anthropic")
            << "openai>anthropic"
            << "openai/stream_reasoning.sse"
            << "9.8 is greater."
            << "Compare 9.11 and 9.8." << QStringList() << "end_turn";
        QTest::newRow("anthropic text > openai") << "anthropic>openai"
                                                 << "anthropic/stream_text.sse"
                                                 << "Tokyo is warmer right now."
                                                 << "" << QStringList() << "stop";
        QTest::newRow("anthropic tool_use > openai")
            << "anthropic>openai"
            << "anthropic/stream_tool_use.sse"
            << "I'll check the weather in Paris."
            << "" << QStringList{R"({"city":"Paris"})"} << "tool_calls";
        QTest::newRow("anthropic thinking > openai")
            << "anthropic>openai"
            << "anthropic/stream_thinking.sse"
            << "Tokyo is warmer."
            << "Paris is 18 C and Tokyo" << QStringList() << "stop";
        QTest::newRow("gemini text > openai") << "gemini>openai"
                                              << "gemini/stream_text.sse"
                                              << "Tokyo is warmer right now."
                                              << "" << QStringList() << "stop";
        QTest::newRow("gemini call > openai")
            << "gemini>openai"
            << "gemini/stream_function_call.sse"
            << "Let me check Paris."
            << "" << QStringList{R"({"city":"Paris"})"} << "tool_calls";
        QTest::newRow("gemini thought > openai")
            << "gemini>openai"
            << "gemini/stream_thought.sse"
            << "Tokyo is warmer."
            << "**Comparing temperatures**" << QStringList() << "stop";
        QTest::newRow("gemini call > anthropic")
            << "gemini>anthropic"
            << "gemini/stream_function_call.sse"
            << "Let me check Paris."
            << "" << QStringList{R"({"city":"Paris"})"} << "tool_use";
        QTest::newRow("gemini thought > anthropic")
            << "gemini>anthropic"
            << "gemini/stream_thought.sse"
            << "Tokyo is warmer."
            << "**Comparing temperatures**" << QStringList() << "end_turn";
    }

    void streams()
    {
        QFETCH(QString, pair);
        QFETCH(QString, file);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QStringList, toolArguments);
        QFETCH(QString, stop);
        for (int piece : {1, 7, 37, 100000}) {
            auto translator = responseTranslator(pair, true);
            const QList<SseEvent> events = replayStream(*translator, fixture(file), piece);
            QCOMPARE(translator->usage().promptTokens.value_or(-1) > 0, true);
            if (pair.endsWith(u"anthropic")) {
                const AnthropicMessage m = accumulateAnthropic(events);
                QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem));
                QCOMPARE(m.eventTypes.first(), QStringLiteral("message_start"));
                QCOMPARE(m.eventTypes.last(), QStringLiteral("message_stop"));
                JCOMPARE(m.message["model"], "client-model");
                QCOMPARE(QString::fromStdString(textOfBlocks(m.message["content"], "text", "text")),
                         text);
                QVERIFY(QString::fromStdString(
                            textOfBlocks(m.message["content"], "thinking", "thinking"))
                            .startsWith(reasoning));
                QStringList args;
                for (const Json &block : m.message["content"])
                    if (block["type"] == "tool_use")
                        args.append(QString::fromStdString(block["input"].dump()));
                QCOMPARE(args, toolArguments);
                QCOMPARE(QString::fromStdString(m.message["stop_reason"]), stop);
                QVERIFY(m.message["usage"]["output_tokens"].get<int>() > 0);
            } else {
                const OpenAiMessage m = accumulateOpenAi(events);
                QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem));
                QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
                QCOMPARE(QString::fromStdString(m.content), text);
                QVERIFY(QString::fromStdString(m.reasoning).startsWith(reasoning));
                QStringList args;
                for (const Json &call : m.toolCalls) {
                    QVERIFY(!call["id"].get<std::string>().empty());
                    JCOMPARE(call["name"], "get_weather");
                    args.append(QString::fromStdString(
                        Json::parse(call["arguments"].get<std::string>()).dump()));
                }
                QCOMPARE(args, toolArguments);
                QCOMPARE(QString::fromStdString(m.finishReason), stop);
                QVERIFY(m.usage.is_object());
                QVERIFY(m.usage["completion_tokens"].get<int>() > 0);
            }
        }
    }

    void geminiCallKeepsItsSignature()
    {
        auto translator = responseTranslator(QStringLiteral("gemini>openai"), false);
        const OpenAiMessage m = accumulateOpenAi(
            replayStream(*translator, fixture(QStringLiteral("gemini/stream_function_call.sse"))));
        QVERIFY(
            m.toolCalls[0]["extra_content"]["google"]["thought_signature"].get<std::string>().rfind(
                "CiQB", 0) == 0);
        QVERIFY(m.usage.is_null()); // the client did not ask for usage
    }

    void anthropicStreamErrorReachesOpenAiClient()
    {
        auto translator = responseTranslator(QStringLiteral("anthropic>openai"), false);
        const OpenAiMessage m = accumulateOpenAi(
            replayStream(*translator, fixture(QStringLiteral("anthropic/stream_error.sse"))));
        QCOMPARE(m.error, QStringLiteral("Overloaded"));
        QCOMPARE(QString::fromStdString(m.content), QStringLiteral("Tokyo is"));
    }

    void truncatedStreamsEndWithAnError_data()
    {
        QTest::addColumn<QString>("pair");
        QTest::addColumn<QString>("file");
        QTest::newRow("openai > anthropic") << "openai>anthropic"
                                            << "openai/stream_text.sse";
        QTest::newRow("anthropic > openai") << "anthropic>openai"
                                            << "anthropic/stream_text.sse";
        QTest::newRow("gemini > openai") << "gemini>openai"
                                         << "gemini/stream_text.sse";
        QTest::newRow("gemini > anthropic") << "gemini>anthropic"
                                            << "gemini/stream_text.sse";
    }

    void truncatedStreamsEndWithAnError()
    {
        // A provider that closes the stream cleanly but early must not look like a finished
        // answer to the client.
        QFETCH(QString, pair);
        QFETCH(QString, file);
        const QByteArray whole = fixture(file);
        const QByteArray firstHalf = whole.left(whole.indexOf("\n\n", whole.size() / 3) + 2);
        auto translator = responseTranslator(pair, false);
        const QList<SseEvent> events = replayStream(*translator, firstHalf);
        if (pair.endsWith(u"anthropic")) {
            const AnthropicMessage m = accumulateAnthropic(events);
            QCOMPARE(m.errorType, QStringLiteral("api_error"));
            QVERIFY(!m.eventTypes.contains(QStringLiteral("message_stop")));
        } else {
            const OpenAiMessage m = accumulateOpenAi(events);
            QVERIFY(!m.error.isEmpty());
            QVERIFY(!m.done);
        }
    }

    void fastDeltaAgreesWithTheParser()
    {
        int taken = 0;
        for (const char *file : {"openai/stream_text.sse", "openai/stream_reasoning.sse",
                                 "openai/stream_tool_calls.sse"}) {
            SseParser parser;
            for (const SseParser::Event &e : parser.feed(fixture(QString::fromLatin1(file)))) {
                const std::optional<std::string> fast = FastDelta::openAiText(e.data);
                if (!fast)
                    continue;
                ++taken;
                const Json chunk = json::parse(e.data);
                JCOMPARE(chunk["choices"][0]["delta"]["content"], *fast);
                QVERIFY(chunk["choices"][0]["finish_reason"].is_null());
            }
        }
        QCOMPARE(taken, 4); // the four text chunks of stream_text; reasoning and tools decline
        QCOMPARE(
            FastDelta::openAiText(
                R"({"choices":[{"index":0,"delta":{"content":"a\nb \u00e9"},"finish_reason":null}]})")
                .value_or("?"),
            std::string("a\nb \xc3\xa9"));
        for (
            const char *declined :
            {R"({"choices":[{"index":0,"delta":{"content":"x","role":"assistant"}}]})",
             R"({"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]})",
             R"({"choices":[{"index":0,"delta":{"content":"x"}},{"index":1,"delta":{"content":"y"}}]})",
             R"({"choices":[{"index":0,"delta":{"content":"bad \q escape"}}]})",
             R"({"choices":[{"index":1,"delta":{"content":"x"}}]})",
             R"({"choices":[{"index":0,"delta":{"content":"x"}}],"usage":{"prompt_tokens":1}})"})
            QVERIFY2(!FastDelta::openAiText(declined), declined);

        SseParser parser;
        int anthropicTaken = 0;
        for (const SseParser::Event &e :
             parser.feed(fixture(QStringLiteral("anthropic/stream_text.sse")))) {
            if (auto fast = FastDelta::anthropicText(e.data)) {
                ++anthropicTaken;
                const Json event = json::parse(e.data);
                JCOMPARE(event["delta"]["text"], fast->text);
                JCOMPARE(event["index"], fast->index);
            }
        }
        QCOMPARE(anthropicTaken, 3);
        QVERIFY(!FastDelta::anthropicText(
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x","extra":1}})"));
    }

    void passThroughHidesTheUsageChunkUnlessAsked()
    {
        for (bool asked : {false, true}) {
            PassThroughResponse pass(ApiFormat::OpenAiChat, asked);
            const QByteArray transcript = fixture(QStringLiteral("openai/stream_text.sse"));
            const QList<SseEvent> events = replayStream(pass, transcript);
            QByteArray out;
            for (const SseEvent &e : events)
                out += e.render();
            QCOMPARE(out.contains("\"choices\":[]"), asked);
            QCOMPARE(pass.usage().completionTokens.value_or(0), 7);
            if (asked)
                QCOMPARE(out, transcript);
        }
        PassThroughResponse anthropic(ApiFormat::AnthropicMessages, false);
        replayStream(anthropic, fixture(QStringLiteral("anthropic/stream_text.sse")));
        QCOMPARE(anthropic.usage().promptTokens.value_or(0), 15); // 11 + 4 read from cache
        QCOMPARE(anthropic.usage().completionTokens.value_or(0), 7);
    }

    // Codex acts on OpenAI's error codes (shrinks the context, stops on an empty account, waits
    // the "try again in" time): every provider's way of saying so becomes that code.
    void openAiClientsGetTheCodesTheyActOn_data()
    {
        QTest::addColumn<int>("upstream");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("hint");
        const int openAi = int(ApiFormat::OpenAiChat),
                  anthropic = int(ApiFormat::AnthropicMessages),
                  gemini = int(ApiFormat::GeminiGenerate);
        QTest::newRow("anthropic prompt too long")
            << anthropic << 400
            << QByteArray(R"({"type":"error","error":{"type":"invalid_request_error",)"
                          R"("message":"prompt is too long: 210000 tokens > 200000 maximum"}})")
            << QByteArray() << "context_length_exceeded"
            << "";
        QTest::newRow("gemini input too long")
            << gemini << 400
            << QByteArray("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\","
                          "\"message\":\"The input token count (1200000) exceeds the maximum "
                          "number of tokens allowed (1048576).\"}}")
            << QByteArray() << "context_length_exceeded"
            << "";
        QTest::newRow("deepseek context")
            << openAi << 400
            << QByteArray("{\"error\":{\"message\":\"This model\'s maximum context length is "
                          "65536 tokens. However, you requested 70000 tokens.\",\"type\":"
                          "\"invalid_request_error\",\"param\":null,\"code\":"
                          "\"invalid_request_error\"}}")
            << QByteArray() << "context_length_exceeded"
            << "";
        QTest::newRow("deepseek out of balance")
            << openAi << 402
            << QByteArray(R"({"error":{"message":"Insufficient Balance","type":"unknown_error",)"
                          R"("param":null,"code":"invalid_request_error"}})")
            << QByteArray() << "insufficient_quota"
            << "";
        QTest::newRow("anthropic out of credit")
            << anthropic << 400
            << QByteArray(R"({"type":"error","error":{"type":"invalid_request_error","message":)"
                          R"("Your credit balance is too low to access the Anthropic API."}})")
            << QByteArray() << "insufficient_quota"
            << "";
        QTest::newRow("anthropic rate limit")
            << anthropic << 429
            << QByteArray(R"({"type":"error","error":{"type":"rate_limit_error","message":)"
                          R"("Number of request tokens has exceeded your per-minute rate limit"}})")
            << QByteArray("20") << "rate_limit_exceeded"
            << "Please try again in 20s.";
    }

    void openAiClientsGetTheCodesTheyActOn()
    {
        QFETCH(int, upstream);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfter);
        QFETCH(QString, code);
        QFETCH(QString, hint);
        for (const ApiFormat client : {ApiFormat::OpenAiResponses, ApiFormat::OpenAiChat}) {
            if (ApiFormat(upstream) == client)
                continue; // passed through as the provider wrote it
            const auto mapped = UpstreamErrorMapper::map(ApiFormat(upstream), client, status, body,
                                                         QStringLiteral("p"), retryAfter);
            const Json error = json::parse(mapped.body)["error"];
            QCOMPARE(QString::fromStdString(error["code"]), code);
            QVERIFY2(QString::fromStdString(error["message"]).endsWith(hint),
                     error["message"].get<std::string>().c_str());
        }
        // The same error inside a stream that is already a Responses stream.
        auto translator = Translation::response(ApiFormat::OpenAiResponses, ApiFormat::OpenAiChat,
                                                "m", false, Json::object());
        QList<SseEvent> out;
        translator->translateEvent(SseParser::Event{{}, body, {}}, out);
        QVERIFY(!out.isEmpty());
        const Json failed = json::parse(out.back().data);
        JCOMPARE(failed["type"], "response.failed");
        QCOMPARE(QString::fromStdString(failed["response"]["error"]["code"]), code);
    }

    // The gateway's own refusals say the same to OpenAI's clients.
    void gatewayRateLimitsSayWhenToRetry()
    {
        const Json error =
            json::parse(ErrorBody::forClient(ApiFormat::OpenAiResponses, 429, "rate_limited",
                                             QStringLiteral("Keys resting."), "3"))["error"];
        JCOMPARE(error["code"], "rate_limit_exceeded");
        JCOMPARE(error["message"], "Keys resting. Please try again in 3s.");
        const Json quota =
            json::parse(ErrorBody::forClient(ApiFormat::OpenAiChat, 429, "insufficient_quota",
                                             QStringLiteral("No credit.")))["error"];
        JCOMPARE(quota["code"], "insufficient_quota");
        JCOMPARE(quota["message"], "No credit.");
    }

    void errors_data()
    {
        QTest::addColumn<int>("upstream");
        QTest::addColumn<int>("client");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("clientStatus");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        const int openAi = int(ApiFormat::OpenAiChat),
                  anthropic = int(ApiFormat::AnthropicMessages),
                  gemini = int(ApiFormat::GeminiGenerate);
        QTest::newRow("anthropic overloaded > openai")
            << anthropic << openAi << "anthropic/error_overloaded.json" << 529 << 503
            << "overloaded_error"
            << "Overloaded";
        QTest::newRow("anthropic invalid > openai")
            << anthropic << openAi << "anthropic/error_invalid_request.json" << 400 << 400
            << "invalid_request_error"
            << "roles must alternate";
        QTest::newRow("gemini exhausted > openai")
            << gemini << openAi << "gemini/error_resource_exhausted.json" << 429 << 429
            << "rate_limit_exceeded"
            << "Please try again in 35s.";
        QTest::newRow("gemini exhausted > anthropic")
            << gemini << anthropic << "gemini/error_resource_exhausted.json" << 429 << 429
            << "rate_limit_error"
            << "quota";
        QTest::newRow("openai rate limit > anthropic")
            << openAi << anthropic << "openai/error_rate_limit.json" << 429 << 429
            << "rate_limit_error"
            << "Rate limit";
        QTest::newRow("gemini invalid > anthropic")
            << gemini << anthropic << "gemini/error_invalid_argument.json" << 400 << 400
            << "invalid_request_error"
            << "";
    }

    void errors()
    {
        QFETCH(int, upstream);
        QFETCH(int, client);
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(int, clientStatus);
        QFETCH(QString, type);
        QFETCH(QString, message);
        const auto mapped = UpstreamErrorMapper::map(ApiFormat(upstream), ApiFormat(client), status,
                                                     fixture(file), QStringLiteral("p"));
        QCOMPARE(mapped.status, clientStatus);
        const Json body = json::parse(mapped.body);
        const Json &error = body["error"];
        if (ApiFormat(client) == ApiFormat::AnthropicMessages) {
            JCOMPARE(body["type"], "error");
            QCOMPARE(QString::fromStdString(error["type"]), type);
        } else {
            QCOMPARE(QString::fromStdString(error["code"]), type);
        }
        QVERIFY2(QString::fromStdString(error["message"]).contains(message, Qt::CaseInsensitive),
                 error["message"].dump().c_str());
        QVERIFY(mapped.summary.contains(QLatin1String("HTTP")));
    }

    void sameFormatErrorsPassThroughAndHtmlIsWrapped()
    {
        const QByteArray body = fixture(QStringLiteral("anthropic/error_overloaded.json"));
        const auto same =
            UpstreamErrorMapper::map(ApiFormat::AnthropicMessages, ApiFormat::AnthropicMessages,
                                     529, body, QStringLiteral("p"));
        JCOMPARE(same.body, body);
        QCOMPARE(same.status, 529);
        const auto html =
            UpstreamErrorMapper::map(ApiFormat::GeminiGenerate, ApiFormat::AnthropicMessages, 502,
                                     "<html><body>Bad gateway</body></html>", QStringLiteral("g"));
        const Json wrapped = json::parse(html.body);
        JCOMPARE(wrapped["error"]["type"], "api_error");
        QVERIFY(wrapped["error"]["message"].get<std::string>().find("Bad gateway") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTranslate)
#include "tst_translate.moc"
