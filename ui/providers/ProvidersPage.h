#pragma once

#include "core/store/SecretStore.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace llmux {

class Database;
class Gateway;
class ProviderDialog;
class ProviderTester;
class ProvidersModel;

// The providers page: every configured provider with its kind, keys, health and latency, and the
// actions on them (add from a preset, edit, test, enable or disable, remove with its secrets).
// Works while the gateway is stopped; a running gateway picks every change up by itself.
class ProvidersPage : public QWidget
{
    Q_OBJECT
public:
    ProvidersPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
                  QWidget *parent = nullptr);

    ProvidersModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *toggleButton() const { return m_toggle; }
    QPushButton *removeButton() const { return m_remove; }
    QLabel *emptyState() const { return m_empty; }
    // Results and failures of the page's own actions (test, remove, save warnings).
    QLabel *statusLabel() const { return m_status; }
    // Beside the status after adding a provider: the next step ("Connect a client"), which
    // emits pageRequested.
    QPushButton *nextStepButton() const { return m_nextStep; }

    // Shows the editor without blocking (it deletes itself when closed).
    ProviderDialog *openAddDialog();
    // What another page can ask for by name (MainWindow::showPage("providers/add")).
    Q_INVOKABLE void perform(const QString &action);
    ProviderDialog *openEditDialog(int row);
    // The removal question while it is open, else null.
    QMessageBox *removeConfirmation() const { return m_confirm; }
    // The selected provider's row, or -1.
    int selectedRow() const;
    void selectRow(int row);

Q_SIGNALS:
    // The user asks for another page by its name ("connect", "models").
    void pageRequested(const QString &page);

private:
    ProviderDialog *showDialog(ProviderDialog *dialog);
    void testSelected();
    void toggleSelected();
    void askRemoveSelected();
    void removeProvider(qint64 id, const QString &name);
    void refreshState();
    void showStatus(const QString &text, bool failure);
    void showSaved(qint64 id, bool added, const QStringList &models, const QStringList &warnings);

    Gateway *m_gateway;
    const Database &m_db;
    SecretStore m_secrets;
    ProvidersModel *m_model = nullptr;
    ProviderTester *m_tester = nullptr;
    QLabel *m_summary = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_nextStep = nullptr;
    QString m_nextPage;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_toggle = nullptr;
    QPushButton *m_remove = nullptr;
    QPointer<QMessageBox> m_confirm;
    QString m_testing; // the provider under test, empty when none
};

} // namespace llmux
