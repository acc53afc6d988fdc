#pragma once

#include "ui/common/ModelPicker.h"
#include "ui/common/PageSession.h"
#include "ui/connect/ClientSnippets.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabBar;

namespace llmux {

class AgentSetupCard;
class Database;
class Gateway;
class UsageLoader;

// The connect page: the gateway's address, a key created for one client, a model, and the
// settings each client needs, ready to paste. A created key is shown only here and only until
// the next one: LLMux keeps its hash, never the key.
class ConnectPage : public QWidget, public PageSession
{
    Q_OBJECT
public:
    ConnectPage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);

    QLabel *baseUrlLabel() const { return m_baseUrl; }
    QPushButton *copyBaseUrlButton() const { return m_copyBaseUrl; }
    QLineEdit *keyNameEdit() const { return m_keyName; }
    QPushButton *createKeyButton() const { return m_createKey; }
    // The plaintext of the key created last; empty until then.
    QLineEdit *createdKeyEdit() const { return m_createdKey; }
    QComboBox *modelCombo() const { return m_model; }
    QTabBar *clientTabs() const { return m_clients; }
    QPlainTextEdit *snippetEdit() const { return m_snippet; }
    QPushButton *copySnippetButton() const { return m_copySnippet; }

    // Selects a client's tab.
    void showClient(ClientSnippets::Client client);

    // The key name typed, the key just created (still only in memory), the model and client.
    QVariantMap saveSession() const override;
    void restoreSession(const QVariantMap &state) override;

private:
    QWidget *buildAddressCard();
    QWidget *buildKeyCard();
    QWidget *buildClientCard();
    void createKey();
    void refreshState();
    void refreshModels();
    void refreshSnippet();
    // Selects the model clients used last with success (from the request log, read off the GUI
    // thread), unless the user picked one.
    void preferRecentlyUsedModel();
    QString currentBaseUrl() const;

    Gateway *m_gateway;
    const Database &m_db;
    QString m_lastBaseUrl;
    UsageLoader *m_loader = nullptr;
    bool m_modelChosen = false; // by the user, or carried over from a rebuilt window
    QLabel *m_state = nullptr;
    QLabel *m_baseUrl = nullptr;
    QPushButton *m_copyBaseUrl = nullptr;
    QLineEdit *m_keyName = nullptr;
    QPushButton *m_createKey = nullptr;
    QWidget *m_keyShown = nullptr;
    QLineEdit *m_createdKey = nullptr;
    QPushButton *m_copyKey = nullptr;
    QLabel *m_keyProblem = nullptr;
    ModelPicker *m_model = nullptr;
    AgentSetupCard *m_agents = nullptr;
    QTabBar *m_clients = nullptr;
    QLabel *m_note = nullptr;
    QPlainTextEdit *m_snippet = nullptr;
    QPushButton *m_copySnippet = nullptr;
};

} // namespace llmux
