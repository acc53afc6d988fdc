// Conformance: the real coding agents, run headless as a user runs them, through LLMux in front of
// the fake OpenAI-compatible, Anthropic and Gemini providers. Codex CLI (`codex exec`, npm
// @openai/codex, installed by the test setup) speaks the Responses API; each agent gets a
// throwaway home folder and working directory, and a tool-calling model makes it run a tool and
// send the result back before the provider answers in text.
#include "core/store/RequestLogRepository.h"
#include "tests/integration/GatewayFixture.h"
#include "tests/integration/ProviderZoo.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
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
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(binary("codex")),
                 "Codex CLI is missing: run 'npm ci' in tests/conformance (tests/run.sh does it).");
        const QString error = f.start({}, [this](GatewayFixture &fx) { return zoo.addTo(fx); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void codexExec_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("tool");
        QTest::newRow("openai-compatible provider") << "claude-x" << false;
        QTest::newRow("openai-compatible provider, tool turn") << "claude-tool" << true;
        QTest::newRow("anthropic provider") << "sonnet" << false;
        QTest::newRow("anthropic provider, tool turn") << "sonnet-tool" << true;
        QTest::newRow("gemini provider") << "gem" << false;
        QTest::newRow("gemini provider, tool turn") << "gem-tool" << true;
    }

    void codexExec()
    {
        QFETCH(QString, model);
        QFETCH(bool, tool);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString codexHome = home.filePath(QStringLiteral(".codex"));
        QVERIFY(QDir().mkpath(codexHome));
        // What `llmux connect codex` writes, with retries off so a failure shows at once.
        QFile config(codexHome + QStringLiteral("/config.toml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("model = \"%1\"\n"
                                    "model_provider = \"llmux\"\n\n"
                                    "[model_providers.llmux]\n"
                                    "name = \"LLMux\"\n"
                                    "base_url = \"%2\"\n"
                                    "env_key = \"LLMUX_API_KEY\"\n"
                                    "wire_api = \"responses\"\n"
                                    "request_max_retries = 0\n"
                                    "stream_max_retries = 0\n")
                         .arg(model, f.gateway->baseUrl())
                         .toUtf8());
        config.close();
        const qsizetype before = f.log(200).size();
        const AgentRun r = run(binary("codex"),
                               {QStringLiteral("exec"), QStringLiteral("--json"),
                                QStringLiteral("--skip-git-repo-check"),
                                QStringLiteral("--dangerously-bypass-approvals-and-sandbox"),
                                QStringLiteral("Say hello to the gateway")},
                               home,
                               {{QStringLiteral("CODEX_HOME"), codexHome},
                                {QStringLiteral("LLMUX_API_KEY"), QString::fromLatin1(f.key)}});
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
        // LLMux's account: every call logged with its tokens; a tool turn is two calls, the
        // second carrying the tool's result (which the fake then talks about).
        const QList<RequestLogEntry> calls = f.log(200).mid(0, f.log(200).size() - before);
        QList<RequestLogEntry> mine;
        for (const RequestLogEntry &e : calls)
            if (e.modelRequested == model)
                mine.append(e);
        QVERIFY(!mine.isEmpty());
        for (const RequestLogEntry &e : mine) {
            QCOMPARE(e.endpoint, QStringLiteral("/responses"));
            QCOMPARE(e.status, 200);
            QVERIFY(e.completionTokens.value_or(0) > 0);
        }
        if (tool) {
            QVERIFY2(mine.size() >= 2, qPrintable(QString::number(mine.size())));
            QVERIFY2(!lastMessage.contains(QStringLiteral("Say hello to the gateway")),
                     qPrintable(lastMessage)); // it answered the tool's result, not the prompt
        } else {
            QVERIFY(lastMessage.contains(QStringLiteral("Say hello to the gateway")));
        }
    }
};

QTEST_GUILESS_MAIN(TestAgents)
#include "tst_agents.moc"
