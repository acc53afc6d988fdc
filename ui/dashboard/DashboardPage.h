#pragma once

#include "core/store/UsageQuery.h"
#include "ui/common/StatusTone.h"

#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace llmux {

class Database;
class Gateway;
class GettingStartedCard;
class NumberCards;
class RecentRequestsModel;
class UsageBreakdownModel;
class UsageLoader;

// The dashboard page: the gateway's state and address with a start/stop switch; with a database,
// today's usage in cards, a live chart of the last hour and the top models of the day; and the
// most recent requests. Usage is read on a worker thread (UsageLoader), refreshed, throttled, as
// the gateway writes new usage; the page itself never touches SQL.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    enum Card { RequestsToday, SuccessRate, MedianLatency, TokensToday, CostToday, CardCount };
    static constexpr int kTopModels = 5;

    DashboardPage(Gateway *gateway, RecentRequestsModel *recent, const Database *db = nullptr,
                  QWidget *parent = nullptr);

    QString stateText() const;
    QString addressText() const;

    // Today's usage and the last hour (only with a database).
    bool hasUsage() const { return m_loader != nullptr; }
    QString cardText(Card card) const;
    UsageBreakdownModel *topModels() const { return m_topModels; }
    QChartView *liveChartView() const { return m_liveView; }
    const QList<UsageBucket> &lastHour() const { return m_lastHour; }
    bool isBusy() const;
    bool isLoaded() const { return m_loaded; }
    // The first-run steps; shown until a provider, a key and a request exist (with a database).
    GettingStartedCard *gettingStarted() const { return m_gettingStarted; }
    void reloadUsage();
    // The budget closest to its amount, as the line under the cards says it; empty without one.
    QString nearestBudgetText() const;
    void refreshNearestBudget();

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    // After usage was read and shown (tests wait for it).
    void usageLoaded();
    // A getting-started step asks for the page that does it, by its sidebar (icon) name.
    void pageRequested(const QString &page);

public Q_SLOTS:
    void refreshState();
    void showProblem(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void showState(const QString &text, StatusTone tone);
    QWidget *buildUsage(const Database &db);
    struct Snapshot
    {
        UsageTotals today;
        QList<UsageBucket> lastHour;
        QList<UsageSlice> models;
        QString problem;
    };
    void showUsage(const Snapshot &snapshot);
    void refreshGettingStarted();

    Gateway *m_gateway;
    const Database *m_db = nullptr;
    RecentRequestsModel *m_recent = nullptr;
    GettingStartedCard *m_gettingStarted = nullptr;
    QLabel *m_state;
    QString m_stateText;
    QLabel *m_address;
    QLabel *m_problem;
    QPushButton *m_copy;
    QPushButton *m_toggle;
    QTableView *m_table;
    bool m_columnsFitted = false;

    UsageLoader *m_loader = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QLabel *m_usageProblem = nullptr;
    QLabel *m_nearestBudget = nullptr;
    NumberCards *m_cards = nullptr;
    QChartView *m_liveView = nullptr;
    UsageBreakdownModel *m_topModels = nullptr;
    QList<UsageBucket> m_lastHour;
    bool m_loaded = false;
    bool m_stale = false;
};

} // namespace llmux
