#pragma once

#include "core/services/AgentConnector.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QMessageBox;
class QPushButton;

namespace llmux {

class Database;

// One click per coding agent: for Claude Code, Codex CLI and Gemini CLI, whether it uses LLMux,
// "Set up" (which first shows exactly what will be written, then makes a key for the agent and
// edits its files) and "Undo" (which puts its files back as they were). Its parts are found by
// objectName: per agent (claude-code, codex, gemini-cli) NAME-status, NAME-setup, NAME-undo; the
// preview is a QMessageBox named agentPreview; the last outcome shows in the label whose
// agentResult property is true.
class AgentSetupCard : public QWidget
{
    Q_OBJECT
public:
    // rootUrl and model: where the gateway answers now (without /v1) and the model chosen on the
    // page; home: the user's home folder (the agents' files live there).
    AgentSetupCard(const Database &db, const QString &home, std::function<QString()> rootUrl,
                   std::function<QString()> model, QWidget *parent = nullptr);

    void refresh();

private:
    struct Row
    {
        AgentWiring::Agent agent;
        QLabel *status = nullptr;
        QPushButton *setUp = nullptr;
        QPushButton *undo = nullptr;
    };
    void askToSetUp(AgentWiring::Agent agent);
    void askToUndo(AgentWiring::Agent agent);
    void showResult(const QString &text, bool problem);
    static QString displayName(AgentWiring::Agent agent);

    AgentConnector m_connector;
    std::function<QString()> m_rootUrl;
    std::function<QString()> m_model;
    QList<Row> m_rows;
    QLabel *m_result = nullptr;
    QPointer<QMessageBox> m_question;
};

} // namespace llmux
