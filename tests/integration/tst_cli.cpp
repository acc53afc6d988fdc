// The `llmux` command line as a user drives it: provider with its key in the real OS keychain,
// model, key, provider test, serve, a request through the served gateway, and the request in the
// log after a clean SIGTERM; routes, provider key pools and provider settings. Runs under
// tests/support/with-keyring.sh (label keychain).
#include "core/store/DataDir.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeAlertReceiver.h"
#include "tests/fakes/FakeAnthropicUpstream.h"
#include "tests/fakes/FakeGeminiUpstream.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "tests/fakes/FakeSmtpServer.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <cctype>
#include <csignal>

using namespace llmux::test;

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeOpenAiUpstream m_upstream;
    QString m_otherDataDir; // when set, commands run on this data folder instead
    QString m_home;         // when set, the commands' HOME

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Run llmux(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        QStringList all = {QStringLiteral("--data-dir"),
                           m_otherDataDir.isEmpty() ? m_dir.path() : m_otherDataDir};
        all += args;
        if (!m_home.isEmpty()) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), m_home);
            p.setProcessEnvironment(env);
        }
        p.start(QStringLiteral(LLMUX_BINARY), all);
        if (!p.waitForStarted(5000))
            return {};
        p.write(stdinData);
        p.closeWriteChannel();
        // The fake upstream lives on this thread: keep the event loop turning while we wait.
        QDeadlineTimer deadline(30000);
        while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        if (p.state() != QProcess::NotRunning)
            return {};
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    // No secret may ever be written to the data folder.
    bool inDataFolder(const QByteArray &secret) const
    {
        QProcess grep;
        grep.start(QStringLiteral("grep"), {QStringLiteral("-r"), QStringLiteral("-F"),
                                            QString::fromLatin1(secret), m_dir.path()});
        return !grep.waitForFinished() || grep.exitCode() != 1;
    }

    static QJsonObject routeNamed(const QByteArray &json, const QString &pattern)
    {
        for (const QJsonValue &route : QJsonDocument::fromJson(json).array())
            if (route[QLatin1String("pattern")].toString() == pattern)
                return route.toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_upstream.listen()); }

    void helpAndUsageErrors()
    {
        const Run help =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("--api-key-env"));
        const Run bad = llmux({QStringLiteral("model"), QStringLiteral("add")});
        QVERIFY(bad.code != 0);
        // A name that `provider/model` and the command line could not address.
        for (const QString &name : {QStringLiteral("my provider"), QStringLiteral("a/b"),
                                    QStringLiteral("a:b"), QStringLiteral("-x")}) {
            const Run named = llmux({QStringLiteral("provider"), QStringLiteral("add"), name,
                                     QStringLiteral("--kind"), QStringLiteral("openai"),
                                     QStringLiteral("--base-url"), m_upstream.baseUrl(),
                                     QStringLiteral("--no-key")});
            QVERIFY2(named.code != 0, qPrintable(name));
            QVERIFY2(named.err.contains("cannot be a provider name") ||
                         named.err.contains("Unknown option"),
                     named.err.constData());
        }
        QVERIFY(!llmux({QStringLiteral("provider"), QStringLiteral("list")})
                     .out.contains("my provider"));
        const Run unknown = llmux({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains("unknown command"));
    }

    void aNewUserSetsUpAndServes()
    {
        Run r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("fake"),
                       QStringLiteral("--base-url"), m_upstream.baseUrl(),
                       QStringLiteral("--api-key"), QStringLiteral("-")},
                      "sk-from-stdin\n");
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("OS keychain"));
        QVERIFY(!inDataFolder("sk-from-stdin"));

        r = llmux({QStringLiteral("provider"), QStringLiteral("test"), QStringLiteral("fake")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("reachable"));
        QByteArray auth;
        for (const auto &h : m_upstream.lastRequestHeaders())
            if (h.first == "authorization")
                auth = h.second;
        QCOMPARE(auth, QByteArray("Bearer sk-from-stdin"));

        r = llmux({QStringLiteral("model"), QStringLiteral("add"), QStringLiteral("chat"),
                   QStringLiteral("--provider"), QStringLiteral("fake"),
                   QStringLiteral("--upstream-model"), QStringLiteral("gpt-fake"),
                   QStringLiteral("--price-in"), QStringLiteral("2"), QStringLiteral("--price-out"),
                   QStringLiteral("4")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("laptop")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray key = r.out.trimmed();
        QVERIFY(key.startsWith("sk-llmux-"));
        r = llmux({QStringLiteral("key"), QStringLiteral("list")});
        QVERIFY(r.out.contains("laptop") && r.out.contains("active"));
        QVERIFY(!r.out.contains(key));

        QProcess serve;
        serve.start(QStringLiteral(LLMUX_BINARY),
                    {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("serve"),
                     QStringLiteral("--port"), QStringLiteral("0")});
        QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine() || serve.state() == QProcess::NotRunning,
                                 20000);
        const QByteArray line = serve.readLine();
        const auto match = QRegularExpression(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)/v1"))
                               .match(QString::fromLatin1(line));
        QVERIFY2(match.hasMatch(), line.constData());
        const quint16 port = quint16(match.captured(1).toUInt());

        const Run status = llmux({QStringLiteral("status")});
        QVERIFY(status.out.contains("running at"));

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QTRY_VERIFY(socket.state() == QAbstractSocket::ConnectedState);
        const QByteArray body =
            R"({"model":"chat","messages":[{"role":"user","content":"hello"}]})";
        socket.write(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
            key + "\r\nContent-Type: application/json\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT((reply += socket.readAll()).contains("chat.completion"), 10000);
        QVERIFY(reply.startsWith("HTTP/1.1 200"));

        ::kill(pid_t(serve.processId()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(serve.state() == QProcess::NotRunning, 10000);
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QVERIFY(serve.readAllStandardError().contains("flushed"));

        r = llmux({QStringLiteral("status")});
        QVERIFY(r.out.contains("not running"));
        QVERIFY2(r.out.contains("Requests:  1 logged"), r.out.constData());

        r = llmux({QStringLiteral("provider"), QStringLiteral("remove"), QStringLiteral("fake")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("model"), QStringLiteral("list")});
        QVERIFY(r.out.contains("No models"));
    }

    // What a model can take: the presets, an edit over them, back to the preset; for an alias
    // and for a route target named PROVIDER/MODEL.
    void modelCapabilities()
    {
        const auto cleanup = qScopeGuard([this] {
            llmux({QStringLiteral("provider"), QStringLiteral("remove"), QStringLiteral("caps")});
        });
        auto run = [this](const QString &line) { return llmux(line.split(QLatin1Char(' '))); };
        Run r =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("caps"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(), QStringLiteral("--no-key")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("model add ds --provider caps --upstream-model deepseek-chat"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("model list"));
        QVERIFY2(r.out.contains("[tools, no images, no reasoning, 128k context, 8k output]"),
                 r.out.constData());

        r = run(QStringLiteral("model set ds --images yes --context 64000"));
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("caps/deepseek-chat: tools, images, no reasoning, 64k context"),
                 r.out.constData());
        r = run(QStringLiteral("model show ds"));
        QVERIFY2(r.out.contains("images:         yes  (set)") &&
                     r.out.contains("context:        64000  (set)") &&
                     r.out.contains("max-output:     8192  (preset)"),
                 r.out.constData());
        r = run(QStringLiteral("model show caps/gpt-5-codex"));
        QVERIFY2(r.out.contains("responses-only: yes  (preset)"), r.out.constData());
        r = run(QStringLiteral("model set caps/my-local-model --tools no"));
        QVERIFY2(r.code == 0 && r.out.contains("caps/my-local-model: no tools."),
                 r.out.constData());

        r = run(QStringLiteral("model set ds --images maybe"));
        QVERIFY(r.code != 0 && r.err.contains("yes, no or auto"));
        r = run(QStringLiteral("model set ds --context lots"));
        QVERIFY(r.code != 0 && r.err.contains("number of tokens"));
        r = run(QStringLiteral("model set ds"));
        QVERIFY(r.code != 0 && r.err.contains("Say what to change"));
        r = run(QStringLiteral("model set nope --tools no"));
        QVERIFY(r.code != 0 && r.err.contains("There is no model named 'nope'"));

        r = run(QStringLiteral("model set ds --images auto --context auto"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("model show ds"));
        QVERIFY2(r.out.contains("images:         no  (preset)"), r.out.constData());
    }

    // Projects and what a key may use, from create to set to list.
    void projectsAndKeyPermissions()
    {
        const auto cleanup = qScopeGuard([this] {
            for (const char *key : {"team-key", "plain-key"})
                llmux({QStringLiteral("key"), QStringLiteral("revoke"), QString::fromLatin1(key)});
            llmux({QStringLiteral("project"), QStringLiteral("remove"), QStringLiteral("team-a")});
        });
        auto run = [this](const QString &line) { return llmux(line.split(QLatin1Char(' '))); };
        Run r = run(QStringLiteral("project list"));
        QVERIFY2(r.code == 0 && r.out.contains("No projects yet"), r.out.constData());
        r = run(QStringLiteral("project add team-a"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("project add TEAM-A"));
        QVERIFY(r.code != 0 && r.err.contains("already exists"));

        r = run(QStringLiteral("key create team-key --project team-a --allow-model deepseek-* "
                               "--allow-model qwen-max --allow-endpoint chat,models"));
        QVERIFY2(r.code == 0 && r.out.startsWith("sk-llmux-"), r.err.constData());
        QVERIFY2(!r.err.contains("not defined"), r.err.constData());
        r = run(QStringLiteral("key list"));
        QVERIFY2(r.out.contains("(project team-a, models deepseek-* qwen-max, endpoints "
                                "chat,models)"),
                 r.out.constData());
        r = run(QStringLiteral("project list"));
        QVERIFY2(r.out.contains("team-a") && r.out.contains("1 key"), r.out.constData());

        // Mistakes are named and change nothing.
        r = run(QStringLiteral("key create bad-key --project nope"));
        QVERIFY(r.code != 0 && r.err.contains("There is no project named 'nope'"));
        r = run(QStringLiteral("key create bad-key --allow-endpoint chats"));
        QVERIFY(r.code != 0 && r.err.contains("'chats' is not an endpoint"));
        r = run(QStringLiteral("key create bad-key --scope root"));
        QVERIFY(r.code != 0 && r.err.contains("--scope takes inference, read, admin"));
        r = run(QStringLiteral("key list"));
        QVERIFY(!r.out.contains("bad-key"));

        r = run(QStringLiteral("key set team-key --any-model --scope read --no-project"));
        QVERIFY2(r.code == 0 && r.out.contains("endpoints chat,models, read scope"),
                 r.out.constData());
        r = run(QStringLiteral("key set team-key --any-endpoint --scope inference"));
        QVERIFY2(r.out.contains("no project, may use everything"), r.out.constData());
        r = run(QStringLiteral("key set nobody --scope read"));
        QVERIFY(r.code != 0 && r.err.contains("no active key named 'nobody'"));

        // A removed project leaves its keys working, in no project.
        r = run(QStringLiteral("key create plain-key --project team-a"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("project remove team-a"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("key list"));
        QVERIFY2(r.out.contains("plain-key") && !r.out.contains("project team-a"),
                 r.out.constData());
    }

    // Rate limits and budgets from the command line: added, listed, refused when wrong, removed.
    void limitsAndBudgets()
    {
        // Nothing stays behind for the other tests: every limit and budget goes.
        const auto cleanup = qScopeGuard([this] {
            for (const char *kind : {"limit", "budget"})
                for (const QByteArray &line :
                     llmux({QString::fromLatin1(kind), QStringLiteral("list")}).out.split('\n'))
                    if (const QByteArray id = line.trimmed().split(' ').first();
                        !id.isEmpty() && std::isdigit(static_cast<unsigned char>(id[0])))
                        llmux({QString::fromLatin1(kind), QStringLiteral("remove"),
                               QString::fromLatin1(id)});
            llmux({QStringLiteral("key"), QStringLiteral("revoke"), QStringLiteral("metered")});
            llmux({QStringLiteral("project"), QStringLiteral("remove"), QStringLiteral("ops")});
        });
        auto run = [this](const QString &line) { return llmux(line.split(QLatin1Char(' '))); };
        QVERIFY(run(QStringLiteral("project add ops")).code == 0);
        QVERIFY(run(QStringLiteral("key create metered --project ops")).code == 0);

        Run r = run(QStringLiteral("limit list"));
        QVERIFY2(r.code == 0 && r.out.contains("No rate limits"), r.out.constData());
        r = run(QStringLiteral("limit add --key metered --requests 5/1m"));
        QVERIFY2(r.code == 0 && r.out.contains("key metered, 5 requests per 1m"),
                 r.err.constData());
        r = run(QStringLiteral("limit add --project ops --tokens 100000/1h"));
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("limit add --endpoint chat --concurrent 4"));
        QVERIFY2(r.code == 0 && r.out.contains("endpoint chat, 4 requests at once"),
                 r.out.constData());
        for (const auto &[line, says] :
             {std::pair{"limit add --key metered --requests 5/2d", "windows from 1s to 1d"},
              {"limit add --key metered", "Say how much"},
              {"limit add --requests 5/1m", "Say what the limit is for"},
              {"limit add --global --key metered --requests 1/1s", "Say what the limit is for"},
              {"limit add --endpoint chats --requests 1/1m", "'chats' is not an endpoint"},
              {"limit add --project nope --requests 1/1m", "no project named 'nope'"},
              {"limit remove 999", "There is no rate limit 999"}}) {
            r = run(QString::fromLatin1(line));
            QVERIFY2(r.code != 0 && r.err.contains(says), line);
        }
        r = run(QStringLiteral("limit list"));
        QVERIFY2(r.out.contains("project ops") && r.out.contains("100000 tokens per 1h"),
                 r.out.constData());
        const QByteArray firstId = r.out.trimmed().split(' ').first();
        r = run(QStringLiteral("limit remove ") + QString::fromLatin1(firstId));
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!run(QStringLiteral("limit list")).out.contains("key metered"));

        r = run(QStringLiteral("budget set --project ops --usd 50 --period month --hard"));
        QVERIFY2(r.code == 0 && r.out.contains("project ops, $50.00 per month (hard)"),
                 r.out.constData());
        r = run(QStringLiteral("budget set --key metered --tokens 1000 --period total "
                               "--alert-at 90,50"));
        QVERIFY2(r.code == 0 && r.out.contains("1000 tokens in total"), r.err.constData());
        for (const auto &[line, says] :
             {std::pair{"budget set --global --usd 5 --period year", "--period takes"},
              {"budget set --global --usd -1 --period day", "positive number"},
              {"budget set --global --period day", "Say how much"},
              {"budget set --usd 5 --period day", "Say whose budget"},
              {"budget set --key nobody --usd 5 --period day", "no active key named 'nobody'"},
              {"budget set --global --usd 5 --period day --alert-at x", "--alert-at takes"}}) {
            r = run(QString::fromLatin1(line));
            QVERIFY2(r.code != 0 && r.err.contains(says), line);
        }
        r = run(QStringLiteral("budget list"));
        QVERIFY2(r.out.contains("project ops: $50.00 per month (hard)") &&
                     r.out.contains("spent $0.00 (0%), left $50.00") &&
                     r.out.contains("key metered: 1000 tokens in total"),
                 r.out.constData());
        const QByteArray budgetId = r.out.trimmed().split(' ').first();
        QVERIFY(run(QStringLiteral("budget remove ") + QString::fromLatin1(budgetId)).code == 0);
        QVERIFY(!run(QStringLiteral("budget list")).out.contains("project ops"));
    }

    // Alert channels from the command line: added with their secrets in the keychain (never in
    // the data folder or the listing), tested against local receivers (DingTalk's signature, an
    // SMTP server with STARTTLS and a login), given other events, turned off and removed.
    void alertChannels()
    {
        const auto cleanup = qScopeGuard([this] {
            for (const QByteArray &line :
                 llmux({QStringLiteral("alert"), QStringLiteral("list")}).out.split('\n'))
                if (const QByteArray id = line.trimmed().split(' ').first();
                    !id.isEmpty() && std::isdigit(static_cast<unsigned char>(id[0])))
                    llmux({QStringLiteral("alert"), QStringLiteral("remove"),
                           QString::fromLatin1(id)});
        });
        const QString certificate = QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.crt");
        FakeAlertReceiver dingTalk(FakeAlertReceiver::Kind::DingTalk, "SECcli-dingtalk-secret");
        FakeAlertReceiver slack(FakeAlertReceiver::Kind::Slack);
        FakeSmtpServer smtp(certificate, QStringLiteral(LLMUX_TEST_FIXTURES "/tls/localhost.key"),
                            "alerts", "cli-smtp-password");
        QVERIFY(dingTalk.listen() && slack.listen() && smtp.start());
        auto run = [this](const QString &line, const QByteArray &in = {}) {
            return llmux(line.split(QLatin1Char(' ')), in);
        };

        Run r = run(QStringLiteral("alert list"));
        QVERIFY2(r.code == 0 && r.out.contains("No alert channels"), r.out.constData());
        r = run(QStringLiteral("alert add dingtalk dt --url %1 --secret -").arg(dingTalk.url()),
                "SECcli-dingtalk-secret\n");
        QVERIFY2(r.code == 0 && r.out.contains("gets every event"), r.err.constData());
        r = run(
            QStringLiteral("alert add slack team --url %1 --events budget-exhausted,provider-down")
                .arg(slack.url()));
        QVERIFY2(r.code == 0 && r.out.contains("budget-exhausted,provider-down"),
                 r.err.constData());
        r = run(QStringLiteral("alert add email mail --smtp %1 --from llmux@example.com --to "
                               "ops@example.com,cto@example.com --user alerts --password - "
                               "--ca-file %2")
                    .arg(smtp.url(), certificate),
                "cli-smtp-password");
        QVERIFY2(r.code == 0, r.err.constData());
        // Mistakes are explained.
        for (const auto &[line, says] :
             {std::pair{"alert add email plain --smtp smtp://127.0.0.1:1 --from a@b.c --to d@e.f "
                        "--user u --password - --tls none",
                        "without TLS"},
              {"alert add slack x --url https://hooks.slack.com/x --events nonsense",
               "budget-threshold"},
              {"alert add slack x", "--url URL or --url-env VAR"},
              {"alert add pager x --url https://x.example", "webhook, slack, dingtalk"},
              {"alert add slack team --url https://hooks.slack.com/x", "exists already"},
              {"alert add email x --smtp smtp://h --from a@b.c", "who gets the mail"},
              {"alert test nosuch", "no alert channel 'nosuch'"}}) {
            r = run(QString::fromLatin1(line), "pw");
            QVERIFY2(r.code != 0 && r.err.contains(says), line);
        }

        r = run(QStringLiteral("alert list"));
        QVERIFY2(r.code == 0 && r.out.contains("dt  dingtalk  http://127.0.0.1:") &&
                     r.out.contains("budget-exhausted,provider-down") &&
                     r.out.contains("(starttls) from llmux@example.com to ops@example.com, "
                                    "cto@example.com"),
                 r.out.constData());
        for (const QByteArray &secret :
             {QByteArray("dingtalktoken123456"), QByteArray("SECcli-dingtalk-secret"),
              QByteArray("slacktoken123456"), QByteArray("cli-smtp-password")}) {
            QVERIFY2(!r.out.contains(secret), secret.constData());
            QVERIFY2(!inDataFolder(secret), secret.constData());
        }

        r = run(QStringLiteral("alert test dt"));
        QVERIFY2(r.code == 0 && r.out.contains("dt took the test message: HTTP 200"),
                 r.err.constData());
        QCOMPARE(dingTalk.received().size(), 1);
        QVERIFY(dingTalk.received().first().signatureOk);
        r = run(QStringLiteral("alert test mail"));
        QVERIFY2(r.code == 0 && r.out.contains("accepted by 127.0.0.1"), r.err.constData());
        QCOMPARE(smtp.mails().size(), 1);
        QCOMPARE(smtp.mails().first().user, QByteArray("alerts"));
        QCOMPARE(smtp.mails().first().to.size(), 2);

        // A receiver that refuses: its answer, without the secrets.
        r = run(QStringLiteral("alert add dingtalk wrong --url %1 --secret -").arg(dingTalk.url()),
                "SECnot-the-right-one");
        QVERIFY2(r.code == 0, r.err.constData());
        r = run(QStringLiteral("alert test wrong"));
        QVERIFY2(r.code != 0 && r.err.contains("sign not match"), r.err.constData());
        QVERIFY(!r.err.contains("dingtalktoken123456"));

        r = run(QStringLiteral("alert set team --disable"));
        QVERIFY2(r.code == 0 && r.out.contains("is off"), r.err.constData());
        r = run(QStringLiteral("alert set team --enable --all-events"));
        QVERIFY2(r.code == 0 && r.out.contains("gets every event"), r.err.constData());

        r = run(QStringLiteral("alert history --limit 5"));
        QVERIFY2(r.code == 0 && r.out.contains("test  Test message") &&
                     r.out.contains("-> dt: sent, HTTP 200") && r.out.contains("-> wrong: FAILED"),
                 r.out.constData());
        r = run(QStringLiteral("alert events"));
        QVERIFY2(r.code == 0 && r.out.contains("provider-recovered"), r.out.constData());
        r = run(QStringLiteral("alert remove team"));
        QVERIFY2(r.code == 0 && r.out.contains("Removed alert channel"), r.err.constData());
        QVERIFY(!run(QStringLiteral("alert list")).out.contains("team"));
    }

    // Usage and billing reports from the request log, as CSV, JSON and PDF, for a past month.
    void usageAndBillingReports()
    {
        // Nothing stays behind: the old entries would be pruned by the next serve (retention),
        // which other tests count.
        const auto cleanup = qScopeGuard([this] {
            {
                llmux::Database db(llmux::DataDir::databasePath(m_dir.path()));
                if (db.open().ok())
                    QSqlQuery(db.connection())
                        .exec(
                            QStringLiteral("DELETE FROM request_log WHERE key_name LIKE 'bill-%'"));
            }
            for (const char *key : {"bill-a", "bill-b"})
                llmux({QStringLiteral("key"), QStringLiteral("revoke"), QString::fromLatin1(key)});
            llmux({QStringLiteral("project"), QStringLiteral("remove"), QStringLiteral("billing")});
        });
        auto run = [this](const QString &line) { return llmux(line.split(QLatin1Char(' '))); };
        QVERIFY(run(QStringLiteral("project add billing")).code == 0);
        QVERIFY(run(QStringLiteral("key create bill-a --project billing")).code == 0);
        QVERIFY(run(QStringLiteral("key create bill-b --project billing")).code == 0);
        {
            llmux::Database db(llmux::DataDir::databasePath(m_dir.path()));
            QVERIFY(db.open().ok());
            const auto keys = llmux::GatewayKeyRepository(db).list(false);
            QVERIFY(keys.ok());
            QHash<QString, qint64> ids;
            for (const llmux::GatewayKeyRecord &k : keys.value())
                ids.insert(k.name, k.id);
            QList<llmux::RequestLogEntry> entries;
            auto add = [&](const char *key, const char *model, int day, std::optional<double> cost,
                           int status) {
                llmux::RequestLogEntry e;
                e.timestampMs = QDateTime(QDate(2020, 3, day), QTime(12, 0)).toMSecsSinceEpoch();
                e.keyId = ids.value(QString::fromLatin1(key));
                e.keyName = QString::fromLatin1(key);
                e.endpoint = QStringLiteral("/chat/completions");
                e.modelRequested = QString::fromLatin1(model);
                e.status = status;
                e.promptTokens = 100;
                e.completionTokens = 50;
                e.cost = cost;
                entries << e;
            };
            add("bill-a", "fast", 2, 0.5, 200);
            add("bill-a", "fast", 3, 0.25, 200);
            add("bill-b", "local", 3, std::nullopt, 200); // a model without a price
            add("bill-b", "fast", 3, 0.0, 429);
            QVERIFY(llmux::RequestLogRepository(db).insertBatch(entries).ok());
        }
        const QString csvPath = m_dir.filePath(QStringLiteral("billing.csv"));
        Run r = run(QStringLiteral("report billing --from 2020-03-01 --to 2020-03-31 --project "
                                   "billing --output ") +
                    csvPath);
        QVERIFY2(r.code == 0 && r.out.contains("2020-03-01 to 2020-03-31"), r.err.constData());
        QFile csvFile(csvPath);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QByteArray csv = csvFile.readAll();
        QVERIFY2(csv.startsWith("project,key,requests,errors,prompt_tokens,completion_tokens,"
                                "cost_usd,unpriced_tokens\r\n"),
                 csv.constData());
        QVERIFY2(csv.contains("billing,bill-a,2,0,200,100,0.750000,0\r\n"), csv.constData());
        QVERIFY2(csv.contains("billing,bill-b,2,1,200,100,0.000000,150\r\n"), csv.constData());
        QVERIFY2(csv.contains("billing,(project total),4,1,400,200,0.750000,150\r\n"),
                 csv.constData());

        // The same report as a PDF, laid out without a display.
        const QString pdfPath = m_dir.filePath(QStringLiteral("billing.pdf"));
        r = run(QStringLiteral("report billing --from 2020-03-01 --to 2020-03-31 --project "
                               "billing --format pdf --output ") +
                pdfPath);
        QVERIFY2(r.code == 0 && r.out.contains("Wrote the billing report"), r.err.constData());
        QFile pdfFile(pdfPath);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray pdf = pdfFile.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.contains("/Type /Page")); // at least one page laid out
        QVERIFY(pdf.size() > 2000);

        r = run(QStringLiteral("report usage --from 2020-03-01 --to 2020-03-31 --project billing "
                               "--format json --output -"));
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject usage = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(usage.value(QStringLiteral("report")).toString(), QStringLiteral("usage"));
        const QJsonArray days = usage.value(QStringLiteral("by_day")).toArray();
        QCOMPARE(days.size(), 2);
        QCOMPARE(days[1].toObject().value(QStringLiteral("requests")).toInt(), 3);
        const QJsonArray models = usage.value(QStringLiteral("by_model")).toArray();
        QCOMPARE(models[0].toObject().value(QStringLiteral("model")).toString(),
                 QStringLiteral("fast"));
        QCOMPARE(models[0].toObject().value(QStringLiteral("cost_usd")).toDouble(), 0.75);

        for (const auto &[line, says] :
             {std::pair{"report taxes --output -", "Which report"},
              {"report usage", "--output FILE"},
              {"report usage --format xml --output -", "--format takes csv, json or pdf"},
              {"report usage --format pdf --output x.pdf", "PDF is made of the billing report"},
              {"report billing --format pdf --output -", "A PDF goes to a file"},
              {"report usage --from 2020-13-01 --output -", "--from takes a date"},
              {"report usage --from 2020-03-02 --to 2020-03-01 --output -", "must not come after"},
              {"report billing --project nope --output -", "no project named 'nope'"}}) {
            r = run(QString::fromLatin1(line));
            QVERIFY2(r.code != 0 && r.err.contains(says), line);
        }
    }

    // Records of answered requests survive the process being killed outright: the next start
    // stores what the last one journaled, exactly once.
    void answeredRequestsSurviveSigkill()
    {
        const auto cleanup = qScopeGuard([this] {
            llmux({QStringLiteral("provider"), QStringLiteral("remove"), QStringLiteral("k9")});
        });
        Run r =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("k9"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(), QStringLiteral("--no-key")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("model"), QStringLiteral("add"), QStringLiteral("k9-chat"),
                   QStringLiteral("--provider"), QStringLiteral("k9"),
                   QStringLiteral("--upstream-model"), QStringLiteral("gpt-fake")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("k9")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray key = r.out.trimmed();
        const auto logged = [this] {
            const Run status = llmux({QStringLiteral("status")});
            const auto m = QRegularExpression(QStringLiteral("Requests:\\s+(\\d+) logged"))
                               .match(QString::fromLatin1(status.out));
            return m.hasMatch() ? m.captured(1).toInt() : -1;
        };
        const int before = logged();
        QVERIFY(before >= 0);

        // Serves until it prints its address; returns the port (0 when it did not start).
        const auto serve = [this](QProcess &p) -> quint16 {
            p.start(QStringLiteral(LLMUX_BINARY),
                    {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("serve"),
                     QStringLiteral("--port"), QStringLiteral("0")});
            QDeadlineTimer deadline(20000);
            while (!p.canReadLine() && p.state() != QProcess::NotRunning && !deadline.hasExpired())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
            const auto m = QRegularExpression(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)/v1"))
                               .match(QString::fromLatin1(p.readLine()));
            return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
        };
        constexpr int kConnections = 4, kPerConnection = 50;
        {
            QProcess server;
            const quint16 port = serve(server);
            QVERIFY(port != 0);
            const QByteArray body =
                "{\"model\":\"k9-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            const QByteArray request =
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                key + "\r\nContent-Type: application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body;
            std::vector<std::unique_ptr<QTcpSocket>> sockets;
            std::vector<QByteArray> replies(kConnections);
            for (int c = 0; c < kConnections; ++c) {
                sockets.push_back(std::make_unique<QTcpSocket>());
                sockets.back()->connectToHost(QHostAddress::LocalHost, port);
                sockets.back()->write(request.repeated(kPerConnection)); // pipelined
            }
            const auto answered = [&] {
                int n = 0;
                for (int c = 0; c < kConnections; ++c) {
                    replies[size_t(c)] += sockets[size_t(c)]->readAll();
                    n += int(replies[size_t(c)].count("\"chat.completion\""));
                }
                return n;
            };
            QTRY_COMPARE_WITH_TIMEOUT(answered(), kConnections * kPerConnection, 30000);
            // Every one answered: now the process dies without a chance to flush anything.
            ::kill(pid_t(server.processId()), SIGKILL);
            QTRY_VERIFY_WITH_TIMEOUT(server.state() == QProcess::NotRunning, 10000);
        }
        // The next run replays what was journaled; a run after it finds nothing more.
        for (int run = 0; run < 2; ++run) {
            QProcess server;
            QVERIFY(serve(server) != 0);
            ::kill(pid_t(server.processId()), SIGTERM);
            QTRY_VERIFY_WITH_TIMEOUT(server.state() == QProcess::NotRunning, 10000);
            QCOMPARE(logged(), before + kConnections * kPerConnection);
        }
    }

    void everyProviderKindIsAddedAndTested()
    {
        FakeAnthropicUpstream anthropic;
        FakeGeminiUpstream gemini;
        QVERIFY(anthropic.listen() && gemini.listen());
        const Run presets = llmux({QStringLiteral("provider"), QStringLiteral("presets")});
        for (const char *kind : {"anthropic", "gemini", "azure"})
            QVERIFY2(presets.out.contains(kind), presets.out.constData());

        // The Anthropic key goes through the keychain, the Gemini one through the environment.
        Run r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("claude"),
                       QStringLiteral("--preset"), QStringLiteral("anthropic"),
                       QStringLiteral("--base-url"), anthropic.baseUrl(),
                       QStringLiteral("--api-key"), QStringLiteral("-")},
                      "sk-ant-test-key\n");
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("test"), QStringLiteral("claude")});
        QVERIFY2(r.code == 0 && r.out.contains("1 models available"),
                 QByteArray(r.out + r.err).constData());
        // The whole list in one page (20 by default).
        QCOMPARE(anthropic.lastRequestPath(), QByteArray("/v1/models?limit=1000"));

        qputenv("LLMUX_TEST_GEMINI_KEY", "gemini-test-key");
        r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("gem"),
                   QStringLiteral("--kind"), QStringLiteral("gemini"), QStringLiteral("--base-url"),
                   gemini.baseUrl(), QStringLiteral("--api-key-env"),
                   QStringLiteral("LLMUX_TEST_GEMINI_KEY")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("test"), QStringLiteral("gem")});
        QVERIFY2(r.code == 0 && r.out.contains("models available"),
                 QByteArray(r.out + r.err).constData());

        r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("x"),
                   QStringLiteral("--kind"), QStringLiteral("bedrock"),
                   QStringLiteral("--base-url"), QStringLiteral("https://example.com"),
                   QStringLiteral("--no-key")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("openai, anthropic, gemini, azure"), r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("az"),
                   QStringLiteral("--preset"), QStringLiteral("azure"),
                   QStringLiteral("--no-key")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("openai.azure.com"), r.err.constData());
    }

    void missingKeychainOrEnvIsExplained()
    {
        Run r =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("envy"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(),
                   QStringLiteral("--api-key-env"), QStringLiteral("LLMUX_TEST_UNSET_VARIABLE")});
        QCOMPARE(r.code, 0);
        r = llmux({QStringLiteral("provider"), QStringLiteral("test"), QStringLiteral("envy")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("LLMUX_TEST_UNSET_VARIABLE"), r.err.constData());
    }

    void routesAreAddedListedAndRemoved()
    {
        for (const char *name : {"rone", "rtwo"}) {
            const Run r = llmux({QStringLiteral("provider"), QStringLiteral("add"),
                                 QLatin1String(name), QStringLiteral("--base-url"),
                                 m_upstream.baseUrl(), QStringLiteral("--no-key")});
            QVERIFY2(r.code == 0, r.err.constData());
        }
        // A trailing number is a weight only after PROVIDER:MODEL; ollama-style tags stay.
        Run r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("local"),
                       QStringLiteral("--strategy"), QStringLiteral("weighted"),
                       QStringLiteral("--target"), QStringLiteral("rone:qwen:7:2"),
                       QStringLiteral("--target"), QStringLiteral("rtwo:llama3:8b")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(),
                 QByteArray("Route 'local' (weighted): rone:qwen:7:2, rtwo:llama3:8b:1"));
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("gpt-4o*"),
                   QStringLiteral("--target"), QStringLiteral("rone:gpt-4o*"),
                   QStringLiteral("--target"), QStringLiteral("rtwo:my-4o*")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("(failover): rone:gpt-4o*, rtwo:my-4o*"), r.out.constData());

        r = llmux({QStringLiteral("route"), QStringLiteral("list")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("rone:qwen:7:2, rtwo:llama3:8b:1"), r.out.constData());
        QVERIFY2(r.out.contains("failover"), r.out.constData());

        r = llmux({QStringLiteral("route"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject local = routeNamed(r.out, QStringLiteral("local"));
        QCOMPARE(local[QLatin1String("strategy")].toString(), QStringLiteral("weighted"));
        QCOMPARE(local[QLatin1String("enabled")].toBool(), true);
        const QJsonArray targets = local[QLatin1String("targets")].toArray();
        QCOMPARE(targets.size(), 2);
        QCOMPARE(targets[0][QLatin1String("provider")].toString(), QStringLiteral("rone"));
        QCOMPARE(targets[0][QLatin1String("model")].toString(), QStringLiteral("qwen:7"));
        QCOMPARE(targets[0][QLatin1String("weight")].toInt(), 2);
        QCOMPARE(targets[1][QLatin1String("provider")].toString(), QStringLiteral("rtwo"));
        QCOMPARE(targets[1][QLatin1String("model")].toString(), QStringLiteral("llama3:8b"));
        QCOMPARE(targets[1][QLatin1String("weight")].toInt(), 1);
        QCOMPARE(routeNamed(r.out, QStringLiteral("gpt-4o*"))[QLatin1String("strategy")].toString(),
                 QStringLiteral("failover"));

        r = llmux({QStringLiteral("route"), QStringLiteral("remove"), QStringLiteral("local")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(routeNamed(r.out, QStringLiteral("local")).isEmpty());
        QVERIFY(!routeNamed(r.out, QStringLiteral("gpt-4o*")).isEmpty());
        r = llmux({QStringLiteral("route"), QStringLiteral("remove"), QStringLiteral("local")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("no route 'local'"), r.err.constData());
    }

    void routeMistakesAreExplained()
    {
        Run r =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("rthree"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(), QStringLiteral("--no-key")});
        QVERIFY2(r.code == 0, r.err.constData());

        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("nowhere"),
                   QStringLiteral("--target"), QStringLiteral("nosuch:model")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no provider named 'nosuch'") && r.err.contains("rthree"),
                 r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("nowhere"),
                   QStringLiteral("--target"), QStringLiteral("rthree:")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("names no model"), r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("nowhere")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("at least one --target"), r.err.constData());

        // A route and a model alias never share a public name, whichever comes first.
        r = llmux({QStringLiteral("model"), QStringLiteral("add"), QStringLiteral("aliased"),
                   QStringLiteral("--provider"), QStringLiteral("rthree"),
                   QStringLiteral("--upstream-model"), QStringLiteral("m")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("Aliased"),
                   QStringLiteral("--target"), QStringLiteral("rthree:m")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("llmux model remove aliased"), r.err.constData());

        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("twice"),
                   QStringLiteral("--target"), QStringLiteral("rthree:a")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("model"), QStringLiteral("add"), QStringLiteral("twice"),
                   QStringLiteral("--provider"), QStringLiteral("rthree"),
                   QStringLiteral("--upstream-model"), QStringLiteral("m")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("llmux route remove twice"), r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("twice"),
                   QStringLiteral("--target"), QStringLiteral("rthree:b")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("--replace"), r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("add"), QStringLiteral("twice"),
                   QStringLiteral("--target"), QStringLiteral("rthree:b"),
                   QStringLiteral("--replace")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("route"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray targets =
            routeNamed(r.out, QStringLiteral("twice"))[QLatin1String("targets")].toArray();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets[0][QLatin1String("model")].toString(), QStringLiteral("b"));
    }

    void providerKeyPoolKeepsSecretsOutOfSight()
    {
        const QByteArray stdinSecret = "sk-pool-from-stdin-5f1c";
        qputenv("LLMUX_TEST_POOL_EXTRA", "sk-pool-from-env-9a2e");
        Run r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("pool"),
                       QStringLiteral("--base-url"), m_upstream.baseUrl(),
                       QStringLiteral("--api-key-env"), QStringLiteral("LLMUX_TEST_POOL_MAIN")});
        QVERIFY2(r.code == 0, r.err.constData());
        QByteArray printed;
        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("add"),
                   QStringLiteral("pool"), QStringLiteral("--api-key-env"),
                   QStringLiteral("LLMUX_TEST_POOL_EXTRA"), QStringLiteral("--label"),
                   QStringLiteral("backup")});
        QVERIFY2(r.code == 0, r.err.constData());
        printed += r.out + r.err;
        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("add"),
                   QStringLiteral("pool"), QStringLiteral("--api-key"), QStringLiteral("-")},
                  stdinSecret + '\n');
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("OS keychain"), r.out.constData());
        printed += r.out + r.err;

        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("list"),
                   QStringLiteral("pool")});
        QVERIFY2(r.code == 0, r.err.constData());
        printed += r.out + r.err;
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith("0 ") && lines[0].contains("main") &&
                     lines[0].contains("env:LLMUX_TEST_POOL_MAIN"),
                 r.out.constData());
        QVERIFY2(lines[1].contains("backup") && lines[1].contains("env:LLMUX_TEST_POOL_EXTRA"),
                 r.out.constData());
        QVERIFY2(lines[2].contains("keychain"), r.out.constData());
        QVERIFY(!printed.contains(stdinSecret) && !printed.contains("sk-pool-from-env-9a2e"));
        QVERIFY(!inDataFolder(stdinSecret));

        // The stdin key is in the keychain under its row's id.
        llmux::Database db(llmux::DataDir::databasePath(m_dir.path()));
        QVERIFY(db.open().ok());
        const QString instance = llmux::SettingsRepository(db).instanceId();
        const auto provider = llmux::ProviderRepository(db).findByName(QStringLiteral("pool"));
        QVERIFY(provider.ok() && provider->has_value());
        const qint64 providerId = (*provider)->id;
        const auto keys = llmux::ProviderKeyRepository(db).list(providerId);
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), 2);
        const llmux::ProviderKeyRecord envKey = keys->at(0), keychainKey = keys->at(1);
        QVERIFY(!envKey.secretInKeychain && keychainKey.secretInKeychain);
        const QString account =
            llmux::SecretStore::providerKeyAccount(instance, providerId, keychainKey.id);
        const llmux::SecretStore secrets;
        const auto stored = secrets.read(account);
        QVERIFY2(stored.ok(), qPrintable(stored.error()));
        QCOMPARE(stored.value(), stdinSecret);

        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("remove"),
                   QStringLiteral("pool"), QStringLiteral("0")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("own API key"), r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("remove"),
                   QStringLiteral("pool"), QString::number(keychainKey.id)});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!secrets.read(account).ok());
        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("list"),
                   QStringLiteral("pool")});
        QCOMPARE(r.out.trimmed().split('\n').size(), 2);

        // Removing the provider takes its keychain-held extra keys along.
        r = llmux({QStringLiteral("provider"), QStringLiteral("key"), QStringLiteral("add"),
                   QStringLiteral("pool"), QStringLiteral("--api-key"), QStringLiteral("-")},
                  stdinSecret + '\n');
        QVERIFY2(r.code == 0, r.err.constData());
        const auto again = llmux::ProviderKeyRepository(db).list(providerId);
        QVERIFY(again.ok() && again->size() == 2);
        const QString againAccount =
            llmux::SecretStore::providerKeyAccount(instance, providerId, again->at(1).id);
        QVERIFY(secrets.read(againAccount).ok());
        r = llmux({QStringLiteral("provider"), QStringLiteral("remove"), QStringLiteral("pool")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!secrets.read(againAccount).ok());
    }

    void providerSetChangesTimeouts()
    {
        Run r =
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("slow"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(), QStringLiteral("--no-key"),
                   QStringLiteral("--total-timeout"), QStringLiteral("900")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("slow"),
                   QStringLiteral("--connect-timeout"), QStringLiteral("2.5"),
                   QStringLiteral("--idle-timeout"), QStringLiteral("30"),
                   QStringLiteral("--disable")});
        QVERIFY2(r.code == 0, r.err.constData());

        llmux::Database db(llmux::DataDir::databasePath(m_dir.path()));
        QVERIFY(db.open().ok());
        const auto found = llmux::ProviderRepository(db).findByName(QStringLiteral("slow"));
        QVERIFY(found.ok() && found->has_value());
        const llmux::ProviderRecord slow = **found;
        QCOMPARE(slow.timeouts.connectMs, 2500);
        QCOMPARE(slow.timeouts.firstByteMs, llmux::ProviderTimeouts().firstByteMs);
        QCOMPARE(slow.timeouts.idleMs, 30000);
        QCOMPARE(slow.timeouts.totalMs, 900000);
        QVERIFY(!slow.enabled);

        r = llmux({QStringLiteral("provider"), QStringLiteral("list")});
        QVERIFY2(r.out.contains("timeouts: connect 2.5s, idle 30s, total 900s  (disabled)"),
                 r.out.constData());

        // How Responses API requests reach it.
        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("slow"),
                   QStringLiteral("--responses"), QStringLiteral("native")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("Responses API: native"), r.out.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("list")});
        QVERIFY2(r.out.contains("responses=native"), r.out.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("slow"),
                   QStringLiteral("--responses"), QStringLiteral("sometimes")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("--responses takes auto, native or translate"), r.err.constData());

        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("slow")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("Nothing to change"), r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("slow"),
                   QStringLiteral("--total-timeout"), QStringLiteral("never")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("--total-timeout takes a number of seconds"), r.err.constData());
        r = llmux({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("nosuch"),
                   QStringLiteral("--enable")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no provider named 'nosuch'"), r.err.constData());
    }

    void healthChecksEveryProviderAndRemembers()
    {
        QTemporaryDir dir;
        m_otherDataDir = dir.path();
        const auto restore = qScopeGuard([this] { m_otherDataDir.clear(); });
        Run r = llmux({QStringLiteral("health")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("No health checks yet"), r.out.constData());

        qputenv("LLMUX_TEST_HEALTH_KEY", "sk-health");
        r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("good"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(),
                   QStringLiteral("--api-key-env"), QStringLiteral("LLMUX_TEST_HEALTH_KEY")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("health"), QStringLiteral("--check")});
        QVERIFY2(r.code == 0, QByteArray(r.err + r.out).constData());
        QVERIFY2(r.out.contains("good") && r.out.contains(" ok ") && r.out.contains("100.0%"),
                 r.out.constData());

        // A provider nobody answers for: reported, and the exit code says so.
        r = llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("gone"),
                   QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9/v1"),
                   QStringLiteral("--no-key"), QStringLiteral("--connect-timeout"),
                   QStringLiteral("2")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = llmux({QStringLiteral("health"), QStringLiteral("--check"), QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        const QJsonArray rows = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(rows.size(), 2);
        for (const QJsonValue &row : rows) {
            const bool good = row[QLatin1String("provider")].toString() == QLatin1String("good");
            QCOMPARE(row[QLatin1String("ok")].toBool(), good);
            if (!good)
                QVERIFY(!row[QLatin1String("error")].toString().isEmpty());
        }
        // Without --check it shows what is remembered.
        r = llmux({QStringLiteral("health")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("FAILING") && r.out.contains("gone"), r.out.constData());
    }

    void tuningSettingsAreListedCheckedAndChanged()
    {
        Run r = llmux({QStringLiteral("settings")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("retry.max_attempts") && r.out.contains("health.interval_ms"),
                 r.out.constData());
        r = llmux({QStringLiteral("settings"), QStringLiteral("set"),
                   QStringLiteral("retry.max_attempts"), QStringLiteral("6")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), QByteArray("retry.max_attempts = 6"));
        r = llmux({QStringLiteral("settings")});
        QVERIFY2(r.out.contains("(default 4)"), r.out.constData());
        r = llmux({QStringLiteral("settings"), QStringLiteral("set"),
                   QStringLiteral("retry.max_attempts"), QStringLiteral("99")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("from 1 to 20"), r.err.constData());
        r = llmux({QStringLiteral("settings"), QStringLiteral("set"),
                   QStringLiteral("health.interval_ms"), QStringLiteral("0")});
        QVERIFY2(r.code == 0, r.err.constData()); // 0 turns checks off
        r = llmux({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("nope"),
                   QStringLiteral("1")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("breaker.failures"), r.err.constData());
        r = llmux({QStringLiteral("settings"), QStringLiteral("reset"),
                   QStringLiteral("retry.max_attempts")});
        QCOMPARE(r.out.trimmed(), QByteArray("retry.max_attempts = 4"));
    }

    // One command sets an agent up (showing first what changes), --status tells, --undo puts
    // the user's file back byte for byte and revokes the key made for it.
    void connectSetsAgentsUpAndUndoes()
    {
        QTemporaryDir home, data;
        m_home = home.path();
        m_otherDataDir = data.path();
        Run r = llmux({QStringLiteral("connect"), QStringLiteral("codex")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no models yet"), r.err.constData());
        QVERIFY(
            llmux({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("p"),
                   QStringLiteral("--base-url"), m_upstream.baseUrl(), QStringLiteral("--no-key")})
                .code == 0);
        QVERIFY(llmux({QStringLiteral("model"), QStringLiteral("add"), QStringLiteral("coder"),
                       QStringLiteral("--provider"), QStringLiteral("p"),
                       QStringLiteral("--upstream-model"), QStringLiteral("gpt-fake")})
                    .code == 0);
        const QString config = home.filePath(QStringLiteral(".codex/config.toml"));
        const QByteArray mine = "# mine\nmodel = \"o3\"\n\n[profiles.x]\nmodel = \"o4\"\n";
        QDir().mkpath(QFileInfo(config).absolutePath());
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(mine);
        file.close();
        auto readConfig = [&config] {
            QFile f(config);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };

        r = llmux(
            {QStringLiteral("connect"), QStringLiteral("codex"), QStringLiteral("--dry-run")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("wire_api = \"responses\""));
        QCOMPARE(readConfig(), mine); // a dry run changes nothing

        r = llmux({QStringLiteral("connect"), QStringLiteral("codex"), QStringLiteral("--model"),
                   QStringLiteral("coder")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!r.out.contains("sk-llmux")); // the key goes into the file, not the terminal
        QVERIFY(readConfig().contains("model = \"coder\""));
        QVERIFY(readConfig().contains("[profiles.x]\nmodel = \"o4\""));
        r = llmux({QStringLiteral("key"), QStringLiteral("list")});
        QVERIFY(r.out.contains("codex"));
        r = llmux({QStringLiteral("connect"), QStringLiteral("--status")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("codex       uses LLMux"), r.out.constData());
        QVERIFY(r.out.contains("claude-code not set up"));

        r = llmux({QStringLiteral("connect"), QStringLiteral("codex"), QStringLiteral("--undo")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(readConfig(), mine);
        r = llmux({QStringLiteral("key"), QStringLiteral("list")});
        QVERIFY2(r.out.contains("revoked"), r.out.constData());
        r = llmux({QStringLiteral("connect"), QStringLiteral("codex"), QStringLiteral("--undo")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("nothing to undo"));
        r = llmux({QStringLiteral("connect"), QStringLiteral("cursor")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("claude-code, codex or gemini-cli"));
        r = llmux({QStringLiteral("connect"), QStringLiteral("claude-code"),
                   QStringLiteral("--model"), QStringLiteral("nope")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("coder"));
        m_home.clear();
        m_otherDataDir.clear();
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
