// `llmux connect`'s core: each agent's files edited so that only what LLMux owns changes, the
// edits refused (changing nothing) when a file cannot be read as its format, and the wiring's
// originals, atomic writes, half-way failures and byte-for-byte undo.
#include "core/services/AgentConfigEdit.h"
#include "core/services/AgentWiring.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;
using Json = nlohmann::ordered_json;

namespace {

const AgentTarget kTarget{QStringLiteral("http://127.0.0.1:5569"), QStringLiteral("sk-llmux-new"),
                          QStringLiteral("deepseek-chat")};

// A Codex config as people keep them: comments, profiles, MCP servers, an older LLMux table.
const QByteArray kCodexConfig = "# Codex settings, kept by hand\n"
                                "model = \"gpt-5-codex\"  # my default\n"
                                "approval_policy = \"on-request\"\n"
                                "\n"
                                "[profiles.work]\n"
                                "model = \"o3\"\n"
                                "\n"
                                "[model_providers.llmux]\n"
                                "name = \"old\"\n"
                                "base_url = \"http://127.0.0.1:1/v1\"\n"
                                "\n"
                                "# MCP servers\n"
                                "[mcp_servers.docs]\n"
                                "command = \"npx\"\n"
                                "args = [\"-y\", \"docs-mcp\"]\n";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

void write(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestAgentWiring : public QObject
{
    Q_OBJECT private Q_SLOTS : void codexKeepsEverythingElse()
    {
        const Result<QByteArray> out = AgentConfigEdit::codexConfig(kCodexConfig, kTarget);
        QVERIFY2(out.ok(), qPrintable(out.error()));
        const QList<QByteArray> lines = out->split('\n');
        QCOMPARE(lines[0], QByteArray("# Codex settings, kept by hand"));
        QVERIFY(out->contains("\nmodel = \"deepseek-chat\"\n"));
        QVERIFY(out->contains("model_provider = \"llmux\"\n"));
        QVERIFY(!out->contains("gpt-5-codex"));
        // Everything LLMux does not own, byte for byte, in its place.
        QVERIFY(out->contains("approval_policy = \"on-request\"\n\n[profiles.work]\nmodel = "
                              "\"o3\"\n"));
        QVERIFY(out->contains("\n# MCP servers\n[mcp_servers.docs]\ncommand = \"npx\"\nargs = "
                              "[\"-y\", \"docs-mcp\"]\n"));
        // The old table replaced where it was, once.
        QCOMPARE(out->count("[model_providers.llmux]"), 1);
        QVERIFY(out->contains("[model_providers.llmux]\nname = \"LLMux\"\nbase_url = "
                              "\"http://127.0.0.1:5569/v1\"\nwire_api = \"responses\"\n"
                              "experimental_bearer_token = \"sk-llmux-new\"\n\n# MCP servers"));
        QVERIFY(!out->contains("127.0.0.1:1/"));
        QCOMPARE(AgentConfigEdit::codexBaseUrl(*out), QStringLiteral("http://127.0.0.1:5569/v1"));
        QVERIFY(AgentConfigEdit::codexBaseUrl(kCodexConfig).isEmpty()); // provider not chosen
        // Again: the same file (connecting twice changes nothing more).
        QCOMPARE(AgentConfigEdit::codexConfig(*out, kTarget).value(), out.value());
    }

    void codexNewAndOddFiles()
    {
        const Result<QByteArray> fresh = AgentConfigEdit::codexConfig({}, kTarget);
        QVERIFY(fresh.ok());
        QVERIFY(fresh->startsWith("model = \"deepseek-chat\"\nmodel_provider = \"llmux\"\n"));
        // Names that need escaping are escaped, and read back as they were.
        AgentTarget odd = kTarget;
        odd.model = QStringLiteral("we\"ird\\name");
        const Result<QByteArray> escaped = AgentConfigEdit::codexConfig({}, odd);
        QVERIFY2(escaped.ok(), qPrintable(escaped.error()));
        // What LLMux cannot edit safely is refused with a way forward, never half-edited.
        const Result<QByteArray> broken =
            AgentConfigEdit::codexConfig("model = [unclosed\n", kTarget);
        QVERIFY(!broken.ok());
        QVERIFY(broken.error().contains(QStringLiteral("not valid TOML")));
        const Result<QByteArray> inlineTable = AgentConfigEdit::codexConfig(
            "model_providers = { llmux = { name = \"x\" } }\n", kTarget);
        QVERIFY(!inlineTable.ok());
        QVERIFY(inlineTable.error().contains(QStringLiteral("inline")));
        const Result<QByteArray> multiLine =
            AgentConfigEdit::codexConfig("model = \"\"\"\ngpt\n\"\"\"\n", kTarget);
        QVERIFY(!multiLine.ok());
        QVERIFY(multiLine.error().contains(QStringLiteral("by hand")));
    }

    void claudeSettings()
    {
        const QByteArray mine = "{\n"
                                "  // a comment Claude Code tolerates\n"
                                "  \"permissions\": {\"allow\": [\"Bash(ls:*)\"]},\n"
                                "  \"env\": {\"ANTHROPIC_API_KEY\": \"sk-ant-mine\", "
                                "\"HTTPS_PROXY\": \"http://proxy:3128\"},\n"
                                "  \"model\": \"opus\"\n"
                                "}\n";
        const Result<QByteArray> out = AgentConfigEdit::claudeSettings(mine, kTarget);
        QVERIFY2(out.ok(), qPrintable(out.error()));
        const Json settings = Json::parse(out->toStdString());
        QCOMPARE(settings["permissions"]["allow"][0].get<std::string>(), std::string("Bash(ls:*)"));
        const Json &env = settings["env"];
        QCOMPARE(env["HTTPS_PROXY"].get<std::string>(), std::string("http://proxy:3128"));
        QVERIFY(!env.contains("ANTHROPIC_API_KEY")); // exactly one key
        QCOMPARE(env["ANTHROPIC_AUTH_TOKEN"].get<std::string>(), std::string("sk-llmux-new"));
        QCOMPARE(env["ANTHROPIC_BASE_URL"].get<std::string>(),
                 std::string("http://127.0.0.1:5569"));
        for (const char *slot : {"ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL",
                                 "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL"})
            QCOMPARE(env[slot].get<std::string>(), std::string("deepseek-chat"));
        QCOMPARE(AgentConfigEdit::claudeBaseUrl(*out), QStringLiteral("http://127.0.0.1:5569"));
        QVERIFY(!AgentConfigEdit::claudeSettings("{\"env\": ", kTarget).ok());
        QVERIFY(!AgentConfigEdit::claudeSettings("[1, 2]", kTarget).ok());
    }

    void geminiFiles()
    {
        const Result<QByteArray> env =
            AgentConfigEdit::geminiEnv("# mine\nexport GEMINI_API_KEY=old\nOTHER=1\n", kTarget);
        QVERIFY(env.ok());
        QCOMPARE(env.value(), QByteArray("# mine\nGEMINI_API_KEY=sk-llmux-new\nOTHER=1\n"
                                         "GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:5569\n"));
        QCOMPARE(AgentConfigEdit::geminiBaseUrl(*env), QStringLiteral("http://127.0.0.1:5569"));
        AgentTarget twoLines = kTarget;
        twoLines.key = QStringLiteral("a\nEVIL=1");
        QVERIFY(!AgentConfigEdit::geminiEnv({}, twoLines).ok());
        const Result<QByteArray> settings = AgentConfigEdit::geminiSettings(
            R"({"ui":{"theme":"Dracula"},"security":{"folderTrust":{"enabled":true}}})", kTarget);
        QVERIFY(settings.ok());
        const Json parsed = Json::parse(settings->toStdString());
        QCOMPARE(parsed["ui"]["theme"].get<std::string>(), std::string("Dracula"));
        QCOMPARE(parsed["security"]["folderTrust"]["enabled"].get<bool>(), true);
        QCOMPARE(parsed["security"]["auth"]["selectedType"].get<std::string>(),
                 std::string("gemini-api-key"));
        QCOMPARE(parsed["model"]["name"].get<std::string>(), std::string("deepseek-chat"));
    }

    void applyAndUndoByteForByte()
    {
        QTemporaryDir home, state;
        AgentWiring wiring(home.path(), state.path());
        const QString config = home.filePath(QStringLiteral(".codex/config.toml"));
        write(config, kCodexConfig);
        QFile::setPermissions(config, QFile::ReadOwner | QFile::WriteOwner);
        for (int round = 0; round < 2; ++round) { // a second connect keeps the first originals
            const auto changes = wiring.plan(AgentWiring::Agent::Codex, kTarget);
            QVERIFY(changes.ok());
            QVERIFY(wiring.apply(AgentWiring::Agent::Codex, changes.value(), "codex").ok());
        }
        QVERIFY(readAll(config).contains("wire_api = \"responses\""));
        // The original waits beside the file, as private as the file; LLMux's folder holds no
        // copy of the user's settings.
        const QString copy = config + QStringLiteral(".llmux-original");
        QCOMPARE(readAll(copy), kCodexConfig);
        QCOMPARE(QFile::permissions(copy) & (QFile::ReadOther | QFile::ReadGroup),
                 QFileDevice::Permissions());
        QDirIterator it(state.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            QVERIFY(!readAll(it.next()).contains("approval_policy"));
        const AgentWiring::State connected = wiring.state(AgentWiring::Agent::Codex);
        QVERIFY(connected.connected);
        QCOMPARE(connected.keyName, QStringLiteral("codex"));
        QCOMPARE(connected.baseUrl, QStringLiteral("http://127.0.0.1:5569/v1"));

        const Result<QString> undone = wiring.undo(AgentWiring::Agent::Codex);
        QVERIFY2(undone.ok(), qPrintable(undone.error()));
        QCOMPARE(undone.value(), QStringLiteral("codex"));
        QCOMPARE(readAll(config), kCodexConfig);
        QVERIFY(!QFile::exists(copy));
        QVERIFY(!wiring.state(AgentWiring::Agent::Codex).connected);
        QVERIFY(!wiring.undo(AgentWiring::Agent::Codex).ok()); // nothing left to undo

        // A file that did not exist is removed again.
        const auto claude = wiring.plan(AgentWiring::Agent::ClaudeCode, kTarget);
        QVERIFY(wiring.apply(AgentWiring::Agent::ClaudeCode, claude.value(), "claude").ok());
        QVERIFY(QFile::exists(home.filePath(QStringLiteral(".claude/settings.json"))));
        // It holds the agent's key: its owner's alone.
        QCOMPARE(QFile::permissions(home.filePath(QStringLiteral(".claude/settings.json"))) &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(wiring.undo(AgentWiring::Agent::ClaudeCode).ok());
        QVERIFY(!QFile::exists(home.filePath(QStringLiteral(".claude/settings.json"))));
    }

    // The second of Gemini CLI's files cannot be written: the first is put back, and LLMux does
    // not believe the agent connected.
    void failureHalfWayChangesNothing()
    {
        QTemporaryDir home, state;
        AgentWiring wiring(home.path(), state.path());
        const QString env = home.filePath(QStringLiteral(".gemini/.env"));
        write(env, "OTHER=1\n");
        const auto changes = wiring.plan(AgentWiring::Agent::GeminiCli, kTarget);
        QVERIFY2(changes.ok(), qPrintable(changes.error()));
        // Between the plan and the writes, something takes the second file's place.
        QVERIFY(QDir().mkpath(home.filePath(QStringLiteral(".gemini/settings.json/in-the-way"))));
        const Status applied = wiring.apply(AgentWiring::Agent::GeminiCli, changes.value(), "g");
        QVERIFY(!applied.ok());
        QVERIFY(applied.error().contains(QStringLiteral("Nothing was changed")));
        QCOMPARE(readAll(env), QByteArray("OTHER=1\n"));
        QVERIFY(!QFile::exists(env + QStringLiteral(".llmux-original")));
        QVERIFY(!wiring.state(AgentWiring::Agent::GeminiCli).connected);
    }

    void namesOfAgents()
    {
        for (AgentWiring::Agent agent : AgentWiring::agents())
            QCOMPARE(AgentWiring::fromName(AgentWiring::name(agent)), agent);
        QVERIFY(!AgentWiring::fromName(QStringLiteral("cursor")));
    }
};

QTEST_GUILESS_MAIN(TestAgentWiring)
#include "tst_agentwiring.moc"
