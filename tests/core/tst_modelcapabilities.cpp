// Model capabilities: the presets for well-known models, the user's edits over them (stored in
// SQLite and seen by the resolver, for "provider/model" and wildcard targets too), what a request
// needs in each client format, and the edits that fit a request to a model.
#include "core/config/GatewayConfig.h"
#include "core/gateway/ModelResolver.h"
#include "core/store/Database.h"
#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/translate/RequestNeeds.h"
#include "tests/translate/StreamReplay.h"

#include <QTemporaryDir>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestModelCapabilities : public QObject
{
    Q_OBJECT

    static RequestNeeds needs(ApiFormat client, const char *body)
    {
        return RequestNeeds::of(client, Json::parse(body));
    }

private Q_SLOTS:
    void presetsForWellKnownModels()
    {
        const ModelCapabilities gpt4o = ModelCapabilities::presetFor(QStringLiteral("gpt-4o"));
        QCOMPARE(gpt4o.tools, true);
        QCOMPARE(gpt4o.images, true);
        QCOMPARE(gpt4o.reasoning, false);
        QCOMPARE(gpt4o.contextWindow, 128000);
        QCOMPARE(gpt4o.maxOutputTokens, 16384);
        QVERIFY(!gpt4o.responsesOnly);
        // OpenRouter's "vendor/model" names and dated snapshots find the same preset.
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("openai/gpt-4.1-mini")).contextWindow,
                 1047576);
        const ModelCapabilities sonnet =
            ModelCapabilities::presetFor(QStringLiteral("claude-sonnet-4-5-20250929"));
        QCOMPARE(sonnet.reasoning, true);
        QCOMPARE(sonnet.maxOutputTokens, 64000);
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("gpt-5-codex")).responsesOnly, true);
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("gpt-5.1-codex-mini")).responsesOnly,
                 true);
        QVERIFY(!ModelCapabilities::presetFor(QStringLiteral("gpt-5-mini")).responsesOnly);
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("deepseek-chat")).images, false);
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("deepseek-reasoner")).reasoning, true);
        QCOMPARE(ModelCapabilities::presetFor(QStringLiteral("gemini-2.5-pro")).contextWindow,
                 1048576);
        // Unknown models are assumed able: nothing is said about them.
        QVERIFY(ModelCapabilities::presetFor(QStringLiteral("llama3.1:8b")).isEmpty());
        QVERIFY(ModelCapabilities::presetFor(QStringLiteral("my-deployment")).isEmpty());
        QCOMPARE(gpt4o.summary(), QStringLiteral("tools, images, no reasoning, 128k context, "
                                                 "16k output"));
    }

    void editsOverridePresetsFieldByField()
    {
        ModelCapabilities edit;
        edit.images = true;
        edit.maxOutputTokens = 4096;
        const ModelCapabilities c =
            ModelCapabilities::presetFor(QStringLiteral("deepseek-chat")).overriddenBy(edit);
        QCOMPARE(c.images, true);
        QCOMPARE(c.maxOutputTokens, 4096);
        QCOMPARE(c.tools, true);           // from the preset
        QCOMPARE(c.contextWindow, 128000); // from the preset
    }

    void editsAreStoredAndReachTheResolver()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("caps.sqlite")));
        QVERIFY(db.open().ok());
        ProviderRecord p;
        p.name = QStringLiteral("ds");
        p.kind = QStringLiteral("deepseek");
        p.baseUrl = QStringLiteral("https://api.deepseek.com");
        const auto id = ProviderRepository(db).add(p);
        QVERIFY(id);
        ModelCapabilityRepository repo(db);
        ModelCapabilities edit;
        edit.images = true;
        edit.contextWindow = 64000;
        QVERIFY(repo.set(*id, QStringLiteral("deepseek-chat"), edit).ok());
        QCOMPARE(repo.find(*id, QStringLiteral("deepseek-chat")).value(), edit);
        QVERIFY(repo.find(*id, QStringLiteral("deepseek-reasoner")).value().isEmpty());
        const auto listed = repo.list();
        QVERIFY(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().providerName, QStringLiteral("ds"));
        QCOMPARE(listed->first().capabilities.contextWindow, 64000);
        QVERIFY(!listed->first().capabilities.tools); // left to the preset

        GatewayConfig config;
        auto endpoint = std::make_shared<ProviderEndpoint>();
        endpoint->record = p;
        endpoint->record.id = *id;
        config.providers.insert(QStringLiteral("ds"), endpoint);
        for (const ModelCapabilityRecord &r : listed.value())
            config.capabilityEdits.insert(
                GatewayConfig::capabilityKey(r.providerId, r.upstreamModel), r.capabilities);
        const auto direct = ModelResolver::resolve(config, QStringLiteral("ds/deepseek-chat"));
        QVERIFY(direct.target());
        QCOMPARE(direct.target()->capabilities.images, true);
        QCOMPARE(direct.target()->capabilities.contextWindow, 64000);
        QCOMPARE(direct.target()->capabilities.maxOutputTokens, 8192); // preset

        // Empty capabilities remove the edit: back to the preset.
        QVERIFY(repo.set(*id, QStringLiteral("deepseek-chat"), {}).ok());
        QVERIFY(repo.list()->isEmpty());
    }

    void needsInEveryClientFormat()
    {
        const RequestNeeds chat = needs(
            ApiFormat::OpenAiChat,
            R"({"model":"m","messages":[)"
            R"({"role":"user","content":[{"type":"text","text":"What is this?"},)"
            R"({"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}],)"
            R"("tools":[{"type":"function","function":{"name":"f"}}],"reasoning_effort":"low",)"
            R"("max_completion_tokens":900})");
        QVERIFY(chat.images);
        QVERIFY(chat.tools);
        QVERIFY(chat.reasoning);
        QCOMPARE(chat.maxOutputTokens, 900);

        // An image returned by a tool counts too.
        const RequestNeeds anthropic = needs(
            ApiFormat::AnthropicMessages,
            R"({"model":"m",)"
            R"("max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":2048},"messages":[)"
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[)"
            R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}]})");
        QVERIFY(anthropic.images);
        QVERIFY(!anthropic.tools);
        QVERIFY(anthropic.reasoning);
        QCOMPARE(anthropic.maxOutputTokens, 32000);

        const RequestNeeds responses = needs(
            ApiFormat::OpenAiResponses,
            R"({"model":"m",)"
            R"("input":[{"role":"user","content":[{"type":"input_image","image_url":"https://x/y.png"}]}],)"
            R"("reasoning":{"effort":"none"},"max_output_tokens":100})");
        QVERIFY(responses.images);
        QVERIFY(!responses.reasoning);
        QCOMPARE(responses.maxOutputTokens, 100);

        const RequestNeeds gemini = needs(
            ApiFormat::GeminiGenerate,
            R"({"contents":[{"role":)"
            R"("user","parts":[{"inlineData":{"mimeType":"application/pdf","data":"AAAA"}}]}],)"
            R"("generationConfig":{"maxOutputTokens":77,"thinkingConfig":{"thinkingBudget":0}}})");
        QVERIFY(!gemini.images); // a PDF is not an image
        QVERIFY(!gemini.reasoning);
        QCOMPARE(gemini.maxOutputTokens, 77);
        QVERIFY(needs(ApiFormat::GeminiGenerate, R"({"contents":[{"parts":[{"inlineData":)"
                                                 R"({"mimeType":"image/jpeg","data":"AAAA"}}]}]})")
                    .images);
        QVERIFY(!needs(ApiFormat::OpenAiChat, R"({"model":"m","messages":[],"tools":[]})").tools);
    }

    void promptEstimateCountsTextNotData()
    {
        const QByteArray text(4000, 'a'); // ~1000 tokens of text
        const QByteArray image(2000000, 'A');
        const RequestNeeds n = RequestNeeds::of(
            ApiFormat::AnthropicMessages,
            Json::parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        "\"text\",\"text\":\"" +
                        text.toStdString() +
                        "\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":"
                        "\"image/png\",\"data\":\"" +
                        image.toStdString() + "\"}}]}]}"));
        QVERIFY2(n.promptTokens >= 1000 && n.promptTokens < 1100,
                 qPrintable(QString::number(n.promptTokens)));
        // Other scripts: about two characters a token, counted low.
        const RequestNeeds cjk =
            needs(ApiFormat::OpenAiChat, R"({"model":"m","messages":[)"
                                         R"({"role":"user","content":"你好你好你好你好"}]})");
        QVERIFY(cjk.promptTokens >= 4 && cjk.promptTokens < 8);
    }

    void unmetCapabilitiesAreNamed()
    {
        RequestNeeds n;
        n.images = true;
        n.tools = true;
        n.promptTokens = 5000;
        ModelCapabilities able;
        QVERIFY(n.unmetBy(able).isEmpty()); // unknown counts as able
        ModelCapabilities textOnly;
        textOnly.images = false;
        QCOMPARE(n.unmetBy(textOnly), QStringLiteral("it takes no images"));
        ModelCapabilities noTools;
        noTools.tools = false;
        QCOMPARE(n.unmetBy(noTools), QStringLiteral("it takes no tools"));
        ModelCapabilities small;
        small.contextWindow = 4096;
        QVERIFY(n.unmetBy(small).contains(QStringLiteral("context window of 4096")));
    }

    void requestsAreFittedToTheModel()
    {
        ModelCapabilities c;
        c.maxOutputTokens = 8192;
        c.reasoning = false;
        TranslationNotes notes;
        Json chat = Json::parse(
            R"({"model":"m","max_tokens":32000,"reasoning_effort":"high","messages":[]})");
        QVERIFY(RequestFit::apply(ApiFormat::OpenAiChat, chat, c, notes));
        JCOMPARE(chat["max_tokens"], 8192);
        QVERIFY(!chat.contains("reasoning_effort"));
        QVERIFY(noted(notes, QStringLiteral("max_tokens")));
        QVERIFY(noted(notes, QStringLiteral("reasoning")));

        // Claude Code's request to a smaller model: the thinking budget stays below max_tokens.
        ModelCapabilities reasons;
        reasons.maxOutputTokens = 8192;
        Json anthropic =
            Json::parse(R"({"model":"m","max_tokens":32000,)"
                        R"("thinking":{"type":"enabled","budget_tokens":31999},"messages":[]})");
        QVERIFY(RequestFit::apply(ApiFormat::AnthropicMessages, anthropic, reasons, notes));
        JCOMPARE(anthropic["max_tokens"], 8192);
        JCOMPARE(anthropic["thinking"]["budget_tokens"], 8191);

        Json gemini = Json::parse(R"({"contents":[],"generationConfig":{"maxOutputTokens":100000,)"
                                  R"("thinkingConfig":{"thinkingBudget":1024}}})");
        QVERIFY(RequestFit::apply(ApiFormat::GeminiGenerate, gemini, c, notes));
        JCOMPARE(gemini["generationConfig"], Json({{"maxOutputTokens", 8192}}));

        Json responses = Json::parse(
            R"({"model":"m","input":"hi","max_output_tokens":9000,"reasoning":{"effort":"low"}})");
        QVERIFY(RequestFit::apply(ApiFormat::OpenAiResponses, responses, c, notes));
        JCOMPARE(responses, Json::parse(R"({"model":"m","input":"hi","max_output_tokens":8192})"));

        // Nothing to fit: the body is left alone.
        Json fine = Json::parse(R"({"model":"m","max_tokens":100,"messages":[]})");
        QVERIFY(!RequestFit::apply(ApiFormat::OpenAiChat, fine, c, notes));
    }
};

QTEST_GUILESS_MAIN(TestModelCapabilities)
#include "tst_modelcapabilities.moc"
