#pragma once

#include <QMainWindow>

class QLabel;
class QPushButton;
class QTableView;

namespace llmux {

class Gateway;
class RecentRequestsModel;

// The desktop window for now: the gateway's state and address with a start/stop switch, and the
// most recent requests. It only reflects the Gateway and the model; it never touches SQL.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Gateway *gateway, RecentRequestsModel *recent, QWidget *parent = nullptr);

    QString stateText() const;
    QString addressText() const;
    // With a tray icon, closing the window only hides it: the gateway keeps serving.
    void setHidesToTray(bool hides) { m_hidesToTray = hides; }

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void closeRequestedWithTray();

protected:
    void closeEvent(QCloseEvent *event) override;

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
    bool m_hidesToTray = false;
    bool m_columnsFitted = false;
};

} // namespace llmux
