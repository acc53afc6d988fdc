// The desktop window over a real gateway: state, address, recent requests; rendered to PNG in the
// build folder (mainwindow.png) for a reviewer to look at.
#include "app/gui/SingleInstance.h"
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/SecretStore.h"
#include "ui/MainWindow.h"
#include "ui/common/StatusTone.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/theme/Theme.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTranslator>

using namespace llmux;

namespace {

RequestLogEntry entry(int i, int status = 200)
{
    RequestLogEntry e;
    e.timestampMs = 1700000000000 + i;
    e.keyName = QStringLiteral("laptop");
    e.modelRequested = QStringLiteral("fast");
    e.upstreamModel = QStringLiteral("deepseek-chat");
    e.provider = QStringLiteral("deepseek");
    e.status = status;
    e.latencyMs = 812.4;
    e.ttfbMs = 201.0;
    e.promptTokens = 120 + i;
    e.completionTokens = 48;
    e.cost = 0.000085;
    return e;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelShowsNewestFirstAndKeepsItsCapacity()
    {
        RecentRequestsModel model(3);
        model.prepend({entry(1), entry(2)});
        model.prepend({entry(3), entry(4, 502)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entryAt(0).timestampMs, entry(4).timestampMs);
        QCOMPARE(model.data(model.index(0, RecentRequestsModel::Status)).toString(),
                 QStringLiteral("502"));
        QCOMPARE(model.data(model.index(0, RecentRequestsModel::Model)).toString(),
                 QStringLiteral("fast → deepseek-chat"));
        QCOMPARE(model.data(model.index(1, RecentRequestsModel::Tokens)).toString(),
                 QStringLiteral("123 / 48"));
        QCOMPARE(model.entryAt(2).timestampMs, entry(2).timestampMs);
    }

    void aSecondLaunchActivatesTheFirst()
    {
        QTemporaryDir dir;
        SingleInstance first(dir.path());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);
        QVERIFY(first.listen());
        SingleInstance otherFolder(dir.path() + QStringLiteral("/other"));
        QVERIFY(!otherFolder.activateRunningInstance());
        // The second launch blocks on its socket, so it runs on its own thread.
        bool answered = false;
        QThread *second = QThread::create(
            [&] { answered = SingleInstance(dir.path()).activateRunningInstance(); });
        second->start();
        QTRY_VERIFY(second->isFinished());
        delete second;
        QVERIFY(answered);
        QTRY_COMPARE(activated.count(), 1);
    }

    void chineseTranslationIsCompiledIn()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/llmux_zh_CN.qm")));
        QCOMPARE(translator.translate("llmux::DashboardPage", "Stop gateway"),
                 QStringLiteral("停止网关"));
        QCOMPARE(translator.translate("llmux::TrayIcon", "Pause gateway"),
                 QStringLiteral("暂停网关"));
    }

    void windowFollowsTheGateway()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel model;
        Theme::apply(Theme::Mode::Light);
        QVERIFY2(qApp->styleSheet().contains(QLatin1String("#007AFF")),
                 "the style sheet resource is missing");
        MainWindow window(&gateway, &model);
        window.resize(980, 560);
        window.show();
        QVERIFY(window.stateText().contains(QLatin1String("Stopped")));

        GatewayOptions options;
        options.port = 0;
        QVERIFY(gateway.start(options).ok());
        QTRY_VERIFY(window.stateText().contains(QLatin1String("Running")));
        // The dot says it in colour too: green while running.
        auto *state = window.findChild<QLabel *>(QStringLiteral("stateLabel"));
        QVERIFY(state);
        QCOMPARE(state->property("tone").toInt(), int(StatusTone::Good));
        QVERIFY2(state->text().contains(toneBrush(StatusTone::Good).color().name()),
                 qPrintable(state->text()));
        QVERIFY(window.addressText().contains(gateway.baseUrl()));

        model.prepend({entry(1), entry(2, 401), entry(3)});
        const QString png = QDir::current().filePath(QStringLiteral("mainwindow.png"));
        QVERIFY(window.grab().save(png));
        qInfo() << "rendered" << png;

        QSignalSpy stop(&window, &MainWindow::stopRequested);
        QVERIFY(stop.isValid());
        gateway.stop();
        QTRY_VERIFY(window.stateText().contains(QLatin1String("Stopped")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
