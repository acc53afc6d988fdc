// The logs page over a real SQLite log: filters give the right rows and counts, the detail pane
// shows every field with the attempt errors, the live tail takes entries from a real usage writer,
// and a million-row log counts, jumps to its oldest end and filters without the GUI waiting.
// Renders the page to PNG in the working folder (logs.png) for a reviewer.
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/logs/LogsPage.h"
#include "ui/logs/RequestLogModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

constexpr int kRows = 300;
constexpr qint64 kMinute = 60000;

const QStringList kModels = {QStringLiteral("gpt-4o"), QStringLiteral("claude-sonnet"),
                             QStringLiteral("deepseek-chat")};
const QStringList kProviders = {QStringLiteral("openai"), QStringLiteral("azure"),
                                QStringLiteral("anthropic"), QStringLiteral("deepseek")};

// Row i of the small log: i minutes * 10 + 5 before `now` (whole minutes), so row 0 is newest.
RequestLogEntry sample(int i, qint64 now)
{
    RequestLogEntry e;
    e.timestampMs = now - (qint64(i) * 10 + 5) * kMinute;
    e.keyId = i % 5 + 1;
    e.keyName = QStringLiteral("key-%1").arg(i % 5);
    e.endpoint = QStringLiteral("/v1/chat/completions");
    e.modelRequested = kModels.at(i % 3);
    e.provider = kProviders.at(i % 4);
    e.upstreamModel = e.modelRequested + QStringLiteral("-upstream");
    e.stream = i % 2 == 0;
    e.status = 200;
    e.latencyMs = 100 + i;
    e.ttfbMs = 40 + i;
    e.promptTokens = 10 * i;
    e.completionTokens = i;
    e.cost = i / 10000.0;
    switch (i % 10) {
    case 0:
        e.status = 502;
        e.error = QStringLiteral("all targets failed");
        e.attempts = 2;
        e.attemptErrors = QStringLiteral("openai: 500 boom\nazure: timed out after 30 s");
        break;
    case 1:
        e.status = 429;
        e.error = QStringLiteral("rate limited");
        break;
    case 2:
        e.clientDisconnected = true;
        break;
    default:
        break;
    }
    if (i == 77)
        e.attemptErrors = QStringLiteral("first try: needle_XYZ went wrong");
    return e;
}

int expectedCount(const std::function<bool(int)> &keep)
{
    int n = 0;
    for (int i = 0; i < kRows; ++i)
        n += keep(i) ? 1 : 0;
    return n;
}

// Waits in 1 ms steps (QTRY polls every 50 ms), so the timings printed are close to the truth.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(1);
    }
    return true;
}

bool allLoaded(const RequestLogModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (!model.index(row, 0).data(RequestLogModel::LoadedRole).toBool())
            return false;
    return true;
}

QString cell(const RequestLogModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

// The model's rows once loaded, as ids.
QList<qint64> loadedIds(const RequestLogModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        const RequestLogEntry *e = model.entryAt(row);
        ids << (e ? e->id : -1);
    }
    return ids;
}

void selectData(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    combo->setCurrentIndex(index);
}

// A million rows in one statement: SQLite generates them, so the test's own code (and a
// sanitizer build) costs nothing per row. Row n (id n + 1) is n seconds after `oldestMs`.
bool insertMillion(const Database &db, qint64 oldestMs, int rows)
{
    QSqlDatabase c = db.connection();
    QSqlQuery q(c);
    // Every page of the table and its indexes stays in memory until the commit: index upkeep
    // then costs no disk reads.
    q.exec(QStringLiteral("PRAGMA cache_size = -300000"));
    q.exec(QStringLiteral("PRAGMA synchronous = OFF"));
    q.prepare(QStringLiteral(
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?) "
        "INSERT INTO request_log (ts_ms, key_id, key_name, endpoint, model_requested, provider, "
        "upstream_model, stream, status, latency_ms, ttfb_ms, prompt_tokens, completion_tokens, "
        "cost, error, client_disconnected, attempts, attempt_errors) "
        "SELECT ? + n * 1000, n % 5 + 1, 'key-' || (n % 5), '/v1/chat/completions', "
        "CASE n % 3 WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'claude-sonnet' ELSE 'deepseek-chat' END, "
        "CASE n % 4 WHEN 0 THEN 'openai' WHEN 1 THEN 'azure' WHEN 2 THEN 'anthropic' "
        "ELSE 'deepseek' END, 'upstream-' || (n % 3), n % 2, "
        "CASE WHEN n % 50 = 0 THEN 502 ELSE 200 END, 100 + n % 900, 40 + n % 100, n % 1000, "
        "n % 500, (n % 1000) / 100000.0, CASE WHEN n % 50 = 0 THEN 'all targets failed' END, 0, "
        "CASE WHEN n % 50 = 0 THEN 2 ELSE 1 END, "
        "CASE WHEN n % 50 = 0 THEN 'openai: 500 boom' END FROM seq"));
    q.addBindValue(rows);
    q.addBindValue(oldestMs);
    if (!c.transaction())
        return false;
    if (!q.exec()) {
        qWarning() << q.lastError().text();
        c.rollback();
        return false;
    }
    const bool committed = c.commit();
    q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    q.exec(QStringLiteral("PRAGMA cache_size = -2000"));
    q.exec(QStringLiteral("PRAGMA shrink_memory"));
    return committed;
}

} // namespace

class TestLogsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("logs-%1.sqlite").arg(++m_run));
    }

    void filtersGiveTheRightRowsAndCounts()
    {
        Database db(m_path);
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / kMinute * kMinute;
        QList<RequestLogEntry> entries;
        // Written oldest first, as the gateway would.
        for (int i = kRows - 1; i >= 0; --i)
            entries << sample(i, now);
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());

        LogsPage page(nullptr, db);
        page.resize(1200, 800);
        page.show();
        RequestLogModel *model = page.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->totalCount(), qint64(kRows), 10000);
        QCOMPARE(model->rowCount(), kRows);
        QVERIFY(page.summaryLabel()->text().contains(QStringLiteral("300")));
        // Newest first; the second block is read as the view or the test asks for it.
        QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*model), 10000);
        QCOMPARE(model->entryAt(0)->timestampMs, sample(0, now).timestampMs);
        QCOMPARE(model->entryAt(kRows - 1)->timestampMs, sample(kRows - 1, now).timestampMs);
        QCOMPARE(cell(*model, 0, RequestLogModel::Status), QStringLiteral("502"));
        QCOMPARE(cell(*model, 0, RequestLogModel::Error), QStringLiteral("all targets failed"));

        // The combos list what the log holds, read on the worker thread.
        QTRY_COMPARE_WITH_TIMEOUT(page.modelCombo()->count(), 1 + 3, 10000);
        QCOMPARE(page.providerCombo()->count(), 1 + 4);
        QCOMPARE(page.keyCombo()->count(), 1 + 5);

        const auto expectRows = [&](const std::function<bool(int)> &keep, const char *what) {
            const int expected = expectedCount(keep);
            QTRY_VERIFY2_WITH_TIMEOUT(!model->isLoading() && model->totalCount() == expected, what,
                                      10000);
            QTRY_VERIFY_WITH_TIMEOUT(allLoaded(*model), 10000);
            QList<qint64> wanted;
            for (int i = 0; i < kRows; ++i)
                if (keep(i))
                    wanted << qint64(kRows - i); // row i was inserted as id kRows - i
            QCOMPARE(loadedIds(*model), wanted);
        };

        selectData(page.statusCombo(), int(LogStatusFilter::ServerErrors));
        expectRows([](int i) { return i % 10 == 0; }, "5xx");
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(cell(*model, row, RequestLogModel::Status), QStringLiteral("502"));
        selectData(page.statusCombo(), int(LogStatusFilter::ClientErrors));
        expectRows([](int i) { return i % 10 == 1; }, "4xx");
        selectData(page.statusCombo(), int(LogStatusFilter::Errors));
        expectRows([](int i) { return i % 10 <= 2; }, "errors");
        selectData(page.statusCombo(), int(LogStatusFilter::ClientDisconnected));
        expectRows([](int i) { return i % 10 == 2; }, "client disconnected");
        selectData(page.statusCombo(), int(LogStatusFilter::Success));
        expectRows([](int i) { return i % 10 >= 2; }, "2xx");
        selectData(page.statusCombo(), int(LogStatusFilter::All));
        expectRows([](int) { return true; }, "all");

        selectData(page.modelCombo(), QStringLiteral("claude-sonnet"));
        expectRows([](int i) { return i % 3 == 1; }, "model");
        selectData(page.providerCombo(), QStringLiteral("azure"));
        expectRows([](int i) { return i % 3 == 1 && i % 4 == 1; }, "model and provider");
        selectData(page.modelCombo(), QString());
        expectRows([](int i) { return i % 4 == 1; }, "provider");
        selectData(page.providerCombo(), QString());
        selectData(page.keyCombo(), QStringLiteral("key-3"));
        expectRows([](int i) { return i % 5 == 3; }, "key");
        selectData(page.keyCombo(), QString());

        // Text search: attempt errors, case-insensitive, '_' taken literally.
        QTest::keyClicks(page.searchEdit(), QStringLiteral("NEEDLE_xyz"));
        expectRows([](int i) { return i == 77; }, "text in attempt errors");
        page.searchEdit()->setText(QStringLiteral("needl__xyz"));
        expectRows([](int) { return false; }, "no match");
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("emptyState"))->isVisible());
        page.searchEdit()->setText(QStringLiteral("TIMED OUT"));
        expectRows([](int i) { return i % 10 == 0; }, "text in attempt errors");
        page.searchEdit()->setText(QStringLiteral("deepseek-chat-up"));
        expectRows([](int i) { return i % 3 == 2; }, "text in upstream model");
        page.searchEdit()->clear();
        expectRows([](int) { return true; }, "cleared search");

        // Time ranges count back from now; a custom range is [from, to).
        selectData(page.timeRangeCombo(), int(LogsPage::LastHour));
        expectRows([](int i) { return i * 10 + 5 < 60; }, "last hour");
        selectData(page.timeRangeCombo(), int(LogsPage::LastDay));
        expectRows([](int i) { return i * 10 + 5 < 24 * 60; }, "last 24 hours");
        selectData(page.timeRangeCombo(), int(LogsPage::Custom));
        QVERIFY(page.fromEdit()->isEnabled());
        page.toEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(now - 40 * kMinute));
        page.fromEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(now - 100 * kMinute));
        expectRows(
            [](int i) {
                const int age = i * 10 + 5;
                return age > 40 && age <= 100;
            },
            "custom range");
        selectData(page.timeRangeCombo(), int(LogsPage::AllTime));
        expectRows([](int) { return true; }, "all time");
    }

    void detailShowsEveryFieldAndTheAttemptErrors()
    {
        Database db(m_path);
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / kMinute * kMinute;
        QList<RequestLogEntry> entries;
        for (int i = kRows - 1; i >= 0; --i)
            entries << sample(i, now);
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());

        LogsPage page(nullptr, db);
        page.resize(1200, 820);
        page.show();
        RequestLogModel *model = page.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->totalCount(), qint64(kRows), 10000);
        QVERIFY(!page.copyDetailButton()->isEnabled());

        // Row 10 is sample 10: a 502 that failed over from openai to azure.
        page.view()->selectRow(10);
        const QString detail = page.detailEdit()->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("openai: 500 boom")), qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("azure: timed out after 30 s")));
        QVERIFY(detail.contains(QStringLiteral("Status: 502")));
        QVERIFY(detail.contains(QStringLiteral("Attempts: 2")));
        QVERIFY(detail.contains(QStringLiteral("Upstream model: claude-sonnet-upstream")));
        QVERIFY(detail.contains(QStringLiteral("Key: key-0 (#1)")));
        const QString localTime = QDateTime::fromMSecsSinceEpoch(sample(10, now).timestampMs)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        QVERIFY(detail.contains(localTime));
        QVERIFY(page.copyDetailButton()->isEnabled());
        QTest::mouseClick(page.copyDetailButton(), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), detail);

        page.grab().save(QStringLiteral("logs.png"));
    }

    void liveTailAddsNewEntriesAtTheTop()
    {
        Database db(m_path);
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<RequestLogEntry> entries;
        for (int i = 19; i >= 0; --i)
            entries << sample(i, now);
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());

        SecretStore secrets(QStringLiteral("LLMux-tests-logspage"));
        Gateway gateway(db, secrets);
        RequestLogWriter *writer = gateway.requestLogWriter();
        writer->start();
        const auto record = [&](const QString &model, int status) {
            RequestLogEntry e = sample(0, QDateTime::currentMSecsSinceEpoch());
            e.modelRequested = model;
            e.status = status;
            e.error.clear();
            e.attemptErrors.clear();
            writer->record(e);
        };

        LogsPage page(&gateway, db);
        page.resize(1200, 800);
        page.show();
        RequestLogModel *model = page.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->totalCount(), qint64(20), 10000);
        QVERIFY(page.liveTailCheck()->isChecked());
        page.view()->selectRow(3);
        const qint64 selectedId = model->entryAt(3)->id;

        // Live and at the top: new entries go straight in, newest first; the selection stays.
        record(QStringLiteral("live-a"), 200);
        record(QStringLiteral("live-b"), 200);
        writer->flush();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 22, 10000);
        QCOMPARE(cell(*model, 0, RequestLogModel::Model), QStringLiteral("live-b"));
        QCOMPARE(cell(*model, 1, RequestLogModel::Model), QStringLiteral("live-a"));
        QCOMPARE(page.view()->currentIndex().row(), 5);
        QCOMPARE(model->entryAt(5)->id, selectedId);
        QVERIFY(page.detailEdit()->toPlainText().contains(QStringLiteral("#%1").arg(selectedId)));
        QVERIFY(page.newRequestsButton()->isHidden());
        // New values join the filter choices.
        QTRY_VERIFY(page.modelCombo()->findData(QStringLiteral("live-b")) >= 0);

        // Tail off: entries wait behind a hint until asked for.
        page.liveTailCheck()->setChecked(false);
        record(QStringLiteral("held-back"), 200);
        writer->flush();
        QTRY_VERIFY_WITH_TIMEOUT(page.newRequestsButton()->isVisible(), 10000);
        QCOMPARE(model->rowCount(), 22);
        QCOMPARE(model->pendingCount(), 1);
        QVERIFY2(page.newRequestsButton()->text().contains(QStringLiteral("1 new request")),
                 qPrintable(page.newRequestsButton()->text()));
        QTest::mouseClick(page.newRequestsButton(), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 23);
        QCOMPARE(cell(*model, 0, RequestLogModel::Model), QStringLiteral("held-back"));
        QVERIFY(page.newRequestsButton()->isHidden());

        // Entries outside the filter never show up, not even as a hint.
        page.liveTailCheck()->setChecked(true);
        selectData(page.statusCombo(), int(LogStatusFilter::ServerErrors));
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), 10000);
        const int errors = model->rowCount();
        record(QStringLiteral("fine"), 200);
        record(QStringLiteral("broken"), 503);
        writer->flush();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), errors + 1, 10000);
        QCOMPARE(cell(*model, 0, RequestLogModel::Model), QStringLiteral("broken"));
        QCOMPARE(model->pendingCount(), 0);
        gateway.stop();
    }

    // The Error column is readable on a normal window and takes the room a wide one has.
    void theErrorColumnIsWideAndFillsAWideWindow()
    {
        Database db(m_path);
        QVERIFY(db.open().ok());
        LogsPage page(nullptr, db);
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QHeaderView *columns = page.view()->horizontalHeader();
        QVERIFY2(columns->sectionSize(RequestLogModel::Error) >= 250,
                 qPrintable(QString::number(columns->sectionSize(RequestLogModel::Error))));
        page.resize(2400, 800);
        QCoreApplication::processEvents();
        int others = 0;
        for (int c = 0; c < RequestLogModel::Error; ++c)
            others += columns->sectionSize(c);
        const int room = page.view()->viewport()->width() - others;
        QVERIFY2(columns->sectionSize(RequestLogModel::Error) >= room - 2,
                 qPrintable(QStringLiteral("%1 px of %2")
                                .arg(columns->sectionSize(RequestLogModel::Error))
                                .arg(room)));
    }

    void aFailedReadSaysWhatToDo()
    {
        Database db(m_path);
        QVERIFY(db.open().ok());
        LogsPage page(nullptr, db);
        page.show();
        QTRY_VERIFY_WITH_TIMEOUT(!page.model()->isLoading(), 10000);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("emptyState"))->isVisible());
        QVERIFY(page.errorLabel()->isHidden());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE request_log RENAME TO request_log_gone")));
        page.applyFilter();
        QTRY_VERIFY_WITH_TIMEOUT(page.errorLabel()->isVisible(), 10000);
        QVERIFY2(page.errorLabel()->text().startsWith(
                     QStringLiteral("Could not read the request log: ")),
                 qPrintable(page.errorLabel()->text()));
        QVERIFY(page.errorLabel()->text().contains(QStringLiteral("Refresh")));
    }

    void aMillionRowsScrollAndFilter()
    {
        constexpr int kMillion = 1000000;
        Database db(m_path);
        QVERIFY(db.open().ok());
        const qint64 oldest =
            QDateTime::currentMSecsSinceEpoch() - qint64(kMillion) * 1000 - 3600000;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(insertMillion(db, oldest, kMillion));
        qInfo("inserted %d rows in %lld ms", kMillion, timer.elapsed());

        LogsPage page(nullptr, db);
        page.resize(1200, 800);
        timer.restart();
        page.show();
        RequestLogModel *model = page.model();
        const auto loaded = [model](int row) { return model->entryAt(row) != nullptr; };
        QVERIFY(waitFor([&] { return model->totalCount() == kMillion && loaded(0); }));
        qInfo("count and first page in %lld ms", timer.elapsed());
        QCOMPARE(model->entryAt(0)->id, qint64(kMillion));

        // A drag to the bottom: every step paints placeholders and asks for its block; only the
        // newest requests are served, so the end arrives without waiting for every step.
        QScrollBar *bar = page.view()->verticalScrollBar();
        timer.restart();
        for (int step = 1; step <= 40; ++step) {
            bar->setValue(int(qint64(bar->maximum()) * step / 40));
            page.view()->viewport()->repaint();
            QCoreApplication::processEvents();
        }
        const int last = kMillion - 1;
        QCOMPARE(page.view()->rowAt(page.view()->viewport()->height() - 2), last);
        QVERIFY(waitFor([&] { return loaded(last); }));
        qInfo("last block after a drag to the end in %lld ms", timer.elapsed());
        QCOMPARE(model->entryAt(last)->id, qint64(1));
        QCOMPARE(
            cell(*model, last, RequestLogModel::Time),
            QDateTime::fromMSecsSinceEpoch(oldest).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(cell(*model, last, RequestLogModel::Status), QStringLiteral("502"));
        QCOMPARE(cell(*model, last - 1, RequestLogModel::Model), QStringLiteral("claude-sonnet"));

        // A jump to the middle: the deepest skip there is.
        timer.restart();
        bar->setValue(bar->maximum() / 2);
        const int middle = page.view()->rowAt(0);
        QVERIFY(waitFor([&] { return loaded(middle); }));
        qInfo("middle block after a jump in %lld ms", timer.elapsed());
        QCOMPARE(model->entryAt(middle)->id, qint64(kMillion - middle));

        // A filter over the million rows, then its oldest end.
        QVERIFY(waitFor(
            [&] { return page.modelCombo()->findData(QStringLiteral("claude-sonnet")) >= 0; }));
        timer.restart();
        selectData(page.modelCombo(), QStringLiteral("claude-sonnet"));
        QVERIFY(waitFor([&] { return !model->isLoading(); }));
        QCOMPARE(model->totalCount(), qint64(kMillion / 3));
        qInfo("model filter: count and first page in %lld ms", timer.elapsed());
        timer.restart();
        bar->setValue(bar->maximum());
        const int lastClaude = kMillion / 3 - 1;
        QVERIFY(waitFor([&] { return loaded(lastClaude); }));
        qInfo("model filter: last block in %lld ms", timer.elapsed());
        QCOMPARE(model->entryAt(lastClaude)->id, qint64(2));

        timer.restart();
        page.searchEdit()->setText(QStringLiteral("boom"));
        page.applyFilter();
        QVERIFY(waitFor([&] { return !model->isLoading(); }));
        // claude-sonnet rows (n % 3 == 1) that failed (n % 50 == 0): n % 150 == 100.
        QCOMPARE(model->totalCount(), qint64(kMillion / 150));
        qInfo("text search: count and first page in %lld ms", timer.elapsed());

        // A status class over the million rows, then its oldest end.
        page.searchEdit()->clear();
        selectData(page.modelCombo(), QString());
        timer.restart();
        selectData(page.statusCombo(), int(LogStatusFilter::Success));
        QVERIFY(waitFor([&] { return !model->isLoading(); }));
        QCOMPARE(model->totalCount(), qint64(kMillion - kMillion / 50));
        qInfo("status filter: count and first page in %lld ms", timer.elapsed());
        timer.restart();
        bar->setValue(bar->maximum());
        const int lastSuccess = kMillion - kMillion / 50 - 1;
        QVERIFY(waitFor([&] { return loaded(lastSuccess); }));
        qInfo("status filter: last block in %lld ms", timer.elapsed());
        QCOMPARE(model->entryAt(lastSuccess)->id, qint64(2));
        timer.restart();
        bar->setValue(bar->maximum() / 2);
        const int middleSuccess = page.view()->rowAt(0);
        QVERIFY(waitFor([&] { return loaded(middleSuccess); }));
        qInfo("status filter: middle block after a jump in %lld ms", timer.elapsed());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_run = 0;
};

QTEST_MAIN(TestLogsPage)
#include "tst_logspage.moc"
