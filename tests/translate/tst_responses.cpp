// The OpenAI Responses API (what Codex CLI speaks) as a client format: its requests carried to
// every provider format through the Chat hub, and every provider's answer, whole or streamed in
// uneven pieces, rebuilt the way Codex and the OpenAI SDK rebuild a Responses stream.
#include "core/translate/ChatReading.h"
#include "core/translate/OpenAiToResponsesResponse.h"
#include "core/translate/ReasoningEnvelope.h"
#include "core/translate/ResponsesToOpenAiRequest.h"
#include "core/translate/Translation.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

Json toFormat(ApiFormat upstream, const Json &body, TranslationNotes &notes)
{
    const Result<Json> r = Translation::request(ApiFormat::OpenAiResponses, upstream, body, notes);
    if (!r)
        qFatal("translation failed: %s", qPrintable(r.error()));
    return *r;
}

QString refusalOf(const Json &body)
{
    TranslationNotes notes;
    const Result<Json> r =
        Translation::request(ApiFormat::OpenAiResponses, ApiFormat::OpenAiChat, body, notes);
    return r ? QString() : r.error();
}

std::unique_ptr<ResponseTranslator> fromProvider(ApiFormat upstream, const Json &request = {})
{
    return Translation::response(ApiFormat::OpenAiResponses, upstream, "client-model", false,
                                 request);
}

QByteArray chatStream(const QList<Json> &chunks, bool done = true)
{
    QByteArray out;
    for (const Json &chunk : chunks)
        out += "data: " + json::toBytes(chunk) + "\n\n";
    if (done)
        out += "data: [DONE]\n\n";
    return out;
}

Json deltaChunk(const Json &delta, const Json &finish = nullptr)
{
    return {
        {"id", "chatcmpl-1"},
        {"object", "chat.completion.chunk"},
        {"choices", Json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})}};
}

} // namespace

class TestResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void codexRequestToChat()
    {
        TranslationNotes notes;
        const Json out =
            toFormat(ApiFormat::OpenAiChat,
                     fixtureJson(QStringLiteral("responses/request_codex.json")), notes);
        const Json &m = out["messages"];
        JCOMPARE(m.size(), size_t(8));
        JCOMPARE(m[0], Json({{"role", "system"},
                             {"content", "You are Codex, a coding agent running in the user's "
                                         "terminal."}}));
        JCOMPARE(m[1]["role"], "system"); // developer
        JCOMPARE(m[2]["role"], "user");
        JCOMPARE(m[2]["content"][0],
                 Json({{"type", "text"}, {"text", "Fix the failing test in src/math.py"}}));
        JCOMPARE(m[2]["content"][1]["image_url"]["detail"], "auto");
        // The reasoning item's summary goes back with the tool call it preceded; OpenAI's own
        // encrypted content cannot be read by anyone else.
        JCOMPARE(m[3]["role"], "assistant");
        QVERIFY(m[3]["reasoning_content"].get<std::string>().find("read the test") !=
                std::string::npos);
        JCOMPARE(m[3]["content"], nullptr);
        JCOMPARE(m[3]["tool_calls"][0]["id"], "call_8kX2mQ4nR7vT1pW9");
        JCOMPARE(m[3]["tool_calls"][0]["function"]["name"], "shell");
        JCOMPARE(m[4], Json({{"role", "tool"},
                             {"tool_call_id", "call_8kX2mQ4nR7vT1pW9"},
                             {"content", "F.\nFAILED tests/test_math.py::test_add - assert 3 == "
                                         "4\n1 failed, 1 passed"}}));
        // Text and the freeform call of one turn are one assistant message.
        JCOMPARE(m[5]["content"], "The add function is off by one; patching it.");
        const Json &patch = m[5]["tool_calls"][0];
        JCOMPARE(patch["function"]["name"], "apply_patch");
        const Json patchArgs = Json::parse(patch["function"]["arguments"].get<std::string>());
        QVERIFY(patchArgs["input"].get<std::string>().rfind("*** Begin Patch\n", 0) == 0);
        JCOMPARE(m[6]["role"], "tool");
        JCOMPARE(m[6]["tool_call_id"], "call_3vB6nJ9sD2fH5kL8");
        JCOMPARE(m[7], Json({{"role", "user"}, {"content", "Run the tests again."}}));
        // Tools: the function as it is, the freeform tool as a function of one string with its
        // grammar in the description, the hosted web search left out.
        JCOMPARE(out["tools"].size(), size_t(2));
        JCOMPARE(out["tools"][0]["function"]["strict"], false);
        const Json &custom = out["tools"][1]["function"];
        JCOMPARE(custom["name"], "apply_patch");
        JCOMPARE(custom["parameters"]["required"], Json::array({"input"}));
        QVERIFY(custom["description"].get<std::string>().find("lark grammar") != std::string::npos);
        QVERIFY(noted(notes, QStringLiteral("tools")));
        JCOMPARE(out["parallel_tool_calls"], false);
        JCOMPARE(out["reasoning_effort"], "medium");
        JCOMPARE(out["stream"], true);
        JCOMPARE(out["stream_options"], Json({{"include_usage", true}}));
        JCOMPARE(out["prompt_cache_key"], "0199a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b");
        QVERIFY(!out.contains("store") && !out.contains("include"));
        QVERIFY(noted(notes, QStringLiteral("reasoning.encrypted_content")) == false);
    }

    void codexRequestToAnthropicAndGemini()
    {
        const Json request = fixtureJson(QStringLiteral("responses/request_codex.json"));
        TranslationNotes notes;
        const Json anthropic = toFormat(ApiFormat::AnthropicMessages, request, notes);
        QVERIFY(anthropic["system"].get<std::string>().find("You are Codex") != std::string::npos);
        const Json &tools = anthropic["tools"];
        JCOMPARE(tools.size(), size_t(2));
        JCOMPARE(tools[1]["name"], "apply_patch");
        JCOMPARE(tools[1]["input_schema"]["properties"]["input"]["type"], "string");
        // Roles alternate as Anthropic requires; the freeform call is a tool_use with its text.
        std::string previous;
        bool sawPatch = false;
        for (const Json &message : anthropic["messages"]) {
            QVERIFY(message["role"] != previous);
            previous = message["role"];
            for (const Json &block : message["content"])
                if (block.value("type", "") == "tool_use" && block["name"] == "apply_patch")
                    sawPatch = block["input"]["input"].get<std::string>().find("*** End Patch") !=
                               std::string::npos;
        }
        QVERIFY(sawPatch);
        JCOMPARE(anthropic["tool_choice"]["disable_parallel_tool_use"], true);

        const Json gemini = toFormat(ApiFormat::GeminiGenerate, request, notes);
        const Json &declarations = gemini["tools"][0]["functionDeclarations"];
        JCOMPARE(declarations.size(), size_t(2));
        JCOMPARE(declarations[1]["name"], "apply_patch");
        QVERIFY(gemini["systemInstruction"]["parts"][0]["text"].get<std::string>().find(
                    "You are Codex") != std::string::npos);
    }

    // Codex's multi-agent tools come as a namespace; the model calls them by a flat name, and the
    // call goes back to Codex with its namespace. Images a tool returns follow the tool message.
    void namespacesAndToolImages()
    {
        const Json request = {
            {"model", "m"},
            {"tools",
             Json::array({{{"type", "namespace"},
                           {"name", "multi_agent_v1"},
                           {"description", "Sub-agents"},
                           {"tools", Json::array({{{"type", "function"},
                                                   {"name", "close_agent"},
                                                   {"parameters", {{"type", "object"}}}}})}}})},
            {"input",
             Json::array(
                 {{{"type", "function_call"},
                   {"namespace", "multi_agent_v1"},
                   {"name", "close_agent"},
                   {"arguments", "{}"},
                   {"call_id", "call_n"}},
                  {{"type", "function_call"},
                   {"name", "view_image"},
                   {"arguments", "{\"path\":\"a.png\"}"},
                   {"call_id", "call_v"}},
                  {{"type", "function_call_output"}, {"call_id", "call_n"}, {"output", "closed"}},
                  {{"type", "function_call_output"},
                   {"call_id", "call_v"},
                   {"output", Json::array({{{"type", "input_image"},
                                            {"image_url", "data:image/png;base64,AAAA"},
                                            {"detail", "original"}}})}},
                  {{"role", "user"}, {"content", "What is in it?"}}})}};
        TranslationNotes notes;
        Json chat;
        try {
            chat = toFormat(ApiFormat::OpenAiChat, request, notes);
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
        JCOMPARE(chat["tools"][0]["function"]["name"], "multi_agent_v1__close_agent");
        const Json &m = chat["messages"];
        JCOMPARE(m[0]["tool_calls"][0]["function"]["name"], "multi_agent_v1__close_agent");
        JCOMPARE(m[1]["content"], "closed");
        JCOMPARE(m[2]["role"], "tool");
        JCOMPARE(m[2]["tool_call_id"], "call_v");
        JCOMPARE(m[3]["role"], "user"); // the image, after the turn's tool messages
        JCOMPARE(m[3]["content"][0]["image_url"]["url"], "data:image/png;base64,AAAA");
        JCOMPARE(m[4]["content"], "What is in it?");

        const Json answer = {
            {"choices",
             Json::array({{{"message",
                            {{"role", "assistant"},
                             {"tool_calls", Json::array({{{"id", "call_z"},
                                                          {"type", "function"},
                                                          {"function",
                                                           {{"name", "multi_agent_v1__close_agent"},
                                                            {"arguments", "{}"}}}}})}}},
                           {"finish_reason", "tool_calls"}}})}};
        auto translator = fromProvider(ApiFormat::OpenAiChat, request);
        Json out;
        try {
            out = json::parse(translator->translateBody(json::toBytes(answer)));
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
        JCOMPARE(out["output"][0]["namespace"], "multi_agent_v1");
        JCOMPARE(out["output"][0]["name"], "close_agent");
    }

    // The answer's translator reads the request's settings without trusting their shape.
    void oddRequestsNeverThrowFromTheTranslator()
    {
        for (const Json &request : {Json(), Json("text"), Json{{"model", "m"}},
                                    Json{{"reasoning", "high"},
                                         {"include", 3},
                                         {"tools", "x"},
                                         {"parallel_tool_calls", "yes"},
                                         {"text", 1}}}) {
            auto translator = fromProvider(ApiFormat::OpenAiChat, request);
            const Json out = json::parse(
                translator->translateBody(fixture(QStringLiteral("openai/response_text.json"))));
            JCOMPARE(out["status"], "completed");
        }
    }

    void structuredRequestToChat()
    {
        TranslationNotes notes;
        const Json out =
            toFormat(ApiFormat::OpenAiChat,
                     fixtureJson(QStringLiteral("responses/request_structured.json")), notes);
        JCOMPARE(out["messages"], Json::array({{{"role", "user"},
                                                {"content", "Extract the event: Alice and Bob "
                                                            "meet for lunch on Friday."}}}));
        JCOMPARE(out["response_format"]["type"], "json_schema");
        JCOMPARE(out["response_format"]["json_schema"]["name"], "calendar_event");
        JCOMPARE(out["response_format"]["json_schema"]["strict"], true);
        JCOMPARE(out["response_format"]["json_schema"]["schema"]["required"].size(), size_t(3));
        JCOMPARE(out["max_tokens"], 500);
        JCOMPARE(out["temperature"], 0.2);
        JCOMPARE(out["tool_choice"],
                 Json({{"type", "function"}, {"function", {{"name", "lookup"}}}}));
        QVERIFY(!out.contains("stream_options"));
    }

    void requestsThatCannotBeCarriedAreRefused()
    {
        QVERIFY(refusalOf({{"model", "m"}, {"input", "hi"}, {"previous_response_id", "resp_1"}})
                    .contains(QStringLiteral("previous_response_id")));
        QVERIFY(refusalOf({{"model", "m"},
                           {"input", Json::array({{{"type", "item_reference"}, {"id", "msg_1"}}})}})
                    .contains(QStringLiteral("item_reference")));
        QVERIFY(refusalOf({{"model", "m"},
                           {"input",
                            Json::array({{{"role", "user"},
                                          {"content", Json::array({{{"type", "input_image"},
                                                                    {"file_id", "file-1"}}})}}})}})
                    .contains(QStringLiteral("file_id")));
        QVERIFY(refusalOf({{"model", "m"}, {"input", Json::array({{{"role", "tool"}}})}})
                    .contains(QStringLiteral("role")));
        QVERIFY(refusalOf({{"model", "m"}, {"input", 42}}).contains(QStringLiteral("input")));
        QVERIFY(refusalOf({{"model", "m"}, {"input", Json::array({"text"})}})
                    .contains(QStringLiteral("object")));
    }

    void wholeAnswerWithToolCalls()
    {
        const Json request = {{"model", "m"},
                              {"tools", Json::array({{{"type", "custom"}, {"name", "apply_patch"}},
                                                     {{"type", "function"}, {"name", "shell"}}})}};
        const Json chat = {
            {"id", "chatcmpl-9"},
            {"object", "chat.completion"},
            {"choices",
             Json::array(
                 {{{"index", 0},
                   {"message",
                    {{"role", "assistant"},
                     {"content", "Patching."},
                     {"tool_calls",
                      Json::array(
                          {{{"id", "call_a"},
                            {"type", "function"},
                            {"function",
                             {{"name", "apply_patch"},
                              {"arguments", "{\"input\":\"*** Begin Patch\\n\"}"}}}},
                           {{"id", "call_b"},
                            {"type", "function"},
                            {"function",
                             {{"name", "shell"}, {"arguments", "{\"command\":[\"ls\"]}"}}}}})}}},
                   {"finish_reason", "tool_calls"}}})},
            {"usage",
             {{"prompt_tokens", 100},
              {"completion_tokens", 20},
              {"total_tokens", 120},
              {"prompt_tokens_details", {{"cached_tokens", 64}}}}}};
        auto translator = fromProvider(ApiFormat::OpenAiChat, request);
        const Json out = json::parse(translator->translateBody(json::toBytes(chat)));
        JCOMPARE(out["object"], "response");
        JCOMPARE(out["status"], "completed");
        JCOMPARE(out["model"], "client-model");
        QVERIFY(out["id"].get<std::string>().rfind("resp_", 0) == 0);
        const Json &output = out["output"];
        JCOMPARE(output.size(), size_t(3));
        JCOMPARE(output[0]["type"], "message");
        JCOMPARE(output[0]["content"][0]["text"], "Patching.");
        JCOMPARE(output[1]["type"], "custom_tool_call");
        JCOMPARE(output[1]["call_id"], "call_a");
        JCOMPARE(output[1]["input"], "*** Begin Patch\n");
        JCOMPARE(output[2]["type"], "function_call");
        JCOMPARE(output[2]["arguments"], "{\"command\":[\"ls\"]}");
        JCOMPARE(out["usage"], Json({{"input_tokens", 100},
                                     {"input_tokens_details", {{"cached_tokens", 64}}},
                                     {"output_tokens", 20},
                                     {"output_tokens_details", {{"reasoning_tokens", 0}}},
                                     {"total_tokens", 120}}));
        QCOMPARE(translator->usage().promptTokens.value_or(-1), 100);
        QCOMPARE(translator->usage().completionTokens.value_or(-1), 20);
    }

    // Reasoning a provider streamed goes out as a reasoning item and, when the client asks for
    // encrypted content, comes back on the next turn as the provider's reasoning_content.
    void reasoningTravelsInEncryptedContent()
    {
        const Json request = {{"model", "m"},
                              {"reasoning", {{"effort", "high"}, {"summary", "auto"}}},
                              {"include", Json::array({"reasoning.encrypted_content"})}};
        auto translator = fromProvider(ApiFormat::OpenAiChat, request);
        const Json out = json::parse(
            translator->translateBody(fixture(QStringLiteral("openai/response_reasoning.json"))));
        const Json &reasoning = out["output"][0];
        JCOMPARE(reasoning["type"], "reasoning");
        JCOMPARE(reasoning["summary"][0]["type"], "summary_text");
        const std::string thought = reasoning["summary"][0]["text"];
        QVERIFY(thought.find("9.80") != std::string::npos);
        JCOMPARE(out["usage"]["output_tokens_details"]["reasoning_tokens"], 29);
        const std::string sealed = reasoning["encrypted_content"];
        QVERIFY(sealed.find("9.80") == std::string::npos); // opaque to the client
        QCOMPARE(QString::fromStdString(ReasoningEnvelope::decode(sealed)->text),
                 QString::fromStdString(thought));

        // The next turn sends the items back; the summary is dropped from view, the sealed text
        // is what goes to the provider.
        Json echoed = reasoning;
        echoed["summary"] = Json::array();
        Json next = {{"model", "m"},
                     {"input", Json::array({{{"role", "user"}, {"content", "Why?"}}})}};
        next["input"].push_back(echoed);
        next["input"].push_back(out["output"][1]);
        next["input"].push_back({{"role", "user"}, {"content", "Thanks"}});
        TranslationNotes notes;
        const Json chat = toFormat(ApiFormat::OpenAiChat, next, notes);
        JCOMPARE(chat["messages"][1]["role"], "assistant");
        JCOMPARE(chat["messages"][1]["reasoning_content"], thought);
        JCOMPARE(chat["messages"][1]["content"], "9.11 is smaller than 9.8, so 9.8 is greater.");
        // Without a summary requested, the reasoning is the item's content.
        auto plain = fromProvider(ApiFormat::OpenAiChat, {{"model", "m"}});
        const Json raw = json::parse(
            plain->translateBody(fixture(QStringLiteral("openai/response_reasoning.json"))));
        JCOMPARE(raw["output"][0]["content"][0]["type"], "reasoning_text");
        QVERIFY(!raw["output"][0].contains("encrypted_content"));
        QVERIFY(!ReasoningEnvelope::decode("gAAAAABoweTp"));
        QVERIFY(!ReasoningEnvelope::decode("llmux1:!!!"));
    }

    // Anthropic's signed thinking goes out sealed and comes back in front of the tool call it
    // led to: with thinking on, Anthropic refuses a tool turn without it.
    void signedThinkingComesBackToAnthropic()
    {
        const Json request = {{"model", "m"},
                              {"reasoning", {{"effort", "high"}, {"summary", "auto"}}},
                              {"include", Json::array({"reasoning.encrypted_content"})}};
        auto translator = fromProvider(ApiFormat::AnthropicMessages, request);
        const ResponsesResult r = accumulateResponses(replayStream(
            *translator, fixture(QStringLiteral("anthropic/stream_thinking.sse")), 19));
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        const Json reasoning = r.items.front();
        JCOMPARE(reasoning["type"], "reasoning");
        const std::optional<ReasoningEnvelope> sealed =
            ReasoningEnvelope::decode(reasoning["encrypted_content"]);
        QVERIFY(sealed);
        JCOMPARE(sealed->thinkingBlocks.size(), size_t(1));
        const std::string thought = "Paris is 18 C and Tokyo is 24 C, so Tokyo is warmer.";
        JCOMPARE(sealed->thinkingBlocks[0]["thinking"], thought);
        QVERIFY(sealed->thinkingBlocks[0]["signature"].get<std::string>().rfind("EqQBCgIYAhIM",
                                                                                0) == 0);

        // The next turn as Codex sends it: the reasoning item, the call, its output.
        Json echoed = reasoning;
        echoed["summary"] = Json::array();
        const Json call = {{"type", "function_call"},
                           {"call_id", "toolu_01"},
                           {"name", "get_weather"},
                           {"arguments", R"({"city":"Paris"})"}};
        const Json output = {
            {"type", "function_call_output"}, {"call_id", "toolu_01"}, {"output", "18 C"}};
        Json next = {
            {"model", "m"},
            {"reasoning", {{"effort", "high"}}},
            {"max_output_tokens", 32000},
            {"input",
             Json::array({{{"role", "user"}, {"content", "Weather?"}}, echoed, call, output})}};
        TranslationNotes notes;
        const Json anthropic = toFormat(ApiFormat::AnthropicMessages, next, notes);
        JCOMPARE(anthropic["thinking"]["type"], "enabled");
        const Json &turn = anthropic["messages"][1]["content"];
        JCOMPARE(turn[0]["type"], "thinking");
        JCOMPARE(turn[0]["thinking"], thought);
        JCOMPARE(turn[0]["signature"], sealed->thinkingBlocks[0]["signature"]);
        JCOMPARE(turn[1]["type"], "tool_use");
        QVERIFY(!noted(notes, QStringLiteral("reasoning_effort")));
        // An OpenAI-compatible provider never sees the blocks.
        const Json chat = toFormat(ApiFormat::OpenAiChat, next, notes);
        QVERIFY(!chat["messages"][1].contains(chat::kThinkingBlocks));
        JCOMPARE(chat["messages"][1]["reasoning_content"], thought);

        // A client that did not keep the reasoning: that request goes without thinking rather
        // than being refused.
        next["input"].erase(1);
        TranslationNotes without;
        const Json bare = toFormat(ApiFormat::AnthropicMessages, next, without);
        QVERIFY(!bare.contains("thinking"));
        QVERIFY(noted(without, QStringLiteral("reasoning_effort")));

        // The whole answer (not streamed) seals the same blocks.
        auto plain = fromProvider(ApiFormat::AnthropicMessages, request);
        const Json whole = json::parse(
            plain->translateBody(fixture(QStringLiteral("anthropic/response_thinking.json"))));
        const std::optional<ReasoningEnvelope> wholeSealed =
            ReasoningEnvelope::decode(whole["output"][0]["encrypted_content"]);
        QVERIFY(wholeSealed && !wholeSealed->thinkingBlocks.empty());
        QVERIFY(!wholeSealed->thinkingBlocks[0]["signature"].get<std::string>().empty());
    }

    // Gemini's thought signature on a function call travels in a reasoning item before the call
    // and is back on that call in the next request.
    void thoughtSignaturesComeBackToGemini()
    {
        const Json request = {{"model", "m"},
                              {"include", Json::array({"reasoning.encrypted_content"})}};
        const std::string signature =
            "CiQB0e2Kb7sT4vq1Xm9zP3wLQ8dN6rYcJ5uHfE2aGkW0iS7oVtMSkAEB0e2Kbx"
            "R4nQ1pZ8yW3vL6cT9sJ2mF5hD0aXkE7gU4iO1qN";
        for (const bool streamed : {true, false}) {
            auto translator = fromProvider(ApiFormat::GeminiGenerate, request);
            std::vector<Json> items;
            if (streamed) {
                const ResponsesResult r = accumulateResponses(replayStream(
                    *translator, fixture(QStringLiteral("gemini/stream_function_call.sse")), 13));
                QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
                items = r.items;
            } else {
                const Json whole = json::parse(translator->translateBody(
                    fixture(QStringLiteral("gemini/response_function_call.json"))));
                items.assign(whole["output"].begin(), whole["output"].end());
            }
            const auto reasoning = std::find_if(
                items.begin(), items.end(), [](const Json &i) { return i["type"] == "reasoning"; });
            const auto call = std::find_if(items.begin(), items.end(), [](const Json &i) {
                return i["type"] == "function_call";
            });
            QVERIFY(reasoning != items.end() && call != items.end() && reasoning < call);
            QVERIFY(!reasoning->contains("content")); // nothing to show, only the signature
            Json next = {{"model", "m"},
                         {"input", Json::array({{{"role", "user"}, {"content", "Weather?"}},
                                                *reasoning,
                                                *call,
                                                {{"type", "function_call_output"},
                                                 {"call_id", (*call)["call_id"]},
                                                 {"output", "18 C"}}})}};
            TranslationNotes notes;
            const Json gemini = toFormat(ApiFormat::GeminiGenerate, next, notes);
            const Json &part = gemini["contents"][1]["parts"][0];
            QVERIFY(part.contains("functionCall"));
            JCOMPARE(part["thoughtSignature"], signature);
        }
    }

    void providerStreamsBecomeResponsesStreams_data()
    {
        QTest::addColumn<int>("upstream");
        QTest::addColumn<QString>("transcript");
        QTest::addColumn<QStringList>("itemTypes");
        QTest::addColumn<int>("pieceSize");
        const int openAi = int(ApiFormat::OpenAiChat),
                  anthropic = int(ApiFormat::AnthropicMessages),
                  gemini = int(ApiFormat::GeminiGenerate);
        const QString message = QStringLiteral("message"), call = QStringLiteral("function_call"),
                      reasoning = QStringLiteral("reasoning");
        QTest::newRow("openai text")
            << openAi << "openai/stream_text.sse" << QStringList{message} << 37;
        QTest::newRow("openai text bytewise")
            << openAi << "openai/stream_text.sse" << QStringList{message} << 1;
        QTest::newRow("openai tools")
            << openAi << "openai/stream_tool_calls.sse" << QStringList{call, call} << 53;
        QTest::newRow("openai reasoning")
            << openAi << "openai/stream_reasoning.sse" << QStringList{reasoning, message} << 29;
        QTest::newRow("anthropic text")
            << anthropic << "anthropic/stream_text.sse" << QStringList{message} << 41;
        QTest::newRow("anthropic tools")
            << anthropic << "anthropic/stream_tool_use.sse" << QStringList{message, call} << 17;
        QTest::newRow("anthropic thinking") << anthropic << "anthropic/stream_thinking.sse"
                                            << QStringList{reasoning, message} << 64;
        QTest::newRow("gemini text")
            << gemini << "gemini/stream_text.sse" << QStringList{message} << 23;
        // A stored response (the default) keeps Gemini's thought signature for the call in a
        // reasoning item of its own.
        QTest::newRow("gemini call") << gemini << "gemini/stream_function_call.sse"
                                     << QStringList{message, reasoning, call} << 31;
    }

    void providerStreamsBecomeResponsesStreams()
    {
        QFETCH(int, upstream);
        QFETCH(QString, transcript);
        QFETCH(QStringList, itemTypes);
        QFETCH(int, pieceSize);
        const Json request = {{"model", "m"}, {"reasoning", {{"summary", "auto"}}}};
        auto translator = fromProvider(ApiFormat(upstream), request);
        const ResponsesResult r =
            accumulateResponses(replayStream(*translator, fixture(transcript), pieceSize));
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem + u'\n' + r.eventTypes.join(u' ')));
        JCOMPARE(r.response["status"], "completed");
        QStringList types;
        for (const Json &item : r.items) {
            types << QString::fromStdString(item["type"]);
            const std::string id = item["id"];
            // What the deltas said is what the finished item holds.
            if (item["type"] == "message") {
                QVERIFY(!item["content"][0]["text"].get<std::string>().empty());
                JCOMPARE(item["content"][0]["text"], r.deltas.at(id));
            } else if (item["type"] == "function_call") {
                JCOMPARE(item["arguments"], r.deltas.at(id));
                QVERIFY(Json::parse(item["arguments"].get<std::string>()).is_object());
                QVERIFY(!item["call_id"].get<std::string>().empty());
            } else if (item["type"] == "reasoning" && !item["summary"].empty()) {
                JCOMPARE(item["summary"][0]["text"], r.deltas.at(id));
            }
        }
        QCOMPARE(types, itemTypes);
        JCOMPARE(r.response["output"], r.items);
        QVERIFY(r.response["usage"]["input_tokens"].get<int>() > 0);
        QVERIFY(r.response["usage"]["output_tokens"].get<int>() > 0);
        QVERIFY(translator->usage().promptTokens.has_value());
    }

    // A freeform tool's call streams as JSON arguments; the client gets its raw text.
    void customToolCallStream()
    {
        const Json request = {
            {"model", "m"},
            {"tools", Json::array({{{"type", "custom"}, {"name", "apply_patch"}}})}};
        const std::string patch =
            "*** Begin Patch\n*** Add File: a.txt\n+hello \"world\"\n*** End Patch\n";
        const std::string args = Json{{"input", patch}}.dump();
        QList<Json> chunks;
        chunks << deltaChunk({{"role", "assistant"}, {"content", "Writing the file."}});
        chunks << deltaChunk(
            {{"tool_calls",
              Json::array(
                  {{{"index", 0},
                    {"id", "call_p"},
                    {"type", "function"},
                    {"function", {{"name", "apply_patch"}, {"arguments", args.substr(0, 9)}}}}})}});
        chunks << deltaChunk(
            {{"tool_calls",
              Json::array({{{"index", 0}, {"function", {{"arguments", args.substr(9)}}}}})}});
        chunks << deltaChunk(Json::object(), "tool_calls");
        auto translator = fromProvider(ApiFormat::OpenAiChat, request);
        const ResponsesResult r =
            accumulateResponses(replayStream(*translator, chatStream(chunks), 11));
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        JCOMPARE(r.items.size(), size_t(2));
        const Json &call = r.items[1];
        JCOMPARE(call["type"], "custom_tool_call");
        JCOMPARE(call["name"], "apply_patch");
        JCOMPARE(call["call_id"], "call_p");
        JCOMPARE(call["input"], patch);
        JCOMPARE(r.deltas.at(call["id"].get<std::string>()), patch);
        QVERIFY(r.eventTypes.contains(QStringLiteral("response.custom_tool_call_input.done")));
        QVERIFY(!r.eventTypes.contains(QStringLiteral("response.function_call_arguments.delta")));
        // No usage chunk came: the response still closes, with null usage.
        JCOMPARE(r.response["usage"], nullptr);
    }

    void streamEndings()
    {
        // Cut at the token limit: incomplete, with the reason.
        {
            auto translator = fromProvider(ApiFormat::OpenAiChat, {{"model", "m"}});
            const ResponsesResult r = accumulateResponses(
                replayStream(*translator, chatStream({deltaChunk({{"content", "Once upon"}}),
                                                      deltaChunk(Json::object(), "length")})));
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            QCOMPARE(r.eventTypes.last(), QStringLiteral("response.incomplete"));
            JCOMPARE(r.response["incomplete_details"]["reason"], "max_output_tokens");
        }
        // The provider stops mid-answer: failed, never completed.
        {
            auto translator = fromProvider(ApiFormat::OpenAiChat, {{"model", "m"}});
            const ResponsesResult r = accumulateResponses(replayStream(
                *translator, chatStream({deltaChunk({{"content", "Once upon"}})}, false)));
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            QCOMPARE(r.eventTypes.last(), QStringLiteral("response.failed"));
            JCOMPARE(r.response["status"], "failed");
            QVERIFY(!r.response["error"]["message"].get<std::string>().empty());
        }
        // An error event from the provider mid-stream keeps its code.
        {
            auto translator = fromProvider(ApiFormat::OpenAiChat, {{"model", "m"}});
            const ResponsesResult r = accumulateResponses(
                replayStream(*translator, chatStream({deltaChunk({{"content", "Hi"}}),
                                                      {{"error",
                                                        {{"message", "Rate limit reached"},
                                                         {"type", "requests"},
                                                         {"code", "rate_limit_exceeded"}}}}})));
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            JCOMPARE(r.response["error"]["code"], "rate_limit_exceeded");
        }
        // The gateway gives up after the stream began (a timeout): the failure continues the
        // numbering and names the same response.
        {
            auto translator = fromProvider(ApiFormat::OpenAiChat, {{"model", "m"}});
            QList<SseEvent> events;
            SseParser parser;
            for (const SseParser::Event &e :
                 parser.feed(chatStream({deltaChunk({{"content", "Hi"}})}, false)))
                translator->translateEvent(e, events);
            const QByteArray failure =
                translator->streamFailure(504, "upstream_timeout", QStringLiteral("too slow"));
            for (const SseParser::Event &e : parser.feed(failure))
                events.append(SseEvent{e.event, e.data, {}});
            const ResponsesResult r = accumulateResponses(events);
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            JCOMPARE(r.response["error"]["code"], "upstream_timeout");
            QVERIFY(translator->streamFailure(504, "again", QString()).isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestResponses)
#include "tst_responses.moc"
