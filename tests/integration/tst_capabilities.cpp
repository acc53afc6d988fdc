// Capability-aware routing through a real gateway over loopback: a route skips the targets whose
// model cannot take a request (images to a text-only model, a prompt over the context window)
// and says which capability was missing when none can; a request is fitted to the model that
// serves it (answer length, reasoning); edits made while the gateway runs take effect at once.
#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "tests/integration/GatewayFixture.h"
#include "tests/integration/ProviderZoo.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

const QByteArray kImage =
    R"({"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}})";

QByteArray chatWithImage(const QByteArray &model)
{
    return R"({"model":")" + model +
           R"(","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},)" +
           kImage + "]}]}";
}

} // namespace

class TestCapabilities : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    ProviderZoo zoo;
    qint64 anthropicId = 0;

    QString addRoute(GatewayFixture &fx, const QString &name,
                     const QList<std::pair<qint64, QString>> &targets)
    {
        RouteRecord r;
        r.pattern = name;
        for (const auto &[provider, model] : targets)
            r.targets.append({provider, {}, model, 1});
        const auto id = RouteRepository(*fx.db).save(r, false);
        return id ? QString() : id.error();
    }

    QString setUp(GatewayFixture &fx)
    {
        if (QString e = zoo.addTo(fx); !e.isEmpty())
            return e;
        const auto anthropic = ProviderRepository(*fx.db).findByName(QStringLiteral("anthropic"));
        anthropicId = anthropic && anthropic->has_value() ? (*anthropic)->id : 0;
        // deepseek-chat: text only, 8k answers (the presets); small-ctx: a 50-token window.
        ModelCapabilities small;
        small.contextWindow = 50;
        if (!ModelCapabilityRepository(*fx.db).set(fx.providerId, QStringLiteral("small-ctx"),
                                                   small))
            return QStringLiteral("cannot set capabilities");
        for (const auto &[name, model] : {std::pair{"ds", "deepseek-chat"}, {"small", "small-ctx"}})
            if (QString e = fx.addModel(QString::fromLatin1(name), QString::fromLatin1(model));
                !e.isEmpty())
                return e;
        const QString a = QStringLiteral("claude-fake");
        for (const QString &e :
             {addRoute(fx, QStringLiteral("vision"),
                       {{fx.providerId, QStringLiteral("deepseek-chat")}, {anthropicId, a}}),
              addRoute(fx, QStringLiteral("textonly"),
                       {{fx.providerId, QStringLiteral("deepseek-chat")},
                        {fx.providerId, QStringLiteral("deepseek-reasoner")}}),
              addRoute(fx, QStringLiteral("roomy"),
                       {{fx.providerId, QStringLiteral("small-ctx")}, {anthropicId, a}})})
            if (!e.isEmpty())
                return e;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = f.start({}, [this](GatewayFixture &fx) { return setUp(fx); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(anthropicId > 0);
    }

    void imagesSkipATextOnlyTarget()
    {
        const int before = f.upstream.requestCount();
        const auto r = f.chat(chatWithImage("vision"));
        QCOMPARE(r.status, 200);
        QCOMPARE(f.upstream.requestCount(), before); // never sent to the text-only model
        QCOMPARE(zoo.anthropic.lastRequestPath(), QByteArray("/v1/messages"));
        const RequestLogEntry e = f.log(1).first();
        QCOMPARE(e.provider, QStringLiteral("anthropic"));
        QCOMPARE(e.attempts, 1);
        QVERIFY2(e.attemptErrors.contains(QStringLiteral("takes no images")),
                 qPrintable(e.attemptErrors));
        // Text alone goes to the first target, as the route says.
        const auto text =
            f.chat(R"({"model":"vision","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(text.status, 200);
        QCOMPARE(f.upstream.requestCount(), before + 1);
    }

    void whenNoTargetCanTheErrorNamesTheCapability()
    {
        const auto one = f.chat(chatWithImage("ds"));
        QCOMPARE(one.status, 400);
        const Json error = json::parse(one.body)["error"];
        JCOMPARE(error["code"], "model_capability_missing");
        const QString message = QString::fromStdString(error["message"].get<std::string>());
        QVERIFY2(message.contains(QStringLiteral("fake/deepseek-chat")) &&
                     message.contains(QStringLiteral("takes no images")) &&
                     message.contains(QStringLiteral("llmux model set")),
                 qPrintable(message));

        const auto both = f.chat(chatWithImage("textonly"));
        QCOMPARE(both.status, 400);
        const QString all =
            QString::fromStdString(json::parse(both.body)["error"]["message"].get<std::string>());
        QVERIFY2(all.contains(QStringLiteral("No model of 'textonly'")) &&
                     all.contains(QStringLiteral("fake/deepseek-chat: it takes no images")) &&
                     all.contains(QStringLiteral("fake/deepseek-reasoner: it takes no images")),
                 qPrintable(all));

        // In the client's own format.
        const auto anthropic = f.send(f.rawRequest(
            "POST", "/v1/messages",
            R"({"model":"ds","max_tokens":100,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]})",
            "anthropic-version: 2023-06-01\r\n"));
        QCOMPARE(anthropic.status, 400);
        const Json body = json::parse(anthropic.body);
        JCOMPARE(body["type"], "error");
        JCOMPARE(body["error"]["type"], "invalid_request_error");
        const auto failed = f.log(1).first();
        QCOMPARE(failed.status, 400);
    }

    void longPromptsSkipASmallContextWindow()
    {
        const int before = f.upstream.requestCount();
        const auto shortPrompt =
            f.chat(R"({"model":"roomy","messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(shortPrompt.status, 200);
        QCOMPARE(f.upstream.requestCount(), before + 1);
        const QByteArray longText(400, 'x'); // about 100 tokens
        const auto longPrompt = f.chat(
            R"({"model":"roomy","messages":[{"role":"user","content":")" + longText + R"("}]})");
        QCOMPARE(longPrompt.status, 200);
        QCOMPARE(f.upstream.requestCount(), before + 1);
        QCOMPARE(f.log(1).first().provider, QStringLiteral("anthropic"));
        const auto alone = f.chat(R"({"model":"small","messages":[{"role":"user","content":")" +
                                  longText + R"("}]})");
        QCOMPARE(alone.status, 400);
        QVERIFY(alone.body.contains("context window of 50 tokens"));
    }

    // Claude Code asks for 32k tokens with thinking; deepseek-chat writes 8k and does not reason.
    void requestsAreFittedToTheModel()
    {
        const auto chat = f.chat(
            R"({"model":"ds","max_tokens":32000,"messages":[{"role":"user","content":"hi"}]})");
        QCOMPARE(chat.status, 200);
        JCOMPARE(json::parse(f.upstream.lastRequestBody())["max_tokens"], 8192);

        const auto claudeCode = f.send(f.rawRequest(
            "POST", "/v1/messages",
            R"({"model":"ds","max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":31999},"messages":[{"role":"user","content":"hi"}]})",
            "anthropic-version: 2023-06-01\r\n"));
        QCOMPARE(claudeCode.status, 200);
        const Json sent = json::parse(f.upstream.lastRequestBody());
        JCOMPARE(sent["max_tokens"], 8192);
        QVERIFY(!sent.contains("reasoning_effort"));
    }

    void editsReachTheRunningGateway()
    {
        ModelCapabilities vision;
        vision.images = true;
        QVERIFY(ModelCapabilityRepository(*f.db)
                    .set(f.providerId, QStringLiteral("deepseek-chat"), vision)
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            f.gateway->currentConfig()->capabilityEdits.contains(
                GatewayConfig::capabilityKey(f.providerId, QStringLiteral("deepseek-chat"))),
            5000);
        const int before = f.upstream.requestCount();
        const auto r = f.chat(chatWithImage("ds"));
        QCOMPARE(r.status, 200);
        QCOMPARE(f.upstream.requestCount(), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestCapabilities)
#include "tst_capabilities.moc"
