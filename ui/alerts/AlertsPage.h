#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;

namespace llmux {

class AlertChannelsModel;
class AlertHistoryModel;
class Database;
class Gateway;
class SecretStore;

// The Alerts page: the channels alerts go to (add, test, choose their events, turn off, remove)
// and the history of alerts sent with what each channel answered.
class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    AlertsPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
               QWidget *parent = nullptr);

    AlertChannelsModel *channelsModel() const { return m_channels; }
    AlertHistoryModel *historyModel() const { return m_history; }
    QTableView *channelsView() const { return m_channelsView; }
    QTableView *historyView() const { return m_historyView; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *removeButton() const { return m_remove; }
    QLabel *testResultLabel() const { return m_testResult; }
    // The question Remove asks, while it is open.
    QMessageBox *removeQuestion() const { return m_question; }

    void reload();

private:
    void sendTest();
    void editSelected();
    void removeSelected();
    void updateButtons();
    int selectedRow() const;

    Gateway *m_gateway;
    const Database &m_db;
    const SecretStore &m_secrets;
    AlertChannelsModel *m_channels;
    AlertHistoryModel *m_history;
    QTableView *m_channelsView;
    QTableView *m_historyView;
    QPushButton *m_add;
    QPushButton *m_test;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QLabel *m_summary;
    QLabel *m_testResult;
    QPointer<QMessageBox> m_question;
    bool m_testing = false; // a test message is on its way
};

} // namespace llmux
