// The dashboard over a real SQLite log: today's cards, the live chart of the last hour and the
// top models, refreshed when new usage is written; the window rendered to dashboard.png in the
// working folder for a reviewer.
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/Database.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/MainWindow.h"
#include "ui/common/UsageBreakdownModel.h"
#include "ui/dashboard/DashboardPage.h"
#include "ui/dashboard/GettingStartedCard.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/providers/ProviderDialog.h"
#include "ui/providers/ProvidersPage.h"
#include "ui/theme/Theme.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

RequestLogEntry entry(qint64 ts, const QString &model, double latency, int status = 200)
{
    RequestLogEntry e;
    e.timestampMs = ts;
    e.endpoint = QStringLiteral("/v1/chat/completions");
    e.keyName = QStringLiteral("laptop");
    e.modelRequested = model;
    e.upstreamModel = model;
    e.provider = QStringLiteral("openai");
    e.status = status;
    e.latencyMs = latency;
    e.promptTokens = 100;
    e.completionTokens = 20;
    e.cost = 0.25;
    return e;
}

// Requests a few minutes ago (still today, unless the test runs just after midnight), of seven
// models with 7, 6, … 1 requests; one of the first model's failed. Latencies 100, 200, … ms.
QList<RequestLogEntry> todaysLog(qint64 now)
{
    QList<RequestLogEntry> rows;
    int latency = 0;
    for (int m = 0; m < 7; ++m)
        for (int i = 0; i < 7 - m; ++i)
            rows << entry(now - 5 * 60 * 1000 + m * 1000 + i, QStringLiteral("model-%1").arg(m),
                          latency += 100, m == 0 && i == 0 ? 502 : 200);
    rows << entry(now - 2 * 24 * 3600 * 1000LL, QStringLiteral("yesterday-model"), 5); // not today
    return rows;
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTodaysUsageTheLastHourAndTopModels()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (QDateTime::fromMSecsSinceEpoch(now - 6 * 60 * 1000).date() != QDate::currentDate())
            QSKIP("too close to midnight for 'today'");
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        QList<RequestLogEntry> rows = todaysLog(now);
        QVERIFY(RequestLogRepository(db).insertBatch(rows).ok());
        SecretStore secrets(
            QStringLiteral("LLMux-tests-dashboard-%1").arg(QCoreApplication::applicationPid()));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        recent.prepend(rows.mid(0, 8));

        Theme::apply(Theme::Mode::Light);
        MainWindow window(&gateway, &recent, &db);
        window.resize(1180, 780);
        window.show();
        auto *page = window.findChild<DashboardPage *>();
        QVERIFY(page);
        QVERIFY(page->hasUsage());
        QVERIFY(QTest::qWaitFor([&] { return page->isLoaded() && !page->isBusy(); }, 10000));
        QVERIFY(page->stateText().contains(QLatin1String("Stopped")));

        const QLocale locale;
        QCOMPARE(page->cardText(DashboardPage::RequestsToday), locale.toString(28));
        QCOMPARE(page->cardText(DashboardPage::SuccessRate),
                 locale.toString(100.0 * 27 / 28, 'f', 1) + QLatin1Char('%'));
        // 28 latencies 100 … 2800 ms: the median is between 1400 and 1500.
        QCOMPARE(page->cardText(DashboardPage::MedianLatency),
                 locale.toString(1.45, 'f', 1) + QStringLiteral(" s"));
        QCOMPARE(page->cardText(DashboardPage::TokensToday), locale.toString(28 * 120));
        QCOMPARE(page->cardText(DashboardPage::CostToday), QStringLiteral("$7.00"));

        // The top five models of today, biggest first.
        const UsageBreakdownModel &top = *page->topModels();
        QCOMPARE(top.rowCount(), DashboardPage::kTopModels);
        QCOMPARE(top.index(0, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("model-0"));
        QCOMPARE(top.index(0, UsageBreakdownModel::Requests).data().toString(), locale.toString(7));
        QCOMPARE(top.index(4, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("model-4"));

        // The last hour by minute: all 28 requests, five minutes ago.
        QCOMPARE(page->lastHour().size(), 60);
        qint64 lastHour = 0;
        for (const UsageBucket &b : page->lastHour())
            lastHour += b.totals.requests;
        QCOMPARE(lastHour, 28);
        auto *bars = qobject_cast<QBarSeries *>(page->liveChartView()->chart()->series().value(0));
        QVERIFY(bars);
        QCOMPARE(bars->barSets().at(0)->count(), 60);
        QCOMPARE(page->liveChartView()->chart()->series().size(), 2); // and the latency line

        const QString png = QDir::current().filePath(QStringLiteral("dashboard.png"));
        QVERIFY(window.grab().save(png));
        qInfo() << "rendered" << png;

        // New usage: the cards follow without a click (throttled).
        QList<RequestLogEntry> more = {
            entry(QDateTime::currentMSecsSinceEpoch(), QStringLiteral("model-6"), 50)};
        QVERIFY(RequestLogRepository(db).insertBatch(more).ok());
        Q_EMIT gateway.requestLogWriter()->written(more);
        QTRY_COMPARE_WITH_TIMEOUT(page->cardText(DashboardPage::RequestsToday), locale.toString(29),
                                  10000);

        // The dark theme recolours the live chart's labels.
        Theme::apply(Theme::Mode::Dark);
        const auto axes = page->liveChartView()->chart()->axes();
        QVERIFY(!axes.isEmpty());
        QCOMPARE(axes.first()->labelsColor(), Theme::palette(true).color(QPalette::Dark));
        QCoreApplication::processEvents(); // the new style sheet's layout
        QVERIFY(window.grab().save(QDir::current().filePath(QStringLiteral("dashboard-dark.png"))));
        Theme::apply(Theme::Mode::Light);
    }

    // A fresh install shows three steps, each opening the page that does it, ticked as the user
    // adds a provider, creates a key and sends a request; then the card goes away.
    void guidesANewUserThroughTheFirstSteps()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        MainWindow window(&gateway, &recent, &db);
        auto *providers = new ProvidersPage(&gateway, db, secrets);
        window.addPage(providers, QStringLiteral("providers"));
        for (const char *name : {"connect", "playground", "settings"}) {
            auto *page = new QWidget;
            page->setWindowTitle(QLatin1String(name));
            window.addPage(page, QLatin1String(name));
        }
        window.show();
        auto *dashboard = window.findChild<DashboardPage *>();
        GettingStartedCard *steps = dashboard->gettingStarted();
        QVERIFY(steps && steps->isVisible());
        QVERIFY(!steps->isDone(GettingStartedCard::AddProvider));
        QVERIFY(steps->button(GettingStartedCard::AddProvider)->isVisible());
        QCOMPARE(steps->button(GettingStartedCard::AddProvider)->objectName(),
                 QStringLiteral("accentButton")); // the next step stands out

        // Keyboard: Ctrl+, opens the settings wherever they are in the sidebar, Ctrl+1 the
        // dashboard.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(window.page(window.currentPageIndex())->windowTitle(), QStringLiteral("settings"));
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentPageIndex(), 0);

        // "Add provider" goes to the page and opens its dialog, ready to pick a preset.
        QTest::mouseClick(steps->button(GettingStartedCard::AddProvider), Qt::LeftButton);
        QCOMPARE(window.page(window.currentPageIndex()), providers);
        QPointer<ProviderDialog> dialog;
        QTRY_VERIFY((dialog = providers->findChild<ProviderDialog *>()) && dialog->isVisible());
        dialog->reject();
        QTRY_VERIFY(!dialog); // closed and gone
        QTest::mouseClick(steps->button(GettingStartedCard::FirstRequest), Qt::LeftButton);
        QCOMPARE(window.page(window.currentPageIndex())->windowTitle(),
                 QStringLiteral("playground"));

        ProviderRecord provider;
        provider.name = QStringLiteral("deepseek");
        provider.kind = QStringLiteral("openai");
        provider.baseUrl = QStringLiteral("https://api.deepseek.com/v1");
        QVERIFY(ProviderRepository(db).add(provider).ok());
        GatewayKeyRecord key;
        key.name = QStringLiteral("cherry");
        QVERIFY(GatewayKeyIssuer::issue(db, key).ok());
        window.showPage(0); // the dashboard looks again when shown
        QVERIFY(steps->isDone(GettingStartedCard::AddProvider));
        QVERIFY(steps->isDone(GettingStartedCard::ConnectClient));
        QVERIFY(!steps->button(GettingStartedCard::ConnectClient)->isVisible());
        QCOMPARE(steps->button(GettingStartedCard::FirstRequest)->objectName(),
                 QStringLiteral("accentButton"));
        QVERIFY(steps->isVisible());

        RequestLogEntry first;
        first.timestampMs = QDateTime::currentMSecsSinceEpoch();
        first.status = 200;
        recent.prepend({first});
        QVERIFY(steps->allDone());
        QVERIFY(!steps->isVisible());
    }

    void worksWithoutUsageWhenGivenNoDatabase()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        DashboardPage page(&gateway, &recent);
        QVERIFY(!page.hasUsage());
        QVERIFY(page.cardText(DashboardPage::RequestsToday).isEmpty());
        QVERIFY(page.stateText().contains(QLatin1String("Stopped")));
    }

    void showsDashesOnAnEmptyDay()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        DashboardPage page(&gateway, &recent, &db);
        QVERIFY(QTest::qWaitFor([&] { return page.isLoaded() && !page.isBusy(); }, 10000));
        QCOMPARE(page.cardText(DashboardPage::RequestsToday), QStringLiteral("0"));
        QCOMPARE(page.cardText(DashboardPage::SuccessRate), QStringLiteral("–"));
        QCOMPARE(page.cardText(DashboardPage::MedianLatency), QStringLiteral("–"));
        QCOMPARE(page.topModels()->rowCount(), 0);
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
