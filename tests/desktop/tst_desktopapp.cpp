// The real `llmux` desktop app on a real X server (tests/support/with-desktop.sh: Xvfb, openbox and
// a tray host), driven with xdotool as a person would: Quit from the tray menu with the window
// shown and hidden, File → Quit with Ctrl+Q, closing the window hides it to the tray, a port change
// in Settings (a busy port and a free one), SIGTERM with requests in flight. Afterwards it checks
// the process (exit code 0), the port (free again), the runtime file (gone) and the request log
// (every answered request recorded).
#include "core/config/ListenSettings.h"
#include "core/store/DataDir.h"
#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RuntimeFile.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeOpenAiUpstream.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace llmux;
using namespace llmux::test;

namespace {

// Runs a short helper program (xdotool) to its end and returns what it printed.
QByteArray run(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
    }
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

QByteArray xdotool(const QStringList &args)
{
    return run(QStringLiteral("xdotool"), args);
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool portAnswers(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(1000);
}

// One running desktop app on its own data folder and port.
class DesktopApp
{
public:
    DesktopApp(const QString &dataDir, quint16 port)
        : m_dataDir(dataDir)
        , m_port(port)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.remove(QStringLiteral("LLMUX_DATA_DIR"));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(LLMUX_BINARY), {QStringLiteral("--data-dir"), dataDir});
    }
    ~DesktopApp()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return m_port; }

    // Every top-level window of the app, with its size.
    struct Window
    {
        QByteArray id;
        QSize size;
    };
    QList<Window> windows() const
    {
        QList<Window> found;
        const QByteArray ids =
            xdotool({QStringLiteral("search"), QStringLiteral("--pid"), QString::number(pid())});
        for (const QByteArray &id : ids.split('\n')) {
            if (id.trimmed().isEmpty())
                continue;
            // "WIDTH=…\nHEIGHT=…" among others with --shell.
            const QByteArray shell = xdotool({QStringLiteral("getwindowgeometry"),
                                              QStringLiteral("--shell"), QString::fromLatin1(id)});
            QSize size;
            for (const QByteArray &line : shell.split('\n')) {
                if (line.startsWith("WIDTH="))
                    size.setWidth(line.mid(6).toInt());
                if (line.startsWith("HEIGHT="))
                    size.setHeight(line.mid(7).toInt());
            }
            found.append({id.trimmed(), size});
        }
        return found;
    }
    // The main window: the large one. The tray icon: the small one the tray host embeds.
    QByteArray mainWindow() const
    {
        for (const Window &w : windows())
            if (w.size.width() >= 400)
                return w.id;
        return {};
    }
    QByteArray trayIcon() const
    {
        for (const Window &w : windows())
            if (w.size.width() > 0 && w.size.width() <= 64)
                return w.id;
        return {};
    }
    bool mainWindowVisible() const
    {
        const QByteArray window = mainWindow();
        if (window.isEmpty())
            return false;
        const QByteArray visible =
            xdotool({QStringLiteral("search"), QStringLiteral("--onlyvisible"),
                     QStringLiteral("--pid"), QString::number(pid())});
        return visible.split('\n').contains(window);
    }

    // Types keys into the main window, as its user would.
    void typeIntoWindow(const QString &keys)
    {
        xdotool({QStringLiteral("windowactivate"), QStringLiteral("--sync"),
                 QString::fromLatin1(mainWindow())});
        xdotool({QStringLiteral("key"), QStringLiteral("--clearmodifiers"), keys});
    }

    void quitFromTray()
    {
        const QString icon = QString::fromLatin1(trayIcon());
        // Right-click opens the menu; Up from no selection picks its last item, "Quit LLMux".
        xdotool({QStringLiteral("mousemove"), QStringLiteral("--window"), icon, QStringLiteral("8"),
                 QStringLiteral("8"), QStringLiteral("click"), QStringLiteral("3")});
        QTest::qWait(400); // the menu maps asynchronously; nothing in the app to wait on
        xdotool({QStringLiteral("key"), QStringLiteral("Up"), QStringLiteral("Return")});
    }

    // (waitForFinished() says false for a process that has already ended.)
    bool waitForExit(int ms = 20000)
    {
        return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(ms);
    }

private:
    QString m_dataDir;
    quint16 m_port;
    QProcess m_process;
};

} // namespace

class TestDesktopApp : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeOpenAiUpstream m_upstream;
    int m_folders = 0;

    // A data folder with the gateway on a free port, the fake provider and a gateway key.
    struct Setup
    {
        QString dataDir;
        quint16 port = 0;
        QByteArray key;
    };
    Setup prepare()
    {
        Setup s;
        s.dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(++m_folders));
        s.port = freePort();
        QDir().mkpath(s.dataDir);
        Database db(DataDir::databasePath(s.dataDir));
        if (!db.open().ok())
            return {};
        SettingsRepository settings(db);
        if (!ListenSettings::save(settings, QStringLiteral("127.0.0.1"), QString::number(s.port)))
            return {};
        if (!settings.setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0")))
            return {};
        db.releaseThreadConnection();
        const auto cli = [&](const QStringList &args) {
            int code = -1;
            const QByteArray out =
                run(QStringLiteral(LLMUX_BINARY),
                    QStringList{QStringLiteral("--data-dir"), s.dataDir} + args, &code);
            return code == 0 ? out : QByteArray();
        };
        if (cli({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("fake"),
                 QStringLiteral("--kind"), QStringLiteral("openai"), QStringLiteral("--base-url"),
                 m_upstream.baseUrl(), QStringLiteral("--no-key")})
                .isEmpty())
            return {};
        s.key =
            cli({QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("e2e")}).trimmed();
        return s;
    }

    // Starts the app and waits until it serves and shows its window.
    bool startAndWait(DesktopApp &app)
    {
        if (!app.process().waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            if (app.process().state() == QProcess::NotRunning)
                return false;
            if (portAnswers(app.port()) && app.mainWindowVisible() && !app.trayIcon().isEmpty())
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    // Sends chat requests with the fake upstream answering after delayMs; returns the sockets.
    std::vector<std::unique_ptr<QTcpSocket>> sendChats(const Setup &s, int count, int delayMs)
    {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        const QByteArray model =
            delayMs > 0 ? "fake/slow-" + QByteArray::number(delayMs) : QByteArray("fake/gpt-fake");
        const QByteArray body =
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (int i = 0; i < count; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, s.port);
            if (!socket->waitForConnected(5000))
                return {};
            socket->write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer " +
                          s.key + "\r\nContent-Type: application/json\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->flush();
            sockets.push_back(std::move(socket));
        }
        return sockets;
    }

    static qint64 loggedRequests(const Setup &s)
    {
        Database db(DataDir::databasePath(s.dataDir));
        if (!db.open().ok())
            return -1;
        const auto recent = RequestLogRepository(db).recent(1000);
        db.releaseThreadConnection();
        return recent ? recent->size() : -1;
    }

    void verifyCleanExit(DesktopApp &app, const Setup &s)
    {
        QVERIFY2(app.waitForExit(), "the app is still running");
        QCOMPARE(app.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.process().exitCode(), 0);
        QVERIFY2(!portAnswers(s.port), "the port is still served");
        QVERIFY2(!QFile::exists(QDir(s.dataDir).filePath(QStringLiteral("gateway.json"))),
                 "gateway.json outlived the app");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("DISPLAY"),
                 "Needs an X server with a tray: run it through tests/support/with-desktop.sh");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_upstream.listen());
    }

    void quitFromTheTrayWithTheWindowShown()
    {
        const Setup s = prepare();
        QVERIFY(!s.key.isEmpty());
        DesktopApp app(s.dataDir, s.port);
        QVERIFY2(startAndWait(app), "the app did not start, serve and show its window");
        QVERIFY(QFile::exists(QDir(s.dataDir).filePath(QStringLiteral("gateway.json"))));
        app.quitFromTray();
        verifyCleanExit(app, s);
    }

    void closingHidesToTheTrayAndQuitFromTheTrayStillQuits()
    {
        const Setup s = prepare();
        QVERIFY(!s.key.isEmpty());
        DesktopApp app(s.dataDir, s.port);
        QVERIFY2(startAndWait(app), "the app did not start, serve and show its window");
        // The window manager's close (as the title bar's × does): hidden, still serving.
        app.typeIntoWindow(QStringLiteral("alt+F4"));
        QTRY_VERIFY_WITH_TIMEOUT(!app.mainWindowVisible(), 10000);
        QVERIFY(app.process().state() == QProcess::Running);
        QVERIFY(portAnswers(s.port));
        app.quitFromTray();
        verifyCleanExit(app, s);
    }

    void ctrlQQuitsFromTheWindow()
    {
        const Setup s = prepare();
        QVERIFY(!s.key.isEmpty());
        DesktopApp app(s.dataDir, s.port);
        QVERIFY2(startAndWait(app), "the app did not start, serve and show its window");
        app.typeIntoWindow(QStringLiteral("ctrl+q"));
        verifyCleanExit(app, s);
    }

    // Settings → Port, typed and applied as a person would: a port another program holds keeps
    // the gateway where it is; a free one moves it there.
    void aPortChangeMovesTheGatewayOnlyWhereItCanListen()
    {
        const Setup s = prepare();
        QVERIFY(!s.key.isEmpty());
        DesktopApp app(s.dataDir, s.port);
        QVERIFY2(startAndWait(app), "the app did not start, serve and show its window");
        const QString window = QString::fromLatin1(app.mainWindow());
        app.typeIntoWindow(QStringLiteral("ctrl+comma")); // Settings
        QTest::qWait(300);                                // the page switch is drawn asynchronously
        // Into the Port field (where it is in the default 1180×760 window), then the keyboard
        // only: a message at the top of the page moves everything down.
        xdotool({QStringLiteral("mousemove"), QStringLiteral("--window"), window,
                 QStringLiteral("340"), QStringLiteral("190"), QStringLiteral("click"),
                 QStringLiteral("1")});
        const auto setPort = [&](quint16 port) {
            xdotool({QStringLiteral("key"), QStringLiteral("--clearmodifiers"),
                     QStringLiteral("ctrl+a")});
            xdotool({QStringLiteral("type"), QString::number(port)});
            // Tab to "Apply and restart gateway", Space presses it, Shift+Tab back to Port.
            xdotool({QStringLiteral("key"), QStringLiteral("--clearmodifiers"),
                     QStringLiteral("Tab"), QStringLiteral("space"), QStringLiteral("shift+Tab")});
        };

        QTcpServer other; // another program on the port asked for
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        setPort(other.serverPort());
        QTest::qWait(1000); // nothing to wait for: the gateway must simply not move
        QVERIFY(app.process().state() == QProcess::Running);
        QVERIFY2(portAnswers(s.port), "the gateway stopped serving on its port");

        const quint16 free = freePort();
        setPort(free);
        QTRY_VERIFY_WITH_TIMEOUT(portAnswers(free), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!portAnswers(s.port), 10000);
        app.typeIntoWindow(QStringLiteral("ctrl+q"));
        QVERIFY(app.waitForExit());
        QCOMPARE(app.process().exitCode(), 0);
        QVERIFY(!portAnswers(free));
    }

    void sigtermRecordsEveryRequestAndExitsCleanly()
    {
        const Setup s = prepare();
        QVERIFY(!s.key.isEmpty());
        {
            Database db(DataDir::databasePath(s.dataDir));
            QVERIFY(db.open().ok());
            QVERIFY(
                SettingsRepository(db)
                    .setValue(QStringLiteral("gateway.shutdown_grace_ms"), QStringLiteral("2000"))
                    .ok());
            db.releaseThreadConnection();
        }
        DesktopApp app(s.dataDir, s.port);
        QVERIFY2(startAndWait(app), "the app did not start, serve and show its window");
        // Five answered requests, then two waiting for their provider when SIGTERM arrives: one
        // answered within the grace period, one that would take 20 s and is cut off.
        auto answered = sendChats(s, 5, 0);
        QCOMPARE(answered.size(), size_t(5));
        for (auto &socket : answered)
            QTRY_VERIFY_WITH_TIMEOUT(
                socket->bytesAvailable() > 0 && socket->peek(64).startsWith("HTTP/1.1 200"), 10000);
        auto finishing = sendChats(s, 1, 500);
        auto endless = sendChats(s, 1, 20000);
        QCOMPARE(finishing.size() + endless.size(), size_t(2));
        QTRY_VERIFY_WITH_TIMEOUT(m_upstream.requestCount() >= 7, 10000);
        ::kill(pid_t(app.pid()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(finishing.front()->bytesAvailable() > 0, 10000);
        QVERIFY(finishing.front()->peek(64).startsWith("HTTP/1.1 200"));
        QTRY_VERIFY_WITH_TIMEOUT(endless.front()->bytesAvailable() > 0, 10000);
        const QByteArray cut = endless.front()->readAll();
        QVERIFY2(cut.startsWith("HTTP/1.1 503") && cut.contains("gateway_shutting_down"),
                 cut.constData());
        verifyCleanExit(app, s);
        // Every request recorded, and labelled for what happened to it.
        Database db(DataDir::databasePath(s.dataDir));
        QVERIFY(db.open().ok());
        const auto rows = RequestLogRepository(db).recent(100);
        db.releaseThreadConnection();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), qsizetype(7));
        int cutOff = 0;
        for (const RequestLogEntry &e : rows.value()) {
            QVERIFY(!e.clientDisconnected);
            if (e.status == 503) {
                ++cutOff;
                QVERIFY2(e.error.contains(QLatin1String("shutting down")), qPrintable(e.error));
            } else {
                QCOMPARE(e.status, 200);
            }
        }
        QCOMPARE(cutOff, 1);
    }
};

QTEST_GUILESS_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
