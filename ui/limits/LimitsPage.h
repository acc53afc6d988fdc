#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;
class QTimer;

namespace llmux {

class BudgetsModel;
class Database;
class Gateway;
class LimitsModel;

// The Limits & budgets page: every budget with what it has spent (bars that fill), what is left
// and where the period is heading, and every rate limit with how full it is now, read live from
// the gateway's own counters while the page is shown; what refuses requests right now is said at
// the top. Limits and budgets are added, set and removed here as with the command line.
class LimitsPage : public QWidget
{
    Q_OBJECT
public:
    LimitsPage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);

    LimitsModel *limitsModel() const { return m_limits; }
    BudgetsModel *budgetsModel() const { return m_budgets; }
    QTableView *limitsView() const { return m_limitsView; }
    QTableView *budgetsView() const { return m_budgetsView; }
    QPushButton *addLimitButton() const { return m_addLimit; }
    QPushButton *setBudgetButton() const { return m_setBudget; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *billingButton() const { return m_billing; }
    // The question Remove asks, while it is open.
    QMessageBox *removeQuestion() const { return m_question; }

    // Reads the counters and spending again (every second while shown).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void removeSelected();
    // What each US$ budget could not count (tokens on models without a price), from the request
    // log: when the page is shown and the configuration changes, not every second.
    void countUnpriced();
    void updateButtons();

    Gateway *m_gateway;
    const Database &m_db;
    LimitsModel *m_limits;
    BudgetsModel *m_budgets;
    QTableView *m_limitsView;
    QTableView *m_budgetsView;
    QPushButton *m_addLimit;
    QPushButton *m_setBudget;
    QPushButton *m_remove;
    QPushButton *m_billing;
    QLabel *m_summary;
    QTimer *m_live;
    QHash<qint64, qint64> m_unpriced; // by budget id
    QPointer<QMessageBox> m_question;
};

} // namespace llmux
