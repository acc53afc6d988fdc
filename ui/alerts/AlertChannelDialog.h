#pragma once

#include "core/common/Result.h"
#include "core/domain/Alert.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace llmux {

class Database;
class ProblemLabel;
class SecretStore;

// Adds an alert channel (its address and secrets go to the keychain), or, given one, changes
// which events it gets and whether it is on.
class AlertChannelDialog : public QDialog
{
    Q_OBJECT
public:
    // A new channel.
    AlertChannelDialog(const Database &db, const SecretStore &secrets, QWidget *parent = nullptr);
    // An existing one: only its events and state can change.
    AlertChannelDialog(const Database &db, const SecretStore &secrets, const AlertChannel &channel,
                       QWidget *parent = nullptr);

    QComboBox *kindCombo() const { return m_kind; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *signingKeyEdit() const { return m_signingKey; }
    QLineEdit *serverEdit() const { return m_server; }
    QComboBox *tlsCombo() const { return m_tls; }
    QLineEdit *fromEdit() const { return m_from; }
    QLineEdit *toEdit() const { return m_to; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QCheckBox *eventCheck(Alert::Event event) const { return m_events.value(int(event)); }
    QCheckBox *enabledCheck() const { return m_enabled; }
    QPushButton *saveButton() const { return m_save; }

    void accept() override;
    void reject() override;

private:
    void build();
    AlertChannel channelFromInput() const;
    void finish(const Status &saved);

    const Database &m_db;
    const SecretStore &m_secrets;
    AlertChannel m_channel;
    bool m_editing = false;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_name = nullptr;
    QStackedWidget *m_address = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_signingKey = nullptr;
    QLineEdit *m_server = nullptr;
    QComboBox *m_tls = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_caFile = nullptr;
    QHash<int, QCheckBox *> m_events;
    QCheckBox *m_enabled = nullptr;
    QPushButton *m_save = nullptr;
    ProblemLabel *m_problem = nullptr;
    bool m_saving = false; // the keychain has not answered yet
};

} // namespace llmux
