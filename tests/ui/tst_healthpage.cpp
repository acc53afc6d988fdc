// The health page over a real gateway: provider keys checked against a fake provider, a closed
// port and a rejected key; route targets with their circuits; the sidebar that leads there; the
// tray's status. Renders the window to PNG in the working folder (health.png) for a reviewer.
#include "app/gui/TrayIcon.h"
#include "core/gateway/Gateway.h"
#include "core/routing/RoutingState.h"
#include "core/store/Database.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "ui/MainWindow.h"
#include "ui/common/StatusTone.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/health/HealthModel.h"
#include "ui/health/HealthPage.h"
#include "ui/health/TargetHealthModel.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace llmux;
using namespace llmux::test;

namespace {

// The row whose first two columns are a and b, or -1.
int rowOf(const QAbstractItemModel &model, const QString &a, const QString &b)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, 0).data().toString() == a &&
            model.index(row, 1).data().toString() == b)
            return row;
    return -1;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return row < 0 ? QString() : model.index(row, column).data(role).toString();
}

HealthModel::KeyStatus keyStatus(const HealthModel &model, const QString &provider)
{
    const int row = rowOf(model, provider, QStringLiteral("main"));
    return row < 0 ? HealthModel::KeyStatus::NotChecked
                   : HealthModel::KeyStatus(
                         model.index(row, 0).data(HealthModel::KeyStatusRole).toInt());
}

qint64 addProvider(const Database &db, const QString &name, const QString &baseUrl,
                   const QString &keyEnv)
{
    ProviderRecord p;
    p.name = name;
    p.kind = QStringLiteral("openai");
    p.baseUrl = baseUrl;
    p.apiKeyEnv = keyEnv;
    const auto id = ProviderRepository(db).add(p);
    return id ? id.value() : -1;
}

} // namespace

class TestHealthPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relativeTimesReadLikeAPerson()
    {
        const qint64 now = 1700000000000;
        QCOMPARE(HealthModel::relativeTime(now - 5000, now), QStringLiteral("just now"));
        QCOMPARE(HealthModel::relativeTime(now - 125000, now), QStringLiteral("2 min ago"));
        QCOMPARE(HealthModel::relativeTime(now - 3 * 3600000LL, now), QStringLiteral("3 h ago"));
        QCOMPARE(HealthModel::relativeTime(now - 50 * 3600000LL, now), QStringLiteral("2 d ago"));
    }

    void chineseTranslationCoversThePage()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/llmux_zh_CN.qm")));
        QCOMPARE(translator.translate("llmux::HealthPage", "Check now"),
                 QStringLiteral("立即检查"));
        QCOMPARE(translator.translate("llmux::HealthModel", "rejected"), QStringLiteral("被拒绝"));
        QCOMPARE(translator.translate("llmux::TargetHealthModel", "circuit open until %1"),
                 QStringLiteral("熔断至 %1"));
        QCOMPARE(translator.translate("llmux::TrayIcon", "Provider '%1' is back up"),
                 QStringLiteral("服务商“%1”已恢复"));
    }

    void emptyStatesWithoutProvidersOrRoutes()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        HealthModel keys(&gateway, db);
        TargetHealthModel targets(&gateway);
        MainWindow window(&gateway, &recent);
        auto *page = new HealthPage(&gateway, &keys, &targets);
        window.addPage(page);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentPageIndex(), 1);
        QVERIFY(page->isVisible());
        const auto empties = page->findChildren<QLabel *>(QStringLiteral("emptyState"));
        QCOMPARE(empties.size(), 2);
        for (QLabel *empty : empties)
            QVERIFY(empty->isVisible());
        QVERIFY(!page->keysView()->isVisible());
        QVERIFY(!page->targetsView()->isVisible());
        // Nothing to check while the gateway is stopped.
        QVERIFY(!page->checkButton()->isEnabled());
    }

    void checkNowShowsEachKeyAndEveryTarget()
    {
        FakeOpenAiUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.rejectKey("sk-healthpage-revoked");
        quint16 closedPort = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            closedPort = closed.serverPort();
        }
        qputenv("LLMUX_TEST_HEALTHPAGE_KEY", "sk-healthpage");
        qputenv("LLMUX_TEST_HEALTHPAGE_REVOKED", "sk-healthpage-revoked");

        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        // Only the button starts checks here.
        SettingsRepository settings(db);
        QVERIFY(settings.setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0")));
        QVERIFY(settings.setValue(QStringLiteral("health.timeout_ms"), QStringLiteral("3000")));
        const qint64 fakeId = addProvider(db, QStringLiteral("fake"), upstream.baseUrl(),
                                          QStringLiteral("LLMUX_TEST_HEALTHPAGE_KEY"));
        const qint64 deadId =
            addProvider(db, QStringLiteral("dead"),
                        QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort), QString());
        QVERIFY(addProvider(db, QStringLiteral("revoked"), upstream.baseUrl(),
                            QStringLiteral("LLMUX_TEST_HEALTHPAGE_REVOKED")) > 0);
        QVERIFY(fakeId > 0 && deadId > 0);
        RouteRecord route;
        route.pattern = QStringLiteral("smart");
        route.strategy = RouteStrategy::Failover;
        route.targets = {{fakeId, QStringLiteral("fake"), QStringLiteral("gpt-fake"), 1},
                         {deadId, QStringLiteral("dead"), QStringLiteral("gpt-dead"), 1}};
        QVERIFY(RouteRepository(db).save(route, false).ok());
        ModelRecord alias;
        alias.publicName = QStringLiteral("quick");
        alias.providerId = fakeId;
        alias.upstreamModel = QStringLiteral("gpt-fake");
        QVERIFY(ModelRepository(db).add(alias).ok());

        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        HealthModel keys(&gateway, db);
        TargetHealthModel targets(&gateway);
        MainWindow window(&gateway, &recent);
        auto *page = new HealthPage(&gateway, &keys, &targets);
        QCOMPARE(window.addPage(page), 1);
        TrayIcon tray(&gateway, &window);
        window.resize(1180, 720);
        window.show();

        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));

        // The sidebar leads to the page with the keyboard.
        auto *sidebar = window.findChild<QListWidget *>(QStringLiteral("sidebar"));
        QVERIFY(sidebar);
        QCOMPARE(sidebar->item(1)->text(), QStringLiteral("Health"));
        sidebar->setFocus();
        QTest::keyClick(sidebar, Qt::Key_Down);
        QCOMPARE(window.currentPageIndex(), 1);
        QVERIFY(page->isVisible());

        QTRY_COMPARE(keys.rowCount(), 3);
        QCOMPARE(keyStatus(keys, QStringLiteral("fake")), HealthModel::KeyStatus::NotChecked);
        QCOMPARE(cell(keys, rowOf(keys, QStringLiteral("fake"), QStringLiteral("main")),
                      HealthModel::Status),
                 QStringLiteral("not checked"));

        // Every target of the route and the alias, all healthy before any traffic.
        QCOMPARE(targets.rowCount(), 3);
        const int fakeTarget =
            rowOf(targets, QStringLiteral("smart"), QStringLiteral("fake/gpt-fake"));
        const int deadTarget =
            rowOf(targets, QStringLiteral("smart"), QStringLiteral("dead/gpt-dead"));
        QVERIFY(fakeTarget >= 0 && deadTarget >= 0);
        QVERIFY(rowOf(targets, QStringLiteral("quick"), QStringLiteral("fake/gpt-fake")) >= 0);
        QCOMPARE(cell(targets, deadTarget, TargetHealthModel::State), QStringLiteral("healthy"));

        QPushButton *check = page->checkButton();
        QVERIFY(check->isEnabled());
        QTest::mouseClick(check, Qt::LeftButton);
        QVERIFY(!check->isEnabled());
        QCOMPARE(check->text(), QStringLiteral("Checking…"));

        QTRY_COMPARE_WITH_TIMEOUT(keyStatus(keys, QStringLiteral("fake")),
                                  HealthModel::KeyStatus::Up, 8000);
        QTRY_COMPARE_WITH_TIMEOUT(keyStatus(keys, QStringLiteral("dead")),
                                  HealthModel::KeyStatus::Failing, 8000);
        QTRY_COMPARE_WITH_TIMEOUT(keyStatus(keys, QStringLiteral("revoked")),
                                  HealthModel::KeyStatus::Rejected, 8000);
        QTRY_VERIFY(check->isEnabled());
        QCOMPARE(check->text(), QStringLiteral("Check now"));

        const int fakeRow = rowOf(keys, QStringLiteral("fake"), QStringLiteral("main"));
        const int deadRow = rowOf(keys, QStringLiteral("dead"), QStringLiteral("main"));
        QCOMPARE(cell(keys, fakeRow, HealthModel::Status), QStringLiteral("up"));
        QCOMPARE(keys.index(fakeRow, HealthModel::Status).data(ToneRole).toInt(),
                 int(StatusTone::Good));
        QVERIFY(cell(keys, fakeRow, HealthModel::Latency).endsWith(QLatin1String(" ms")));
        QCOMPARE(cell(keys, fakeRow, HealthModel::LastCheck), QStringLiteral("just now"));
        QCOMPARE(cell(keys, fakeRow, HealthModel::Day), QStringLiteral("100%"));
        QCOMPARE(cell(keys, deadRow, HealthModel::Status), QStringLiteral("failing"));
        QCOMPARE(keys.index(deadRow, HealthModel::Status).data(ToneRole).toInt(),
                 int(StatusTone::Bad));
        QCOMPARE(cell(keys, deadRow, HealthModel::Week), QStringLiteral("0%"));
        const QString error = cell(keys, deadRow, HealthModel::Error);
        QVERIFY2(error.contains(QLatin1String("refused")), qPrintable(error));
        QVERIFY(!cell(keys, rowOf(keys, QStringLiteral("revoked"), QStringLiteral("main")),
                      HealthModel::Error)
                     .isEmpty());

        // The tray knows which providers are down, with or without a system tray to show it.
        QCOMPARE(tray.downProviders(),
                 QStringList({QStringLiteral("dead"), QStringLiteral("revoked")}));
        QVERIFY(tray.statusText().contains(QLatin1String("dead")));
        auto *summary = page->findChild<QLabel *>(QStringLiteral("pageSummary"));
        QVERIFY(summary);
        QCOMPARE(summary->text(), QStringLiteral("2 of 3 providers down"));

        // A target that keeps failing opens its circuit; the page follows within its poll.
        const GatewayConfigPtr config = gateway.currentConfig();
        const ModelTarget dead = config->routes.value(QStringLiteral("smart")).targets.at(1);
        FailureVerdict verdict;
        verdict.scope = FailureVerdict::Scope::Transient;
        verdict.countsAgainstTarget = true;
        for (int i = 0; i < config->breaker.consecutiveFailures; ++i)
            gateway.routingState()->recordFailure(dead, dead.provider->keys.first(), verdict,
                                                  QStringLiteral("connection refused"),
                                                  gateway.routingState()->nowMs(), config->breaker);
        QTRY_VERIFY_WITH_TIMEOUT(cell(targets, deadTarget, TargetHealthModel::State)
                                     .startsWith(QLatin1String("circuit open until ")),
                                 TargetHealthModel::kPollMs * 2);
        QCOMPARE(targets.index(deadTarget, TargetHealthModel::State).data(ToneRole).toInt(),
                 int(StatusTone::Bad));
        QVERIFY(cell(targets, deadTarget, TargetHealthModel::Reason)
                    .contains(QLatin1String("refused")));
        QCOMPARE(cell(targets, deadTarget, TargetHealthModel::Failures),
                 QStringLiteral("5 of 5 failed"));
        QCOMPARE(cell(targets, fakeTarget, TargetHealthModel::State), QStringLiteral("healthy"));

        const QString png = QDir::current().filePath(QStringLiteral("health.png"));
        QVERIFY(window.grab().save(png));
        qInfo() << "rendered" << png;
        gateway.stop();
    }
};

QTEST_MAIN(TestHealthPage)
#include "tst_healthpage.moc"
