#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace llmux {

class Gateway;
class RecentRequestsModel;

// The dashboard page: the gateway's state and address with a start/stop switch, and the most
// recent requests. It only reflects the Gateway and the model; it never touches SQL.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    DashboardPage(Gateway *gateway, RecentRequestsModel *recent, QWidget *parent = nullptr);

    QString stateText() const;
    QString addressText() const;

Q_SIGNALS:
    void startRequested();
    void stopRequested();

public Q_SLOTS:
    void refreshState();
    void showProblem(const QString &message);

private:
    Gateway *m_gateway;
    QLabel *m_state;
    QLabel *m_address;
    QLabel *m_problem;
    QPushButton *m_copy;
    QPushButton *m_toggle;
    QTableView *m_table;
    bool m_columnsFitted = false;
};

} // namespace llmux
