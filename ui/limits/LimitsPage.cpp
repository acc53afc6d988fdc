#include "ui/limits/LimitsPage.h"

#include "core/config/GatewayConfigLoader.h"
#include "core/gateway/Gateway.h"
#include "core/limits/Governance.h"
#include "core/routing/RoutingState.h"
#include "core/store/BudgetRepository.h"
#include "core/store/RateLimitRepository.h"
#include "ui/common/FillBarDelegate.h"
#include "ui/common/GovernanceText.h"
#include "ui/common/TableSection.h"
#include "ui/limits/BillingReportDialog.h"
#include "ui/limits/BudgetDialog.h"
#include "ui/limits/BudgetsModel.h"
#include "ui/limits/LimitDialog.h"
#include "ui/limits/LimitsModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>

namespace llmux {

LimitsPage::LimitsPage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_limits(new LimitsModel(this))
    , m_budgets(new BudgetsModel(this))
    , m_live(new QTimer(this))
{
    setObjectName(QStringLiteral("limitsPage"));
    setWindowTitle(tr("Limits & budgets"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);
    auto *header = new PageHeader(tr("Limits & budgets"), QString(), this);
    m_summary = header->summaryLabel();
    m_addLimit = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add limit…"), this);
    m_addLimit->setObjectName(QStringLiteral("addLimitButton"));
    m_setBudget = new QPushButton(Icons::get(QStringLiteral("add")), tr("Set budget…"), this);
    m_setBudget->setObjectName(QStringLiteral("setBudgetButton"));
    m_remove = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeGovernanceButton"));
    m_billing = new QPushButton(Icons::get(QStringLiteral("export")), tr("Billing report…"), this);
    m_billing->setObjectName(QStringLiteral("billingReportButton"));
    m_billing->setToolTip(tr("Requests, tokens and cost per key and project for a month, with "
                             "the budgets; saved as PDF"));
    header->addControl(m_billing);
    header->addControl(m_addLimit);
    header->addControl(m_setBudget);
    header->addControl(m_remove);
    layout->addWidget(header);

    auto *budgets = new TableSection(
        m_budgets, tr("Budgets"),
        tr("No budgets. Set one to be told when spending passes a threshold, and to stop it at "
           "the amount if you like."),
        QStringLiteral("budgetsTable"), this);
    m_budgetsView = budgets->view();
    auto *limits =
        new TableSection(m_limits, tr("Rate limits"),
                         tr("No rate limits: every key may send as much as its providers take."),
                         QStringLiteral("limitsTable"), this);
    m_limitsView = limits->view();
    for (QTableView *view : {m_budgetsView, m_limitsView})
        view->setItemDelegate(new FillBarDelegate(view));
    layout->addWidget(budgets, 1);
    layout->addWidget(limits, 1);

    connect(m_addLimit, &QPushButton::clicked, this, [this] {
        LimitDialog dialog(m_db, m_gateway->currentConfig(), this);
        if (dialog.exec() == QDialog::Accepted)
            m_gateway->configLoader()->reload();
    });
    connect(m_setBudget, &QPushButton::clicked, this, [this] {
        BudgetDialog dialog(m_db, m_gateway->currentConfig(), this);
        if (dialog.exec() == QDialog::Accepted)
            m_gateway->configLoader()->reload();
    });
    connect(m_remove, &QPushButton::clicked, this, &LimitsPage::removeSelected);
    connect(m_billing, &QPushButton::clicked, this, [this] {
        auto *dialog = new BillingReportDialog(m_db, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    // Selecting in one table clears the other: Remove acts on one thing.
    connect(m_budgetsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_budgetsView->selectionModel()->hasSelection())
            m_limitsView->clearSelection();
        updateButtons();
    });
    connect(m_limitsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_limitsView->selectionModel()->hasSelection())
            m_budgetsView->clearSelection();
        updateButtons();
    });
    connect(gateway, &Gateway::configReloaded, this, [this] {
        if (isVisible())
            countUnpriced();
        refresh();
    });
    m_live->setInterval(1000);
    connect(m_live, &QTimer::timeout, this, &LimitsPage::refresh);
    refresh();
    updateButtons();
}

void LimitsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    countUnpriced();
    refresh();
    m_live->start();
}

void LimitsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_live->stop();
}

void LimitsPage::refresh()
{
    const GatewayConfigPtr config = m_gateway->currentConfig();
    QList<LimitsModel::Row> limits;
    QList<BudgetsModel::Row> budgets;
    if (config) {
        const Governance &governance = m_gateway->governance();
        const qint64 nowMs = m_gateway->routingState()->nowMs();
        for (const LimitRule &rule : config->limits)
            limits << LimitsModel::Row{rule.limit, governance.limiter.inUse(rule, nowMs)};
        const QDateTime now = QDateTime::currentDateTime();
        for (const Budget &b : config->budgets) {
            const double spent = governance.budgets.spent(b, now);
            budgets << BudgetsModel::Row{b, spent, b.projectedSpend(spent, now),
                                         m_unpriced.value(b.id)};
        }
    }
    m_limits->setRows(limits);
    m_budgets->setRows(budgets);

    QStringList blocked;
    for (int i = 0; i < m_budgets->rowCount(); ++i)
        if (BudgetsModel::isBlocked(*m_budgets->rowAt(i)))
            blocked << GovernanceText::subjectOf(m_budgets->rowAt(i)->budget);
    for (int i = 0; i < m_limits->rowCount(); ++i)
        if (LimitsModel::isFull(*m_limits->rowAt(i)))
            blocked << GovernanceText::subjectOf(m_limits->rowAt(i)->limit);
    blocked.removeDuplicates();
    if (limits.isEmpty() && budgets.isEmpty())
        m_summary->setText(tr("Nothing limits or meters your gateway yet."));
    else if (blocked.isEmpty())
        m_summary->setText(
            tr("%n limit(s), ", nullptr, int(limits.size())) +
            tr("%n budget(s); nothing is refused right now.", nullptr, int(budgets.size())));
    else
        m_summary->setText(tr("Refusing requests now: %1").arg(blocked.join(QStringLiteral(", "))));
    m_summary->setProperty("tone", blocked.isEmpty() ? QString() : QStringLiteral("bad"));
}

void LimitsPage::countUnpriced()
{
    m_unpriced.clear();
    const GatewayConfigPtr config = m_gateway->currentConfig();
    if (!config)
        return;
    const QDateTime now = QDateTime::currentDateTime();
    BudgetRepository repository(m_db);
    for (const Budget &b : config->budgets) {
        if (b.measure != Budget::Measure::Usd)
            continue;
        const Budget::Window window = b.periodAround(now);
        if (const auto spending =
                repository.spent(b, window.start.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1))
            m_unpriced.insert(b.id, spending->unpricedTokens);
    }
}

void LimitsPage::updateButtons()
{
    m_remove->setEnabled(m_budgetsView->selectionModel()->hasSelection() ||
                         m_limitsView->selectionModel()->hasSelection());
}

void LimitsPage::removeSelected()
{
    const QModelIndexList budgetRows = m_budgetsView->selectionModel()->selectedRows();
    const QModelIndexList limitRows = m_limitsView->selectionModel()->selectedRows();
    QString question;
    std::function<Status()> remove;
    if (const BudgetsModel::Row *row =
            budgetRows.isEmpty() ? nullptr : m_budgets->rowAt(budgetRows.first().row())) {
        question =
            tr("Remove the budget for %1 (%2)?")
                .arg(GovernanceText::subjectOf(row->budget), GovernanceText::amountOf(row->budget));
        remove = [db = &m_db, id = row->budget.id] { return BudgetRepository(*db).remove(id); };
    } else if (const LimitsModel::Row *limit =
                   limitRows.isEmpty() ? nullptr : m_limits->rowAt(limitRows.first().row())) {
        question =
            tr("Remove the limit on %1 (%2)?")
                .arg(GovernanceText::subjectOf(limit->limit), GovernanceText::rateOf(limit->limit));
        remove = [db = &m_db, id = limit->limit.id] { return RateLimitRepository(*db).remove(id); };
    } else {
        return;
    }
    m_question = new QMessageBox(QMessageBox::Question, tr("Remove"), question,
                                 QMessageBox::Yes | QMessageBox::Cancel, this);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    m_question->button(QMessageBox::Yes)->setText(tr("Remove"));
    m_question->setDefaultButton(QMessageBox::Cancel);
    connect(m_question, &QMessageBox::finished, this, [this, remove](int result) {
        if (result != QMessageBox::Yes)
            return;
        if (const Status removed = remove(); !removed) {
            QMessageBox::warning(this, tr("Not removed"), removed.error());
            return;
        }
        m_gateway->configLoader()->reload();
    });
    m_question->open();
}

} // namespace llmux
