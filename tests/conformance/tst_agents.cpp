// Conformance: the real coding agents, run headless as a user runs them, through LLMux in front of
// the fake OpenAI-compatible, Anthropic and Gemini providers: Codex CLI (`codex exec`, npm
// @openai/codex) on the Responses API, Claude Code (`claude -p`, @anthropic-ai/claude-code) on
// Anthropic Messages and Gemini CLI (`gemini -p`, @google/gemini-cli) on Gemini's API, all
// installed by the test setup (npm ci in tests/conformance). Each agent gets a throwaway home
// folder and working directory, and a tool-calling model makes it run a tool and send the result
// back before the provider answers in text.
#include "core/services/AgentWiring.h"
#include "core/store/RequestLogRepository.h"
#include "tests/integration/GatewayFixture.h"
#include "tests/integration/ProviderZoo.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

namespace {

// One agent run: its output lines, exit code, and what it said last.
struct AgentRun
{
    int exitCode = -1;
    QByteArray output;
    QList<QJsonObject> events; // JSON lines, for agents that print them
};

} // namespace

class TestAgents : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    ProviderZoo zoo;

    static QString binary(const char *name)
    {
        return QDir(QStringLiteral(LLMUX_CONFORMANCE_DIR))
            .absoluteFilePath(QStringLiteral("node_modules/.bin/") + QLatin1String(name));
    }

    // Runs a command with a fresh HOME, keeping the gateway's event loop turning meanwhile.
    AgentRun run(const QString &program, const QStringList &arguments, const QTemporaryDir &home,
                 const QMap<QString, QString> &vars)
    {
        AgentRun result;
        QDir(home.path()).mkpath(QStringLiteral("work"));
        QProcess agent;
        agent.setWorkingDirectory(home.filePath(QStringLiteral("work")));
        QProcessEnvironment env;
        for (const char *keep : {"PATH", "LANG", "TERM"})
            if (qEnvironmentVariableIsSet(keep))
                env.insert(QLatin1String(keep), qEnvironmentVariable(keep));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral(".config")));
        env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
        for (auto it = vars.begin(); it != vars.end(); ++it)
            env.insert(it.key(), it.value());
        agent.setProcessEnvironment(env);
        agent.setStandardInputFile(QProcess::nullDevice());
        agent.setProcessChannelMode(QProcess::MergedChannels);
        agent.start(program, arguments);
        if (!agent.waitForStarted(10000))
            return result;
        QDeadlineTimer deadline(120000);
        while (agent.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20);
        if (agent.state() != QProcess::NotRunning) {
            agent.kill();
            agent.waitForFinished(5000);
            result.output = "the agent did not finish within two minutes\n" + agent.readAll();
            return result;
        }
        result.exitCode = agent.exitCode();
        result.output = agent.readAll();
        for (const QByteArray &line : result.output.split('\n')) {
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                result.events.append(doc.object());
        }
        // One document over several lines (gemini -o json), after whatever the agent logged.
        if (const qsizetype brace = result.output.indexOf("\n{"); brace >= 0) {
            const QJsonDocument doc = QJsonDocument::fromJson(result.output.mid(brace + 1));
            if (doc.isObject())
                result.events.append(doc.object());
        } else if (result.events.isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(result.output);
            if (doc.isObject())
                result.events.append(doc.object());
        }
        return result;
    }

    // The entries LLMux logged since `before` for the model on one endpoint: every one answered
    // with its tokens counted; a tool turn takes at least two.
    // sessions: the agent names its session, and all its requests carry that one id.
    void checkLogged(qsizetype before, const QString &model, const QString &endpoint, bool tool,
                     bool sessions = false)
    {
        const QList<RequestLogEntry> all = f.log(200);
        QList<RequestLogEntry> mine;
        for (const RequestLogEntry &e : all.mid(0, all.size() - before))
            if (e.modelRequested == model && e.endpoint == endpoint)
                mine.append(e);
        QVERIFY(!mine.isEmpty());
        for (const RequestLogEntry &e : mine) {
            QCOMPARE(e.status, 200);
            QVERIFY(e.completionTokens.value_or(0) > 0);
        }
        if (tool)
            QVERIFY2(mine.size() >= 2, qPrintable(QString::number(mine.size())));
        if (sessions) {
            QVERIFY(!mine.first().session.isEmpty());
            for (const RequestLogEntry &e : mine)
                QCOMPARE(e.session, mine.first().session);
        }
    }

    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    QString rootUrl() const
    {
        QString root = f.gateway->baseUrl();
        root.chop(3); // without /v1: these agents add the API's path themselves
        return root;
    }

    // Sets the agent up as `llmux connect` does, in a home folder that already holds a file of
    // the user's, and returns that file's bytes for the check after undo.
    QByteArray connectAgent(AgentWiring &wiring, AgentWiring::Agent agent, const QString &model,
                            const QString &userFile, const QByteArray &userText)
    {
        writeFile(userFile, userText);
        const auto changes = wiring.plan(agent, {rootUrl(), QString::fromLatin1(f.key), model});
        if (!changes)
            qFatal("plan failed: %s", qPrintable(changes.error()));
        if (Status applied = wiring.apply(agent, changes.value(), QStringLiteral("test")); !applied)
            qFatal("apply failed: %s", qPrintable(applied.error()));
        return userText;
    }

    // After the run: undo puts the user's file back byte for byte and removes what LLMux made.
    static void checkUndo(AgentWiring &wiring, AgentWiring::Agent agent, const QString &userFile,
                          const QByteArray &userText, const QStringList &madeFiles)
    {
        QVERIFY(wiring.undo(agent).ok());
        QFile restored(userFile);
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QCOMPARE(restored.readAll(), userText);
        for (const QString &made : madeFiles)
            QVERIFY2(!QFile::exists(made), qPrintable(made));
        QVERIFY(!wiring.state(agent).connected);
    }

    static void providerRows()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("tool");
        QTest::newRow("openai-compatible provider") << "claude-x" << false;
        QTest::newRow("openai-compatible provider, tool turn") << "claude-tool" << true;
        // Not "sonnet": Claude Code reads that as its own alias for a Claude model.
        QTest::newRow("anthropic provider, thinking") << "sonnet-think" << false;
        QTest::newRow("anthropic provider, tool turn") << "sonnet-tool" << true;
        // Thinking on and a tool call: Anthropic wants the signed thinking back with the call.
        QTest::newRow("anthropic provider, thinking and a tool turn") << "sonnet-thinktool" << true;
        QTest::newRow("gemini provider") << "gem" << false;
        QTest::newRow("gemini provider, tool turn") << "gem-tool" << true;
        // A model the provider offers only through the Responses API (OpenAI's codex models).
        QTest::newRow("responses-only model, tool turn") << "codex-tool" << true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *agent : {"codex", "claude", "gemini"})
            QVERIFY2(QFile::exists(binary(agent)),
                     "An agent is missing: run 'npm ci' in tests/conformance (tests/run.sh does "
                     "it).");
        const QString error = f.start({}, [this](GatewayFixture &fx) { return zoo.addTo(fx); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void codexExec_data()
    {
        providerRows();
        // A provider with the Responses API of its own: passed through, not translated.
        QTest::newRow("openai provider with the Responses API") << "gpt-r" << false;
        QTest::newRow("openai provider with the Responses API, tool turn") << "gpt-r-tool" << true;
    }

    void codexExec()
    {
        QFETCH(QString, model);
        QFETCH(bool, tool);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        // The user's own config, with a comment, a profile and an MCP server LLMux must keep;
        // retries off so that a failure shows at once.
        AgentWiring wiring(home.path(), home.filePath(QStringLiteral("llmux-state")));
        const QString config = home.filePath(QStringLiteral(".codex/config.toml"));
        const QByteArray original = connectAgent(
            wiring, AgentWiring::Agent::Codex, model, config,
            "# mine\nmodel = \"gpt-5-codex\"\nmodel_reasoning_effort = \"high\"\n"
            "request_max_retries = 0\n\n[profiles.fast]\n"
            "model = \"o4-mini\"\n\n[mcp_servers.docs]\ncommand = \"false\"\nenabled = false\n");
        const qsizetype before = f.log(200).size();
        const AgentRun r = run(binary("codex"),
                               {QStringLiteral("exec"), QStringLiteral("--json"),
                                QStringLiteral("--skip-git-repo-check"),
                                QStringLiteral("--dangerously-bypass-approvals-and-sandbox"),
                                QStringLiteral("Say hello to the gateway")},
                               home, {});
        qInfo().noquote() << r.output.left(6000);
        QCOMPARE(r.exitCode, 0);
        // Codex's own account of the turn: an agent message from the provider, and the usage.
        QString lastMessage;
        bool turnCompleted = false;
        for (const QJsonObject &e : r.events) {
            const QJsonObject item = e.value(QStringLiteral("item")).toObject();
            if (e.value(QStringLiteral("type")).toString() == u"item.completed" &&
                item.value(QStringLiteral("type")).toString() == u"agent_message")
                lastMessage = item.value(QStringLiteral("text")).toString();
            turnCompleted =
                turnCompleted || e.value(QStringLiteral("type")).toString() == u"turn.completed";
        }
        QVERIFY(turnCompleted);
        QVERIFY2(lastMessage.startsWith(QStringLiteral("Hello from fake upstream")),
                 qPrintable(lastMessage));
        checkLogged(before, model, QStringLiteral("/responses"), tool, true);
        if (tool) // it answered the tool's result, not the prompt
            QVERIFY2(!lastMessage.contains(QStringLiteral("Say hello to the gateway")),
                     qPrintable(lastMessage));
        else
            QVERIFY(lastMessage.contains(QStringLiteral("Say hello to the gateway")));
        checkUndo(wiring, AgentWiring::Agent::Codex, config, original, {});
    }

    void claudeCode_data() { providerRows(); }

    void claudeCode()
    {
        QFETCH(QString, model);
        QFETCH(bool, tool);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        // The user's settings (a permission rule and a key of their own, which LLMux takes out
        // so that Claude Code is not asked to choose), then what `llmux connect` writes.
        AgentWiring wiring(home.path(), home.filePath(QStringLiteral("llmux-state")));
        const QString settings = home.filePath(QStringLiteral(".claude/settings.json"));
        const QByteArray original =
            connectAgent(wiring, AgentWiring::Agent::ClaudeCode, model, settings,
                         "{\"permissions\":{\"allow\":[\"Bash(ls:*)\"]},"
                         "\"env\":{\"ANTHROPIC_API_KEY\":\"sk-ant-mine\"}}");
        const qsizetype before = f.log(200).size();
        // Claude Code's background traffic off.
        const AgentRun r =
            run(binary("claude"),
                {QStringLiteral("-p"), QStringLiteral("Say hello to the gateway"),
                 QStringLiteral("--output-format"), QStringLiteral("json"),
                 QStringLiteral("--max-turns"), QStringLiteral("4")},
                home,
                {{QStringLiteral("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"), QStringLiteral("1")},
                 {QStringLiteral("DISABLE_TELEMETRY"), QStringLiteral("1")},
                 {QStringLiteral("DISABLE_AUTOUPDATER"), QStringLiteral("1")}});
        qInfo().noquote() << r.output.left(6000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.events.isEmpty());
        const QJsonObject result = r.events.last();
        QCOMPARE(result.value(QStringLiteral("is_error")).toBool(true), false);
        const QString answer = result.value(QStringLiteral("result")).toString();
        QVERIFY2(answer.contains(QStringLiteral("Hello from fake upstream")), qPrintable(answer));
        checkLogged(before, model, QStringLiteral("/messages"), tool, true);
        checkUndo(wiring, AgentWiring::Agent::ClaudeCode, settings, original, {});
    }

    void geminiCli_data() { providerRows(); }

    void geminiCli()
    {
        QFETCH(QString, model);
        QFETCH(bool, tool);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        // The user's settings (no usage statistics, telemetry or update checks), then what
        // `llmux connect gemini-cli` writes: the key and address in ~/.gemini/.env, the API-key
        // sign-in and the model in settings.json.
        AgentWiring wiring(home.path(), home.filePath(QStringLiteral("llmux-state")));
        const QString settings = home.filePath(QStringLiteral(".gemini/settings.json"));
        const QByteArray original = connectAgent(
            wiring, AgentWiring::Agent::GeminiCli, model, settings,
            R"({"privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false},)"
            R"("general":{"enableAutoUpdate":false,"enableAutoUpdateNotification":false}})");
        const qsizetype before = f.log(200).size();
        const AgentRun r =
            run(binary("gemini"),
                {QStringLiteral("-p"), QStringLiteral("Say hello to the gateway"),
                 QStringLiteral("-o"), QStringLiteral("json")},
                home, {{QStringLiteral("GEMINI_CLI_TRUST_WORKSPACE"), QStringLiteral("true")}});
        qInfo().noquote() << r.output.left(6000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.events.isEmpty());
        const QString answer = r.events.last().value(QStringLiteral("response")).toString();
        QVERIFY2(answer.contains(QStringLiteral("Hello from fake upstream")), qPrintable(answer));
        checkLogged(before, model, QStringLiteral("/models/{model}:streamGenerateContent"), tool);
        checkUndo(wiring, AgentWiring::Agent::GeminiCli, settings, original,
                  {home.filePath(QStringLiteral(".gemini/.env"))});
    }
};

QTEST_GUILESS_MAIN(TestAgents)
#include "tst_agents.moc"
