// Conformance: the official `openai`, `@anthropic-ai/sdk` and `@google/genai` npm packages,
// unmodified, against LLMux in front of fake OpenAI-compatible, Anthropic, Gemini and Azure
// providers — each client format (Chat, Responses, Messages, Gemini) against each provider format.
// The SDKs are installed by the test setup (npm ci in tests/conformance).
#include "tests/integration/GatewayFixture.h"
#include "tests/integration/ProviderZoo.h"

#include <QDir>
#include <QProcess>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestSdks : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    ProviderZoo zoo;

    void runScript(const QString &script, const QMap<QString, QString> &vars)
    {
        const QDir dir(QStringLiteral(LLMUX_CONFORMANCE_DIR));
        QProcess node;
        node.setWorkingDirectory(dir.absolutePath());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QString root = f.gateway->baseUrl();
        root.chop(3); // without /v1
        env.insert(QStringLiteral("LLMUX_BASE_URL"), f.gateway->baseUrl());
        env.insert(QStringLiteral("LLMUX_ROOT_URL"), root);
        env.insert(QStringLiteral("LLMUX_KEY"), QString::fromLatin1(f.key));
        for (auto it = vars.begin(); it != vars.end(); ++it)
            env.insert(it.key(), it.value());
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"), {script});
        QVERIFY2(node.waitForStarted(10000), "node is not installed");
        // The gateway and the fakes live on this thread's event loop too: keep it turning.
        QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 90000);
        const QByteArray output = node.readAll();
        qInfo().noquote() << output;
        QCOMPARE(node.exitCode(), 0);
        QVERIFY(output.contains("ALL OK"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QDir dir(QStringLiteral(LLMUX_CONFORMANCE_DIR));
        for (const char *package : {"openai", "@anthropic-ai/sdk", "@google/genai"})
            QVERIFY2(
                dir.exists(
                    QStringLiteral("node_modules/%1/package.json").arg(QLatin1String(package))),
                "An SDK is missing: run 'npm ci' in tests/conformance (tests/run.sh does it).");
        const QString error = f.start({}, [this](GatewayFixture &fx) { return zoo.addTo(fx); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void anthropicSdk_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("toolModel");
        QTest::addColumn<bool>("countTokens");
        QTest::newRow("openai-compatible provider") << "claude-x"
                                                    << "claude-tool" << false;
        QTest::newRow("gemini provider") << "gem"
                                         << "gem-tool" << true;
        QTest::newRow("anthropic provider") << "sonnet"
                                            << "sonnet-tool" << true;
    }

    void anthropicSdk()
    {
        QFETCH(QString, model);
        QFETCH(QString, toolModel);
        QFETCH(bool, countTokens);
        runScript(QStringLiteral("anthropic_sdk.mjs"),
                  {{QStringLiteral("LLMUX_MODEL"), model},
                   {QStringLiteral("LLMUX_TOOL_MODEL"), toolModel},
                   {QStringLiteral("LLMUX_COUNT_TOKENS"), countTokens ? "1" : "0"}});
        bool sawStream = false;
        for (const RequestLogEntry &e : f.log(20))
            sawStream = sawStream || (e.stream && e.endpoint == u"/messages" &&
                                      e.completionTokens.value_or(0) > 0);
        QVERIFY(sawStream);
    }

    void openAiSdk_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("toolModel");
        QTest::addColumn<QString>("embedModel");
        QTest::newRow("openai-compatible provider") << "gpt-fake"
                                                    << "claude-tool"
                                                    << "emb";
        QTest::newRow("anthropic provider") << "sonnet"
                                            << "sonnet-tool"
                                            << "";
        QTest::newRow("gemini provider") << "gem"
                                         << "gem-tool"
                                         << "gem-embed";
        QTest::newRow("azure provider") << "az"
                                        << ""
                                        << "";
    }

    void openAiSdk()
    {
        QFETCH(QString, model);
        QFETCH(QString, toolModel);
        QFETCH(QString, embedModel);
        QMap<QString, QString> vars = {{QStringLiteral("LLMUX_MODEL"), model}};
        if (!toolModel.isEmpty())
            vars.insert(QStringLiteral("LLMUX_TOOL_MODEL"), toolModel);
        if (!embedModel.isEmpty())
            vars.insert(QStringLiteral("LLMUX_EMBED_MODEL"), embedModel);
        runScript(QStringLiteral("openai_sdk.mjs"), vars);
        bool sawStream = false;
        for (const RequestLogEntry &e : f.log(20))
            sawStream = sawStream || (e.stream && e.completionTokens.value_or(0) == 7);
        QVERIFY(sawStream);
    }

    void openAiResponsesSdk_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("toolModel");
        QTest::newRow("openai-compatible provider") << "gpt-fake"
                                                    << "claude-tool";
        QTest::newRow("anthropic provider") << "sonnet"
                                            << "sonnet-tool";
        QTest::newRow("gemini provider") << "gem"
                                         << "gem-tool";
        QTest::newRow("azure provider") << "az"
                                        << "";
        QTest::newRow("openai provider with the Responses API") << "gpt-r"
                                                                << "gpt-r-tool";
    }

    void openAiResponsesSdk()
    {
        QFETCH(QString, model);
        QFETCH(QString, toolModel);
        QMap<QString, QString> vars = {{QStringLiteral("LLMUX_MODEL"), model}};
        if (!toolModel.isEmpty())
            vars.insert(QStringLiteral("LLMUX_TOOL_MODEL"), toolModel);
        runScript(QStringLiteral("openai_responses.mjs"), vars);
        bool sawStream = false;
        for (const RequestLogEntry &e : f.log(20))
            sawStream = sawStream || (e.endpoint == u"/responses" && e.stream &&
                                      e.completionTokens.value_or(0) == 7);
        QVERIFY(sawStream);
    }

    void genAiSdk_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("toolModel");
        QTest::addColumn<bool>("count");
        QTest::addColumn<QString>("embedModel");
        QTest::newRow("openai-compatible provider") << "gpt-fake"
                                                    << "claude-tool" << false << "emb";
        QTest::newRow("anthropic provider") << "sonnet"
                                            << "sonnet-tool" << true << "";
        QTest::newRow("gemini provider") << "gem"
                                         << "gem-tool" << true << "gem-embed";
        QTest::newRow("azure provider") << "az"
                                        << "" << false << "";
    }

    void genAiSdk()
    {
        QFETCH(QString, model);
        QFETCH(QString, toolModel);
        QFETCH(bool, count);
        QFETCH(QString, embedModel);
        QMap<QString, QString> vars = {{QStringLiteral("LLMUX_MODEL"), model}};
        if (!toolModel.isEmpty())
            vars.insert(QStringLiteral("LLMUX_TOOL_MODEL"), toolModel);
        if (count)
            vars.insert(QStringLiteral("LLMUX_COUNT"), QStringLiteral("1"));
        if (!embedModel.isEmpty())
            vars.insert(QStringLiteral("LLMUX_EMBED_MODEL"), embedModel);
        runScript(QStringLiteral("genai_sdk.mjs"), vars);
        bool sawStream = false;
        for (const RequestLogEntry &e : f.log(20))
            sawStream = sawStream || (e.endpoint.endsWith(u":streamGenerateContent") && e.stream &&
                                      e.completionTokens.value_or(0) == 7);
        QVERIFY(sawStream);
    }
};

QTEST_GUILESS_MAIN(TestSdks)
#include "tst_sdks.moc"
