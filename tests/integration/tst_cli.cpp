// The `llmux` command line as a user drives it: provider with its key in the real OS keychain,
// model, key, provider test, serve, a request through the served gateway, and the request in the
// log after a clean SIGTERM. Runs under with-keyring (label keychain).
#include "fakes/FakeAnthropicUpstream.h"
#include "fakes/FakeGeminiUpstream.h"
#include "fakes/FakeOpenAiUpstream.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace llmux::test;

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeOpenAiUpstream m_upstream;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Run llmux(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        QStringList all = {QStringLiteral("--data-dir"), m_dir.path()};
        all += args;
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
        // The secret is nowhere in the data folder.
        QProcess grep;
        grep.start(QStringLiteral("grep"),
                   {QStringLiteral("-r"), QStringLiteral("sk-from-stdin"), m_dir.path()});
        QVERIFY(grep.waitForFinished());
        QCOMPARE(grep.exitCode(), 1);

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
        QCOMPARE(anthropic.lastRequestPath(), QByteArray("/v1/models"));

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
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
