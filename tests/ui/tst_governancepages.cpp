// The Limits & budgets page, the Alerts page and the dashboard's nearest budget over a real
// gateway: bars fill as requests are counted, what refuses requests is said at the top, limits and
// budgets are added and removed from the page's dialogs; alert channels are added (secrets to the
// keychain), tested against a local receiver, given other events and removed, and the history
// shows what each channel answered. Both pages render in both themes (limits.png, alerts.png).
#include "core/alerts/AlertCenter.h"
#include "core/config/GatewayConfigLoader.h"
#include "core/store/AlertRepository.h"
#include "core/store/BudgetRepository.h"
#include "core/store/RateLimitRepository.h"
#include "tests/fakes/FakeAlertReceiver.h"
#include "tests/integration/GatewayFixture.h"
#include "ui/alerts/AlertChannelDialog.h"
#include "ui/alerts/AlertChannelsModel.h"
#include "ui/alerts/AlertHistoryModel.h"
#include "ui/alerts/AlertsPage.h"
#include "ui/common/FillBarDelegate.h"
#include "ui/dashboard/DashboardPage.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/limits/BillingReportDialog.h"
#include "ui/limits/BudgetDialog.h"
#include "ui/limits/BudgetsModel.h"
#include "ui/limits/LimitDialog.h"
#include "ui/limits/LimitsModel.h"
#include "ui/limits/LimitsPage.h"
#include "ui/theme/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace llmux;
using namespace llmux::test;

class TestGovernancePages : public QObject
{
    Q_OBJECT

    GatewayFixture f;

    GatewayFixture::Response chat() const
    {
        return f.chat(R"({"model":"gpt-fake","messages":[{"role":"user","content":"hi"}]})");
    }

    static QString cell(const QAbstractItemModel &model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

    void waitForConfig(qint64 atLeastRevision)
    {
        f.gateway->configLoader()->reload();
        QTRY_VERIFY(f.gateway->currentConfig()->revision >= atLeastRevision);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = f.start({}, [](GatewayFixture &fx) -> QString {
            RateLimit l;
            l.scope = RateLimit::Scope::Key;
            l.subject = QStringLiteral("tests");
            l.amount = 3;
            l.windowMs = 60000;
            if (const auto id = RateLimitRepository(*fx.db).add(l); !id)
                return id.error();
            Budget b;
            b.scope = Budget::Scope::Key;
            b.subject = QStringLiteral("tests");
            b.measure = Budget::Measure::Tokens;
            b.amount = 36; // two requests of 18 tokens
            b.period = Budget::Period::Day;
            b.hard = true;
            if (const auto id = BudgetRepository(*fx.db).set(b); !id)
                return id.error();
            return {};
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void barsFillAndSayWhatIsRefused()
    {
        LimitsPage page(f.gateway.get(), *f.db);
        page.resize(1000, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        LimitsModel *limits = page.limitsModel();
        BudgetsModel *budgets = page.budgetsModel();
        QCOMPARE(limits->rowCount(), 1);
        QCOMPARE(budgets->rowCount(), 1);
        QCOMPARE(cell(*limits, 0, LimitsModel::AppliesTo), QStringLiteral("Key tests"));
        QCOMPARE(cell(*limits, 0, LimitsModel::Limit), QStringLiteral("3 requests per minute"));
        QCOMPARE(cell(*limits, 0, LimitsModel::InUse), QStringLiteral("0 of 3"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("pageSummary"))
                    ->text()
                    .contains(QStringLiteral("nothing is refused")));

        QCOMPARE(chat().status, 200);
        page.refresh();
        QCOMPARE(cell(*limits, 0, LimitsModel::InUse), QStringLiteral("1 of 3"));
        QCOMPARE(limits->index(0, LimitsModel::InUse).data(FillBarDelegate::FillRole).toDouble(),
                 1.0 / 3);
        QTRY_COMPARE(cell(*budgets, 0, BudgetsModel::Spent), QStringLiteral("18 tokens (50%)"));
        QCOMPARE(cell(*budgets, 0, BudgetsModel::Left), QStringLiteral("18 tokens"));

        QCOMPARE(chat().status, 200);
        QTRY_COMPARE(cell(*budgets, 0, BudgetsModel::Status),
                     QStringLiteral("Spent: refusing requests"));
        QCOMPARE(chat().status, 429); // the budget says no
        page.refresh();
        QCOMPARE(cell(*limits, 0, LimitsModel::InUse), QStringLiteral("2 of 3")); // not counted
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("pageSummary"))
                    ->text()
                    .startsWith(QStringLiteral("Refusing requests now: Key tests")));
        // The page ticks while shown.
        QSignalSpy changed(budgets, &QAbstractItemModel::dataChanged);
        QVERIFY(changed.wait(3000));

        for (const auto &[mode, name] :
             {std::pair{Theme::Mode::Light, "light"}, {Theme::Mode::Dark, "dark"}}) {
            Theme::apply(mode);
            QCoreApplication::processEvents();
            QVERIFY(
                page.grab().save(QStringLiteral("limits-%1.png").arg(QString::fromLatin1(name))));
        }
        Theme::apply(Theme::Mode::Light);

        // The billing report on screen: this month's requests of the key, and the budget; saved as
        // a PDF.
        BillingReportDialog billing(*f.db);
        QTRY_VERIFY(billing.view()->toPlainText().contains(QStringLiteral("Project total")) ||
                    billing.view()->toPlainText().contains(QStringLiteral("tests")));
        const QString report = billing.view()->toPlainText();
        QVERIFY2(report.contains(QStringLiteral("tests")) &&
                     report.contains(QStringLiteral("Total")) &&
                     report.contains(QStringLiteral("36 tokens per day (hard)")),
                 qPrintable(report));
        QTemporaryDir out;
        const QString pdfPath = out.filePath(QStringLiteral("billing.pdf"));
        QVERIFY(billing.savePdf(pdfPath).ok());
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        billing.periodCombo()->setCurrentIndex(1); // last month: nothing yet
        QVERIFY(
            billing.view()->toPlainText().contains(QStringLiteral("No requests in this period.")));

        // The dashboard names the budget nearest its amount.
        RecentRequestsModel recent;
        DashboardPage dashboard(f.gateway.get(), &recent, f.db.get());
        dashboard.refreshNearestBudget();
        QVERIFY2(dashboard.nearestBudgetText().startsWith(
                     QStringLiteral("Nearest budget: Key tests, 36 tokens of 36 tokens per day")),
                 qPrintable(dashboard.nearestBudgetText()));
    }

    // A US$ budget says how many tokens it could not count (models without a price).
    void budgetsFlagWhatTheyCannotCount()
    {
        Budget b;
        b.id = 1;
        b.amount = 10;
        b.period = Budget::Period::Month;
        BudgetsModel model;
        model.setRows({BudgetsModel::Row{b, 1.5, std::nullopt, 1200}});
        QCOMPARE(cell(model, 0, BudgetsModel::Status),
                 QStringLiteral("On track; 1,200 tokens without a price not counted"));
        QCOMPARE(cell(model, 0, BudgetsModel::Spent), QStringLiteral("$1.50 (15%)"));
        model.setRows({BudgetsModel::Row{b, 1.5, std::nullopt, 0}});
        QCOMPARE(cell(model, 0, BudgetsModel::Status), QStringLiteral("On track"));
    }

    void limitsAndBudgetsAreAddedAndRemovedOnThePage()
    {
        LimitsPage page(f.gateway.get(), *f.db);
        const qint64 revision = f.gateway->currentConfig()->revision;
        {
            LimitDialog dialog(*f.db, f.gateway->currentConfig());
            dialog.scopeCombo()->setCurrentIndex(
                dialog.scopeCombo()->findData(int(RateLimit::Scope::Model)));
            dialog.subjectCombo()->setEditText(QStringLiteral("gpt-*"));
            dialog.kindCombo()->setCurrentIndex(
                dialog.kindCombo()->findData(int(RateLimit::Kind::Tokens)));
            dialog.amountSpin()->setValue(50000);
            dialog.windowCombo()->setEditText(QStringLiteral("2x"));
            dialog.accept();
            QVERIFY(dialog.result() != QDialog::Accepted); // not a window
            dialog.windowCombo()->setEditText(QStringLiteral("5m"));
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        {
            BudgetDialog dialog(*f.db, f.gateway->currentConfig());
            QCOMPARE(dialog.subjectCombo()->isEnabled(), false); // everything
            dialog.amountSpin()->setValue(25);
            dialog.alertsEdit()->setText(QStringLiteral("80,oops"));
            dialog.accept();
            QVERIFY(dialog.result() != QDialog::Accepted);
            dialog.alertsEdit()->setText(QStringLiteral("80,100"));
            dialog.hardCheck()->setChecked(true);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        waitForConfig(revision + 2);
        page.refresh();
        QCOMPARE(page.limitsModel()->rowCount(), 2);
        QCOMPARE(cell(*page.limitsModel(), 1, LimitsModel::Limit),
                 QStringLiteral("50,000 tokens per 5 minutes"));
        QCOMPARE(page.budgetsModel()->rowCount(), 2);
        QCOMPARE(cell(*page.budgetsModel(), 1, BudgetsModel::Amount),
                 QStringLiteral("$25.00 per month, hard"));

        // Remove asks first; Cancel keeps it, Remove removes it.
        page.limitsView()->selectRow(1);
        QVERIFY(page.removeButton()->isEnabled());
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QVERIFY(page.removeQuestion());
        QVERIFY(page.removeQuestion()->text().contains(QStringLiteral("Model gpt-*")));
        QTest::mouseClick(page.removeQuestion()->button(QMessageBox::Cancel), Qt::LeftButton);
        QCOMPARE(RateLimitRepository(*f.db).list()->size(), 2);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QTest::mouseClick(page.removeQuestion()->button(QMessageBox::Yes), Qt::LeftButton);
        QCOMPARE(RateLimitRepository(*f.db).list()->size(), 1);
        page.budgetsView()->selectRow(1);
        QVERIFY(!page.limitsView()->selectionModel()->hasSelection()); // one thing at a time
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QTest::mouseClick(page.removeQuestion()->button(QMessageBox::Yes), Qt::LeftButton);
        QCOMPARE(BudgetRepository(*f.db).list()->size(), 1);
        QTRY_COMPARE(page.budgetsModel()->rowCount(), 1);
    }

    void alertChannelsAreAddedTestedAndRemoved()
    {
        FakeAlertReceiver slack(FakeAlertReceiver::Kind::Slack);
        FakeAlertReceiver feishu(FakeAlertReceiver::Kind::Feishu, "page-feishu-secret");
        QVERIFY(slack.listen() && feishu.listen());
        AlertsPage page(f.gateway.get(), *f.db, *f.secrets);
        page.resize(1000, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.channelsModel()->rowCount(), 0);
        QVERIFY(!page.testButton()->isEnabled());

        for (const auto &[kind, name, url, secret] :
             {std::tuple{AlertChannel::Kind::Slack, "team", slack.url(), QString()},
              {AlertChannel::Kind::Feishu, "feishu", feishu.url(),
               QStringLiteral("page-feishu-secret")}}) {
            AlertChannelDialog dialog(*f.db, *f.secrets);
            dialog.kindCombo()->setCurrentIndex(dialog.kindCombo()->findData(int(kind)));
            dialog.nameEdit()->setText(QString::fromLatin1(name));
            dialog.urlEdit()->setText(url);
            dialog.signingKeyEdit()->setText(secret);
            dialog.eventCheck(Alert::Event::ProviderRecovered)->setChecked(false);
            QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
            QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        }
        {
            // An e-mail channel without recipients is explained, not saved.
            AlertChannelDialog dialog(*f.db, *f.secrets);
            dialog.kindCombo()->setCurrentIndex(
                dialog.kindCombo()->findData(int(AlertChannel::Kind::Email)));
            dialog.nameEdit()->setText(QStringLiteral("mail"));
            dialog.serverEdit()->setText(QStringLiteral("smtp://mail.example.com:587"));
            dialog.fromEdit()->setText(QStringLiteral("llmux@example.com"));
            QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
            QVERIFY(dialog.result() != QDialog::Accepted);
            QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("problemLabel"))
                        ->text()
                        .contains(QStringLiteral("who gets the mail")));
        }
        page.reload();
        QCOMPARE(page.channelsModel()->rowCount(), 2);
        QVERIFY(cell(*page.channelsModel(), 0, AlertChannelsModel::Address)
                    .startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(!cell(*page.channelsModel(), 0, AlertChannelsModel::Address)
                     .contains(QStringLiteral("slacktoken")));
        QCOMPARE(cell(*page.channelsModel(), 0, AlertChannelsModel::Events),
                 QStringLiteral("Every event but Provider recovered"));

        // Test: the receiver's answer is shown and the history keeps it (above the budget alerts
        // of the first test).
        const int earlier = page.historyModel()->rowCount();
        page.channelsView()->selectRow(1);
        QTest::mouseClick(page.testButton(), Qt::LeftButton);
        QTRY_VERIFY(
            page.testResultLabel()->text().contains(QStringLiteral("took the test message")));
        QCOMPARE(feishu.received().size(), 1);
        QVERIFY(feishu.received().first().signatureOk);
        QTRY_COMPARE(page.historyModel()->rowCount(), earlier + 1);
        QCOMPARE(cell(*page.historyModel(), 0, AlertHistoryModel::Delivered),
                 QStringLiteral("Sent to 1 channel(s)"));

        // A real alert reaches both channels once.
        const qint64 revision = f.gateway->currentConfig()->revision;
        waitForConfig(revision);
        QTRY_COMPARE(f.gateway->currentConfig()->alertChannels.size(), 2);
        f.gateway->alertCenter()->raise(
            AlertCenter::keyRejected(QStringLiteral("fake"), 0, QStringLiteral("HTTP 401"), false));
        QTRY_COMPARE(slack.received().size(), 1);
        QTRY_COMPARE(feishu.received().size(), 2);
        QTRY_COMPARE(cell(*page.historyModel(), 0, AlertHistoryModel::Delivered),
                     QStringLiteral("Sent to 2 channel(s)"));

        for (const auto &[mode, name] :
             {std::pair{Theme::Mode::Light, "light"}, {Theme::Mode::Dark, "dark"}}) {
            Theme::apply(mode);
            QCoreApplication::processEvents();
            QVERIFY(
                page.grab().save(QStringLiteral("alerts-%1.png").arg(QString::fromLatin1(name))));
        }
        Theme::apply(Theme::Mode::Light);

        // Events: turn the Slack channel off.
        {
            AlertChannelDialog dialog(*f.db, *f.secrets, *page.channelsModel()->channelAt(0));
            QVERIFY(!dialog.urlEdit()->isEnabled() ||
                    !dialog.urlEdit()->parentWidget()->isEnabled());
            dialog.enabledCheck()->setChecked(false);
            QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        page.reload();
        QCOMPARE(cell(*page.channelsModel(), 0, AlertChannelsModel::State), QStringLiteral("Off"));

        // Remove: the row and its keychain entry go.
        page.channelsView()->selectRow(0);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QTest::mouseClick(page.removeQuestion()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE(page.channelsModel()->rowCount(), 1);
        page.channelsView()->selectRow(0);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QTest::mouseClick(page.removeQuestion()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE(page.channelsModel()->rowCount(), 0);
        QVERIFY(AlertRepository(*f.db).channels()->isEmpty());
    }
};

QTEST_MAIN(TestGovernancePages)
#include "tst_governancepages.moc"
