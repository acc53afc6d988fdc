// Budgets without a gateway: calendar periods, thresholds, the ledger that refuses once a hard
// budget is spent and starts afresh in a new period, and what the request log says a budget's
// subject spent (priced and unpriced requests) in a real SQLite database.
#include "core/keys/GatewayKeyIssuer.h"
#include "core/limits/BudgetLedger.h"
#include "core/services/BillingReport.h"
#include "core/store/BudgetRepository.h"
#include "core/store/Database.h"
#include "core/store/ProjectRepository.h"
#include "core/store/RequestLogRepository.h"

#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

class TestBudgets : public QObject
{
    Q_OBJECT

    static Budget budget(qint64 id, Budget::Scope scope, const QString &subject,
                         Budget::Measure measure, double amount, Budget::Period period, bool hard)
    {
        Budget b;
        b.id = id;
        b.scope = scope;
        b.subject = subject;
        b.measure = measure;
        b.amount = amount;
        b.period = period;
        b.hard = hard;
        return b;
    }

private Q_SLOTS:
    void calendarPeriods()
    {
        const QDateTime now(QDate(2026, 12, 9), QTime(15, 30)); // a Wednesday, local time
        Budget b;
        b.period = Budget::Period::Day;
        QCOMPARE(b.periodAround(now).start, QDateTime(QDate(2026, 12, 9), QTime(0, 0)));
        QCOMPARE(b.periodAround(now).end, QDateTime(QDate(2026, 12, 10), QTime(0, 0)));
        b.period = Budget::Period::Week;
        QCOMPARE(b.periodAround(now).start, QDateTime(QDate(2026, 12, 7), QTime(0, 0)));
        QCOMPARE(b.periodAround(now).end, QDateTime(QDate(2026, 12, 14), QTime(0, 0)));
        b.period = Budget::Period::Month;
        QCOMPARE(b.periodAround(now).start, QDateTime(QDate(2026, 12, 1), QTime(0, 0)));
        QCOMPARE(b.periodAround(now).end, QDateTime(QDate(2027, 1, 1), QTime(0, 0)));
        b.period = Budget::Period::Total;
        QVERIFY(!b.periodAround(now).end.isValid());
        QCOMPARE(Budget::alertsFromText(QStringLiteral("100, 50%,80")), QList<int>({50, 80, 100}));
        QVERIFY(!Budget::alertsFromText(QStringLiteral("50,abc")));
        QVERIFY(!Budget::alertsFromText(QStringLiteral("0")));
    }

    void ledgerStopsAHardBudgetUntilTheNextPeriod()
    {
        const QList<Budget> budgets = {
            budget(1, Budget::Scope::Project, QStringLiteral("team-a"), Budget::Measure::Usd, 1.0,
                   Budget::Period::Month, true),
            budget(2, Budget::Scope::Key, QStringLiteral("cherry"), Budget::Measure::Tokens, 1000,
                   Budget::Period::Day, false)};
        BudgetLedger ledger;
        const QDateTime now(QDate(2026, 12, 9), QTime(15, 30));
        QCOMPARE(ledger.unseeded(budgets, now).size(), 2);
        ledger.seed(budgets[0], now, 0.70); // spent earlier this month, from the request log
        ledger.seed(budgets[1], now, 0);
        QVERIFY(ledger.unseeded(budgets, now).isEmpty());
        QVERIFY(!ledger.stop(budgets, QStringLiteral("cherry"), QStringLiteral("team-a"), now));

        // 80 % and 100 % crossed by one request each, announced once.
        auto crossed = ledger.charge(budgets, QStringLiteral("cherry"), QStringLiteral("Team-A"),
                                     0.15, 600, now);
        QCOMPARE(crossed.size(), 2); // 80 % of $1, 50 % of 1000 tokens
        QCOMPARE(crossed[0].percent, 80);
        QCOMPARE(crossed[1].percent, 50);
        crossed = ledger.charge(budgets, QStringLiteral("cherry"), QStringLiteral("team-a"), 0.15,
                                0, now);
        QCOMPARE(crossed.size(), 1);
        QCOMPARE(crossed[0].percent, 100);
        const auto stop =
            ledger.stop(budgets, QStringLiteral("other-key"), QStringLiteral("team-a"), now);
        QVERIFY(stop);
        QCOMPARE(stop->status, 429);
        QCOMPARE(stop->code, QByteArray("insufficient_quota"));
        QVERIFY2(stop->message.contains(QStringLiteral("project team-a has spent $1.00")),
                 qPrintable(stop->message));
        QCOMPARE(stop->retryAfter,
                 QByteArray::number(now.secsTo(QDateTime(QDate(2027, 1, 1), QTime(0, 0)))));
        // Keys outside the project, and soft budgets, are never stopped.
        QVERIFY(!ledger.stop(budgets, QStringLiteral("cherry"), QString(), now));
        // A model without a price counts for token quotas only.
        ledger.charge(budgets, QStringLiteral("cherry"), QString(), std::nullopt, 100, now);
        QCOMPARE(ledger.spent(budgets[1], now), 700.0);
        // The next month starts afresh.
        const QDateTime january(QDate(2027, 1, 1), QTime(0, 1));
        QVERIFY(!ledger.stop(budgets, QStringLiteral("cherry"), QStringLiteral("team-a"), january));
        QCOMPARE(ledger.unseeded(budgets, january).size(), 2); // read again for the new periods
        // Another budget under a reused id is read afresh, not given the old one's spending.
        Budget reused = budgets[0];
        reused.createdAt = QDateTime::fromMSecsSinceEpoch(42);
        QCOMPARE(ledger.unseeded({reused}, now).size(), 1);
        // Charges that land between the question and the seed are kept.
        ledger.charge({reused}, QStringLiteral("k"), QStringLiteral("team-a"), 0.5, 0, now);
        ledger.seed(reused, now, 0.25);
        QCOMPARE(ledger.spent(reused, now), 0.75);
    }

    void spendingFromTheRequestLog()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("budgets.sqlite")));
        QVERIFY(db.open().ok());
        const auto project = ProjectRepository(db).add(QStringLiteral("team-a"));
        QVERIFY(project);
        GatewayKeyRecord member;
        member.name = QStringLiteral("member");
        member.projectId = *project;
        const auto issued = GatewayKeyIssuer::issue(db, member);
        QVERIFY(issued);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<RequestLogEntry> entries;
        auto entry = [&](qint64 keyId, const QString &key, std::optional<double> cost,
                         qint64 ageMs) {
            RequestLogEntry e;
            e.timestampMs = now - ageMs;
            e.keyId = keyId;
            e.keyName = key;
            e.endpoint = QStringLiteral("/chat/completions");
            e.status = 200;
            e.promptTokens = 10;
            e.completionTokens = 5;
            e.cost = cost;
            entries << e;
        };
        entry(issued->record.id, QStringLiteral("member"), 0.25, 1000);
        entry(issued->record.id, QStringLiteral("member"), std::nullopt, 2000); // no price
        entry(999, QStringLiteral("outsider"), 0.5, 1000);
        entry(issued->record.id, QStringLiteral("member"), 0.25, 10 * 86400000LL); // long ago
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());

        BudgetRepository repo(db);
        Budget b = budget(0, Budget::Scope::Project, QStringLiteral("team-a"), Budget::Measure::Usd,
                          1, Budget::Period::Day, true);
        const auto id = repo.set(b);
        QVERIFY(id && *id > 0);
        b.amount = 2; // the same subject and period again: replaced, not added
        QCOMPARE(repo.set(b).value(), *id);
        QCOMPARE(repo.list()->size(), 1);
        QCOMPARE(repo.list()->first().amount, 2.0);

        const auto spent = repo.spent(b, now - 86400000LL, now + 1);
        QVERIFY(spent);
        QCOMPARE(spent->usd, 0.25);
        QCOMPARE(spent->tokens, 30);
        QCOMPARE(spent->unpricedTokens, 15);
        Budget everything = b;
        everything.scope = Budget::Scope::Global;
        QCOMPARE(repo.spent(everything, now - 86400000LL, now + 1)->usd, 0.75);

        // The billing report over the same log: the project's key, its total, the budget.
        const auto report =
            BillingReport::build(db, QString(), now - 86400000LL, now + 1, QStringLiteral("today"));
        QVERIFY(report);
        const QList<BillingReport::Line> lines = report->lines();
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const BillingReport::Line &l) {
            return l.total && l.project == u"team-a" && l.usage.requests == 2 &&
                   l.usage.cost == 0.25;
        }));
        QCOMPARE(report->grandTotal().requests, 3);
        QCOMPARE(report->budgets.size(), 1);
        QCOMPARE(report->budgets.first().spent, 0.25);
        const QString html = report->html();
        QVERIFY(html.contains(QStringLiteral("<td><b>Project total</b></td>")));
        QVERIFY(html.contains(QStringLiteral("project team-a")));
        QVERIFY(html.contains(QStringLiteral("$2.00 per day (hard)")));

        QVERIFY(repo.remove(*id).ok());
        QVERIFY(!repo.remove(*id).ok());
    }

    // A hard budget says when it starts refusing even without 100 among its thresholds.
    void aHardBudgetAlwaysSaysItIsSpent()
    {
        Budget b = budget(5, Budget::Scope::Global, QString(), Budget::Measure::Tokens, 100,
                          Budget::Period::Total, true);
        b.alertAt = {50};
        BudgetLedger ledger;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        ledger.seed(b, now, 0);
        QCOMPARE(ledger.charge({b}, QStringLiteral("k"), {}, std::nullopt, 60, now).size(), 1);
        const auto spent = ledger.charge({b}, QStringLiteral("k"), {}, std::nullopt, 60, now);
        QCOMPARE(spent.size(), 1);
        QCOMPARE(spent.first().percent, 100);
        b.hard = false; // a soft one keeps to its own thresholds
        b.id = 6;
        ledger.seed(b, now, 0);
        QCOMPARE(ledger.charge({b}, QStringLiteral("k"), {}, std::nullopt, 60, now).size(), 1);
        QCOMPARE(ledger.charge({b}, QStringLiteral("k"), {}, std::nullopt, 60, now).size(), 0);
    }

    // Names from the log are text in the printed report, never markup.
    void billingReportEscapesNames()
    {
        BillingReport report;
        report.range = QStringLiteral("<b>range</b>");
        KeyUsageQuery::BillingRow row;
        row.project = QStringLiteral("a&b");
        row.key.group = QStringLiteral("<script>alert(1)</script>");
        row.key.requests = 1;
        report.rows << row;
        const QString html = report.html();
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(html.contains(QStringLiteral("a&amp;b")));
        QVERIFY(!html.contains(QStringLiteral("<b>range</b>")));
    }
};

QTEST_GUILESS_MAIN(TestBudgets)
#include "tst_budgets.moc"
