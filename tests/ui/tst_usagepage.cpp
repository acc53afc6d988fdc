// The usage page over a real SQLite log: totals, charts and breakdowns for ranges of days,
// switching dimension and granularity, CSV and PDF export, refresh on new usage, the empty state.
// Renders the page to PNG in the working folder (usage.png) for a reviewer.
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/common/UsageBreakdownModel.h"
#include "ui/common/UsageCharts.h"
#include "ui/common/UsageLoader.h"
#include "ui/theme/Language.h"
#include "ui/theme/Theme.h"
#include "ui/usage/UsagePage.h"

#include <QAbstractAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace llmux;

namespace {

// Noon, so no day's request lands in another day when the clocks change.
qint64 daysAgo(int days, int minute = 0)
{
    return QDateTime(QDate::currentDate().addDays(-days), QTime(12, minute)).toMSecsSinceEpoch();
}

RequestLogEntry entry(qint64 ts, const QString &model, const QString &provider,
                      std::optional<qint64> keyId, const QString &keyName, qint64 prompt,
                      qint64 completion, double cost, int status = 200)
{
    RequestLogEntry e;
    e.timestampMs = ts;
    e.endpoint = QStringLiteral("/v1/chat/completions");
    e.modelRequested = model;
    e.provider = provider;
    e.upstreamModel = model;
    e.keyId = keyId;
    e.keyName = keyName;
    e.status = status;
    e.latencyMs = 420;
    e.promptTokens = prompt;
    e.completionTokens = completion;
    e.cost = cost;
    return e;
}

const QString kQuoted = QStringLiteral("my \"quoted\", model");

// Today: 3 × gpt-4o (laptop) and a failed claude (ci); yesterday 2 × claude (ci); three days
// ago a keyless model with a comma and quotes in its name; ten days ago 5 × old-model.
QList<RequestLogEntry> sampleLog()
{
    const QString gpt = QStringLiteral("gpt-4o");
    const QString claude = QStringLiteral("claude-sonnet");
    const QString openai = QStringLiteral("openai");
    const QString anthropic = QStringLiteral("anthropic");
    QList<RequestLogEntry> rows;
    for (int i = 0; i < 3; ++i)
        rows << entry(daysAgo(0, i), gpt, openai, 1, QStringLiteral("laptop"), 100, 50, 0.01);
    rows << entry(daysAgo(0, 5), claude, anthropic, 2, QStringLiteral("ci"), 0, 0, 0, 500);
    rows << entry(daysAgo(1), claude, anthropic, 2, QStringLiteral("ci"), 200, 100, 0.02);
    rows << entry(daysAgo(1, 1), claude, anthropic, 2, QStringLiteral("ci"), 200, 100, 0.02);
    rows << entry(daysAgo(3), kQuoted, openai, std::nullopt, QString(), 10, 10, 0.001);
    for (int i = 0; i < 5; ++i)
        rows << entry(daysAgo(10, i), QStringLiteral("old-model"), openai, 1,
                      QStringLiteral("laptop"), 1000, 1000, 1);
    return rows;
}

// A small RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() &&
                text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                   text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

} // namespace

class TestUsagePage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static bool waitLoaded(UsagePage &page)
    {
        return QTest::qWaitFor([&] { return page.isLoaded() && !page.isBusy(); }, 10000);
    }

private Q_SLOTS:
    // Axis dates read naturally in Chinese ("12月1日"), not as a month name and a bare day.
    void chartDatesFollowTheLanguage()
    {
        const QDateTime day(QDate(2026, 12, 1), QTime(0, 0));
        const QList<UsageBucket> buckets{{day.toMSecsSinceEpoch(), {}}};
        Language::install(QStringLiteral("zh_CN"));
        const QStringList zh = UsageCharts::bucketLabels(buckets, Granularity::Day, true);
        Language::install(QStringLiteral("en"));
        const QStringList en = UsageCharts::bucketLabels(buckets, Granularity::Day, true);
        QCOMPARE(zh.value(0), QStringLiteral("12月1日"));
        QCOMPARE(en.value(0), QStringLiteral("Dec 1"));
    }

    void rangesGiveLocalCalendarBuckets()
    {
        const UsageRange week{QDate(2026, 3, 2), QDate(2026, 3, 8)};
        QCOMPARE(week.automaticGranularity(), Granularity::Day);
        QCOMPARE(week.boundaries(Granularity::Day).size(), 8);
        QCOMPARE(week.boundaries(Granularity::Hour).size(),
                 7 * 24 + 1 - (week.endMs() - week.startMs() < 7 * 24 * 3600000LL ? 1 : 0));
        QCOMPARE(UsageRange({QDate(2026, 1, 1), QDate(2026, 1, 1)}).automaticGranularity(),
                 Granularity::Hour);
        const UsageRange year{QDate(2025, 1, 15), QDate(2025, 12, 31)};
        QCOMPARE(year.automaticGranularity(), Granularity::Week);
        QVERIFY(!year.allows(Granularity::Hour));
        const QList<qint64> months = year.boundaries(Granularity::Month);
        QCOMPARE(months.size(), 13); // 15 Jan–31 Jan, then February … December
        QCOMPARE(months.at(1), QDate(2025, 2, 1).startOfDay().toMSecsSinceEpoch());
        QCOMPARE(months.last(), QDate(2026, 1, 1).startOfDay().toMSecsSinceEpoch());
        for (qint64 b : year.boundaries(Granularity::Week).mid(1, 5))
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(b).date().dayOfWeek(),
                     int(QLocale().firstDayOfWeek()));
    }

    void loaderRunsOffTheGuiThreadAndDropsStaleResults()
    {
        Database db(m_dir.filePath(QStringLiteral("loader.sqlite")));
        QVERIFY(db.open().ok());
        UsageLoader loader(db);
        QSignalSpy busy(&loader, &UsageLoader::busyChanged);
        std::atomic<bool> release{false};
        std::atomic<bool> firstRunning{false};
        QThread *workerThread = nullptr;
        QStringList applied;
        loader.run([&](const Database &) -> UsageLoader::Apply {
            workerThread = QThread::currentThread();
            firstRunning = true;
            while (!release)
                QThread::yieldCurrentThread();
            return [&] { applied << QStringLiteral("first"); };
        });
        QVERIFY(loader.isBusy());
        QVERIFY(QTest::qWaitFor([&] { return firstRunning.load(); }, 10000));
        QVERIFY(workerThread && workerThread != QThread::currentThread());
        // Two newer requests while the first runs: the middle one is skipped, the first dropped.
        loader.run([&](const Database &) -> UsageLoader::Apply {
            return [&] { applied << QStringLiteral("second"); };
        });
        loader.run([&](const Database &) -> UsageLoader::Apply {
            return [&] { applied << QStringLiteral("third"); };
        });
        release = true;
        QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 10000);
        QCOMPARE(applied, QStringList{QStringLiteral("third")});
        QCOMPARE(busy.count(), 2); // busy once, idle once
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
    }

    void showsAnEmptyStateBeforeAnyUsage()
    {
        Database db(m_dir.filePath(QStringLiteral("empty.sqlite")));
        QVERIFY(db.open().ok());
        UsagePage page(nullptr, db);
        page.resize(1000, 760);
        page.show();
        QVERIFY(page.isBusy()); // the first query runs at once, off the GUI thread
        QVERIFY(page.busyLabel()->isVisible());
        QVERIFY(waitLoaded(page));
        QVERIFY(!page.busyLabel()->isVisible());
        QVERIFY(page.showsEmptyState());
        QVERIFY(!page.csvButton()->isEnabled());
        QVERIFY(!page.pdfButton()->isEnabled());
        QCOMPARE(page.cardText(UsagePage::Requests), QStringLiteral("0"));
    }

    // Costs of $0 are explained: the models used without a price are named.
    void namesModelsUsedWithoutAPrice()
    {
        Database db(m_dir.filePath(QStringLiteral("prices.sqlite")));
        QVERIFY(db.open().ok());
        QList<RequestLogEntry> rows;
        for (const char *model : {"priced", "unpriced"}) {
            RequestLogEntry e;
            e.timestampMs = QDateTime::currentMSecsSinceEpoch() - 60000;
            e.endpoint = QStringLiteral("/v1/chat/completions");
            e.modelRequested = QLatin1String(model);
            e.status = 200;
            e.promptTokens = 10;
            e.completionTokens = 5;
            if (QLatin1String(model) == QLatin1String("priced"))
                e.cost = 0.002;
            rows << e;
        }
        QVERIFY(RequestLogRepository(db).insertBatch(rows).ok());
        Language::install(QStringLiteral("en")); // English plural forms, as the app installs them
        UsagePage page(nullptr, db);
        page.show();
        QVERIFY(waitLoaded(page));
        const QString hint = page.priceHintText();
        QVERIFY2(hint.contains(QLatin1String("unpriced")) && hint.contains(QLatin1String("Models")),
                 qPrintable(hint));
        QVERIFY2(hint.startsWith(QLatin1String("No price is set for unpriced, so its cost shows "
                                               "as $0.")),
                 qPrintable(hint));
    }

    void showsTotalsChartsAndBreakdownsAndExports()
    {
        Database db(m_dir.filePath(QStringLiteral("usage.sqlite")));
        QVERIFY(db.open().ok());
        QList<RequestLogEntry> rows = sampleLog();
        QVERIFY(RequestLogRepository(db).insertBatch(rows).ok());
        SecretStore secrets(
            QStringLiteral("LLMux-tests-usage-%1").arg(QCoreApplication::applicationPid()));
        Gateway gateway(db, secrets);

        Theme::apply(Theme::Mode::Light);
        UsagePage page(&gateway, db);
        page.resize(1000, 900);
        page.show();
        QVERIFY(waitLoaded(page));
        QCOMPARE(page.windowTitle(), QStringLiteral("Usage"));
        QVERIFY(!page.showsEmptyState());
        QVERIFY(page.problemText().isEmpty());

        // The last 7 days by default, by day: everything but the ten-day-old requests.
        QCOMPARE(page.presetCombo()->currentData().toInt(), int(UsagePage::Last7Days));
        QCOMPARE(page.granularityCombo()->currentData().toInt(), int(Granularity::Day));
        const QLocale locale;
        QCOMPARE(page.cardText(UsagePage::Requests), locale.toString(7));
        QCOMPARE(page.cardText(UsagePage::TokensIn), locale.toString(300 + 400 + 10));
        QCOMPARE(page.cardText(UsagePage::TokensOut), locale.toString(150 + 200 + 10));
        QCOMPARE(page.report().totals.cost, 0.03 + 0.04 + 0.001);
        QCOMPARE(page.cardText(UsagePage::ErrorRate),
                 locale.toString(100.0 / 7, 'f', 1) + QLatin1Char('%'));
        QCOMPARE(page.report().series.size(), 7);
        QCOMPARE(page.report().series.last().totals.requests, 4); // today
        QCOMPARE(page.report().series.at(5).totals.requests, 2);  // yesterday
        QCOMPARE(page.report().series.at(4).totals.requests, 0);  // an empty day
        QCOMPARE(page.report().series.at(3).totals.requests, 1);  // three days ago

        // The tokens chart stacks prompt over completion, a bar per day.
        auto *tokens =
            qobject_cast<QStackedBarSeries *>(page.tokensChartView()->chart()->series().value(0));
        QVERIFY(tokens);
        QCOMPARE(tokens->count(), 2);
        QCOMPARE(tokens->barSets().at(0)->count(), 7);
        QCOMPARE(tokens->barSets().at(0)->at(6), 300.0);
        QCOMPARE(tokens->barSets().at(1)->at(6), 150.0);

        // By model, biggest first, with its share of requests.
        const UsageBreakdownModel &model = *page.breakdownModel();
        QCOMPARE(model.rowCount(), 3);
        // (gpt-4o and claude-sonnet both have 3 requests: more tokens come first.)
        QCOMPARE(model.index(0, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("claude-sonnet"));
        QCOMPARE(model.index(0, UsageBreakdownModel::Requests).data().toString(),
                 locale.toString(3));
        QCOMPARE(model.index(1, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("gpt-4o"));
        QCOMPARE(model.index(1, UsageBreakdownModel::Share)
                     .data(UsageBreakdownModel::RawRole)
                     .toDouble(),
                 3.0 / 7);
        QCOMPARE(page.breakdownChartView()->chart()->series().size(), 1);

        // By key, through the selector: ci (3 requests, more tokens), laptop, then no key.
        page.dimensionCombo()->setFocus();
        QTest::keyClick(page.dimensionCombo(), Qt::Key_End);
        QCOMPARE(page.dimensionCombo()->currentData().toInt(), int(UsageDimension::Key));
        QTRY_COMPARE_WITH_TIMEOUT(model.dimension(), UsageDimension::Key, 10000);
        QVERIFY(waitLoaded(page));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, UsageBreakdownModel::Name).data().toString(), QStringLiteral("ci"));
        QCOMPARE(model.slices().at(0).keyId, std::optional<qint64>(2));
        QCOMPARE(model.index(1, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("laptop"));
        QCOMPARE(model.index(2, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("(no key)"));
        QCOMPARE(model.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Key"));

        // By hour, through the selector: 7 × 24 buckets (give or take a changed clock).
        page.granularityCombo()->setFocus();
        QTest::keyClick(page.granularityCombo(), Qt::Key_Home);
        QTRY_COMPARE_WITH_TIMEOUT(page.report().granularity, Granularity::Hour, 10000);
        QVERIFY(waitLoaded(page));
        QVERIFY(qAbs(page.report().series.size() - 7 * 24) <= 1);
        QCOMPARE(page.cardText(UsagePage::Requests), locale.toString(7));

        // A custom range that reaches ten days back: back to days, the old requests count.
        page.fromEdit()->setDate(QDate::currentDate().addDays(-12));
        QCOMPARE(page.presetCombo()->currentData().toInt(), int(UsagePage::Custom));
        QTRY_COMPARE_WITH_TIMEOUT(page.report().series.size(), 13, 10000);
        QVERIFY(waitLoaded(page));
        QCOMPARE(page.report().granularity, Granularity::Day);
        QCOMPARE(page.cardText(UsagePage::Requests), locale.toString(12));
        QCOMPARE(model.index(0, UsageBreakdownModel::Name).data().toString(),
                 QStringLiteral("laptop"));

        // Today only, by hour.
        page.setPreset(UsagePage::Today);
        QTRY_COMPARE_WITH_TIMEOUT(page.report().range.from, QDate::currentDate(), 10000);
        QVERIFY(waitLoaded(page));
        QCOMPARE(page.report().granularity, Granularity::Hour);
        QCOMPARE(page.cardText(UsagePage::Requests), locale.toString(4));

        // Back to the week by model for the exports and the picture.
        page.setPreset(UsagePage::Last7Days);
        page.setDimension(UsageDimension::Model);
        QTRY_VERIFY_WITH_TIMEOUT(page.report().dimension == UsageDimension::Model &&
                                     page.report().series.size() == 7,
                                 10000);
        QVERIFY(waitLoaded(page));

        // CSV: header, a row per day, a row per model; names quoted by RFC 4180.
        const QString csvPath = m_dir.filePath(QStringLiteral("usage.csv"));
        QVERIFY2(page.exportCsv(csvPath).ok(), qPrintable(page.exportCsv(csvPath).error()));
        // The page says where the file went.
        QVERIFY(page.exportNote()->isVisibleTo(&page));
        QVERIFY2(page.exportNote()->text().contains(QFileInfo(csvPath).fileName()),
                 qPrintable(page.exportNote()->text()));
        QFile csvFile(csvPath);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QByteArray bytes = csvFile.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QVERIFY(bytes.contains("\"my \"\"quoted\"\", model\""));
        const QList<QStringList> csv = parseCsv(QString::fromUtf8(bytes.mid(3)));
        QCOMPARE(csv.size(), 1 + 7 + 3);
        QCOMPARE(csv.at(0).value(0), QStringLiteral("Section"));
        QCOMPARE(csv.at(0).value(5), QStringLiteral("Requests"));
        qint64 seriesRequests = 0;
        for (int i = 1; i <= 7; ++i) {
            QCOMPARE(csv.at(i).size(), csv.at(0).size());
            QCOMPARE(csv.at(i).at(0), QStringLiteral("series"));
            QVERIFY(QDateTime::fromString(csv.at(i).at(1), Qt::ISODate).isValid());
            seriesRequests += csv.at(i).at(5).toLongLong();
        }
        QCOMPARE(seriesRequests, 7);
        QCOMPARE(csv.at(8).at(0), QStringLiteral("model"));
        QCOMPARE(csv.at(8).at(3), QStringLiteral("claude-sonnet"));
        QCOMPARE(csv.at(8).at(5), QStringLiteral("3"));
        QCOMPARE(csv.at(10).at(3), kQuoted);
        QCOMPARE(csv.at(10).at(9).toDouble(), 0.001);
        QCOMPARE(UsageExport::suggestedFileName(page.report(), QStringLiteral("csv")),
                 QStringLiteral("llmux-usage-%1-to-%2-by-day.csv")
                     .arg(QDate::currentDate().addDays(-6).toString(Qt::ISODate),
                          QDate::currentDate().toString(Qt::ISODate)));

        // PDF: a real PDF with the charts in it.
        const QString pdfPath = m_dir.filePath(QStringLiteral("usage.pdf"));
        QVERIFY2(page.exportPdf(pdfPath).ok(), qPrintable(page.exportPdf(pdfPath).error()));
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY2(pdf.size() > 10000, qPrintable(QString::number(pdf.size())));
        const QList<QImage> pages =
            UsageExport::previewPages(page.report(), *page.breakdownModel());
        QCOMPARE(pages.size(), 2); // the charts over time, then the breakdown
        for (int i = 0; i < pages.size(); ++i)
            QVERIFY(pages.at(i).save(
                QDir::current().filePath(QStringLiteral("usage-pdf-%1.png").arg(i + 1))));
        QVERIFY(!page.exportPdf(m_dir.filePath(QStringLiteral("missing/dir/usage.pdf"))).ok());
        QVERIFY(!page.exportCsv(m_dir.filePath(QStringLiteral("missing/dir/usage.csv"))).ok());
        QVERIFY(!page.exportNote()->isVisibleTo(&page)); // no claim of a file that was not written

        const QString png = QDir::current().filePath(QStringLiteral("usage.png"));
        QVERIFY(page.grab().save(png));
        qInfo() << "rendered" << png;

        // New usage refreshes the page (throttled) without a click.
        QList<RequestLogEntry> more = {entry(QDateTime::currentMSecsSinceEpoch(),
                                             QStringLiteral("gpt-4o"), QStringLiteral("openai"), 1,
                                             QStringLiteral("laptop"), 1, 1, 0)};
        QVERIFY(RequestLogRepository(db).insertBatch(more).ok());
        Q_EMIT gateway.requestLogWriter()->written(more);
        QTRY_COMPARE_WITH_TIMEOUT(page.cardText(UsagePage::Requests), locale.toString(8), 10000);

        // The dark theme recolours the charts' labels; the charts keep no background of their own.
        Theme::apply(Theme::Mode::Dark);
        const auto axes = page.tokensChartView()->chart()->axes();
        QVERIFY(!axes.isEmpty());
        QCOMPARE(axes.first()->labelsColor(), Theme::palette(true).color(QPalette::Dark));
        QVERIFY(!page.tokensChartView()->chart()->isBackgroundVisible());
        const QString darkPng = QDir::current().filePath(QStringLiteral("usage-dark.png"));
        QCoreApplication::processEvents(); // the new style sheet's layout
        QVERIFY(page.grab().save(darkPng));
        Theme::apply(Theme::Mode::Light);
        QCOMPARE(axes.first()->labelsColor(), Theme::palette(false).color(QPalette::Dark));
    }
};

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
