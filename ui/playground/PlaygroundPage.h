#pragma once

#include "core/store/SecretStore.h"
#include "ui/common/ModelPicker.h"
#include "ui/common/PageSession.h"
#include "ui/playground/ChatRequest.h"

#include <QTextCursor>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace llmux {

class ChatStream;
class Database;
class Gateway;
class PlaygroundKey;

// The playground: a chat with any model the gateway serves, sent through the gateway over HTTP
// exactly as a client would (with its own key, "Playground"), the reply streamed in as it comes,
// then its time to first token, tokens and cost. "Copy as curl" gives the same request for a
// terminal, with the key left as $LLMUX_API_KEY.
class PlaygroundPage : public QWidget, public PageSession
{
    Q_OBJECT
public:
    PlaygroundPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
                   QWidget *parent = nullptr);
    ~PlaygroundPage() override;

    QComboBox *modelCombo() const { return m_model; }
    QPlainTextEdit *systemPromptEdit() const { return m_systemPrompt; }
    QDoubleSpinBox *temperatureSpin() const { return m_temperature; }
    QDoubleSpinBox *topPSpin() const { return m_topP; }
    QSpinBox *maxTokensSpin() const { return m_maxTokens; }
    QTextBrowser *transcript() const { return m_transcript; }
    QPlainTextEdit *messageEdit() const { return m_message; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *newChatButton() const { return m_newChat; }
    QPushButton *copyCurlButton() const { return m_copyCurl; }
    QLabel *statsLabel() const { return m_stats; }
    QLabel *problemLabel() const { return m_problem; }
    QLabel *hintLabel() const { return m_hint; }

    // The conversation as it will be sent next (user and assistant turns).
    QList<ChatMessage> history() const { return m_history; }
    bool isBusy() const { return m_busy; }
    // The request "Copy as curl" copies: the last one sent, or the one Send would make.
    ChatRequest currentRequest() const;

    void send();
    void stop();
    void newChat();

    // The conversation, the message being written and the settings; a reply still streaming is
    // kept as far as it got, like a stopped one.
    QVariantMap saveSession() const override;
    void restoreSession(const QVariantMap &state) override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildSettingsCard();
    QWidget *buildComposer();
    ChatRequest requestWith(const QList<ChatMessage> &messages) const;
    void refreshModels();
    void refreshState();
    void setBusy(bool busy);
    void startStream(const QString &key);
    void onStreamFinished(const QString &error, bool stopped);
    void failTurn(const QString &message);
    void showStats();
    enum class Speaker { User, Assistant };
    QTextCursor appendBlock(const QString &who, const QString &text, Speaker speaker);
    QColor backgroundOf(Speaker speaker) const;
    // Paints the transcript's message backgrounds for the current palette (a theme change).
    void recolorTranscript();
    void appendText(const QString &text);
    void copyCurl();

    Gateway *m_gateway;
    const Database &m_db;
    QNetworkAccessManager *m_network = nullptr;
    PlaygroundKey *m_key = nullptr;
    ChatStream *m_stream = nullptr;
    QList<ChatMessage> m_history;
    std::optional<ChatRequest> m_lastSent;
    QString m_reply;
    QString m_replySpeaker;
    QTextCursor m_replyCursor;
    bool m_busy = false;

    ModelPicker *m_model = nullptr;
    QPlainTextEdit *m_systemPrompt = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QTextBrowser *m_transcript = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_stats = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_curlNote = nullptr;
    QPlainTextEdit *m_message = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_newChat = nullptr;
    QPushButton *m_copyCurl = nullptr;
};

} // namespace llmux
