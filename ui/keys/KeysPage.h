#pragma once

#include "ui/common/UsageLoader.h"
#include "ui/keys/KeyCreateDialog.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;

namespace llmux {

class Database;
class Gateway;
class KeysModel;
struct GatewayKeyRecord;

// The gateway keys clients use: create one (shown once), disable or enable it, revoke it, and see
// how much each one was used. Changes reach a running gateway within a second.
class KeysPage : public QWidget
{
    Q_OBJECT
public:
    KeysPage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);
    ~KeysPage() override;

    QTableView *keysView() const { return m_view; }
    KeysModel *keysModel() const { return m_model; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *toggleButton() const { return m_toggle; }
    QPushButton *revokeButton() const { return m_revoke; }
    QCheckBox *showRevokedCheck() const { return m_showRevoked; }
    QLabel *problemLabel() const { return m_problem; }
    // The open create dialog, or null.
    KeyCreateDialog *createDialog() const { return m_dialog; }
    // The open "revoke?" question, or null.
    QMessageBox *revokeQuestion() const { return m_question; }
    bool isLoadingUsage() const { return m_loader->isBusy(); }

    void selectKey(const QString &name);
    void openCreateDialog();
    void toggleSelected();
    void askToRevokeSelected();
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    const GatewayKeyRecord *selectedKey() const;
    void refreshButtons();
    void reloadKeys();
    void loadUsage();
    void showProblem(const QString &message);

    Gateway *m_gateway;
    const Database &m_db;
    KeysModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_usageNote = nullptr;
    QPushButton *m_create = nullptr;
    QPushButton *m_toggle = nullptr;
    QPushButton *m_revoke = nullptr;
    QPushButton *m_refresh = nullptr;
    QCheckBox *m_showRevoked = nullptr;
    QPointer<KeyCreateDialog> m_dialog;
    QPointer<QMessageBox> m_question;
    UsageLoader *m_loader;
};

} // namespace llmux
