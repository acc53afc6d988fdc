#include "ui/connect/AgentSetupCard.h"

#include "core/store/Database.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace llmux {

AgentSetupCard::AgentSetupCard(const Database &db, const QString &home,
                               std::function<QString()> rootUrl, std::function<QString()> model,
                               QWidget *parent)
    : QWidget(parent)
    , m_connector(db, home, AgentConnector::stateDirIn(QFileInfo(db.path()).absolutePath()))
    , m_rootUrl(std::move(rootUrl))
    , m_model(std::move(model))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("statusCard"));
    setAttribute(Qt::WA_StyledBackground); // the card's background, like the page's other cards
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(18, 14, 18, 14);
    auto *grid = new QGridLayout();
    grid->setColumnStretch(1, 1);
    int line = 0;
    for (AgentWiring::Agent agent : AgentWiring::agents()) {
        const QString name = AgentWiring::name(agent);
        Row row{agent, new QLabel(this), new QPushButton(tr("Set up"), this),
                new QPushButton(tr("Undo"), this)};
        row.status->setObjectName(name + QStringLiteral("-status"));
        row.status->setWordWrap(true);
        row.setUp->setObjectName(name + QStringLiteral("-setup"));
        row.setUp->setToolTip(
            tr("Shows what changes in %1's settings, then makes a key for it and writes them.")
                .arg(displayName(agent)));
        row.undo->setObjectName(name + QStringLiteral("-undo"));
        row.undo->setToolTip(tr("Puts %1's settings back exactly as they were before LLMux "
                                "changed them, and revokes its key.")
                                 .arg(displayName(agent)));
        grid->addWidget(new QLabel(displayName(agent), this), line, 0);
        grid->addWidget(row.status, line, 1);
        grid->addWidget(row.setUp, line, 2);
        grid->addWidget(row.undo, line, 3);
        connect(row.setUp, &QPushButton::clicked, this, [this, agent] { askToSetUp(agent); });
        connect(row.undo, &QPushButton::clicked, this, [this, agent] { askToUndo(agent); });
        m_rows.append(row);
        ++line;
    }
    column->addLayout(grid);
    // Its objectName is its style (hint or problem); tests find it by this property.
    m_result->setProperty("agentResult", true);
    m_result->setWordWrap(true);
    m_result->hide();
    column->addWidget(m_result);
    refresh();
}

QString AgentSetupCard::displayName(AgentWiring::Agent agent)
{
    switch (agent) {
    case AgentWiring::Agent::ClaudeCode:
        return QStringLiteral("Claude Code");
    case AgentWiring::Agent::Codex:
        return QStringLiteral("Codex CLI");
    case AgentWiring::Agent::GeminiCli:
        return QStringLiteral("Gemini CLI");
    }
    return {};
}

void AgentSetupCard::refresh()
{
    const QString root = m_rootUrl();
    for (const Row &row : std::as_const(m_rows)) {
        const AgentWiring::State state = m_connector.state(row.agent);
        if (!root.isEmpty() && state.baseUrl.startsWith(root))
            row.status->setText(tr("Uses LLMux"));
        else if (!state.baseUrl.isEmpty())
            row.status->setText(tr("Points elsewhere (%1)").arg(state.baseUrl));
        else
            row.status->setText(tr("Not set up"));
        row.setUp->setEnabled(!root.isEmpty() && !m_model().isEmpty());
        row.undo->setEnabled(state.connected);
    }
}

void AgentSetupCard::showResult(const QString &text, bool problem)
{
    m_result->setObjectName(problem ? QStringLiteral("problemLabel") : QStringLiteral("hintLabel"));
    m_result->style()->unpolish(m_result);
    m_result->style()->polish(m_result);
    m_result->setText(text);
    m_result->setVisible(!text.isEmpty());
}

void AgentSetupCard::askToSetUp(AgentWiring::Agent agent)
{
    if (m_question)
        return;
    const QString root = m_rootUrl();
    const QString model = m_model();
    const auto changes = m_connector.preview(agent, root, model);
    if (!changes) {
        showResult(changes.error(), true);
        return;
    }
    QString files, contents;
    for (const AgentWiring::FileChange &change : changes.value()) {
        files +=
            (change.existed ? tr("edit %1") : tr("create %1")).arg(change.path) + QLatin1Char('\n');
        contents +=
            QStringLiteral("--- %1\n%2\n").arg(change.path, QString::fromUtf8(change.after));
    }
    m_question = new QMessageBox(
        QMessageBox::Question, tr("Set up %1").arg(displayName(agent)),
        tr("%1 will use LLMux at %2 with the model %3. LLMux makes a key for it and changes "
           "only its own settings in:\n\n%4\nEverything else in these files stays as it is, and "
           "Undo puts them back exactly as they are now.")
            .arg(displayName(agent), root, model, files),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    m_question->setObjectName(QStringLiteral("agentPreview"));
    m_question->setDetailedText(contents);
    m_question->button(QMessageBox::Yes)->setText(tr("Set up"));
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, agent, root, model](int result) {
        m_question = nullptr; // answered: the next question may come (this one goes later)
        if (result != QMessageBox::Yes)
            return;
        const Status done = m_connector.connect(agent, root, model, AgentWiring::name(agent));
        if (done)
            showResult(tr("%1 now uses LLMux. Start it as usual; Undo puts its settings back.")
                           .arg(displayName(agent)),
                       false);
        else
            showResult(tr("%1 was not set up: %2").arg(displayName(agent), done.error()), true);
        refresh();
    });
    m_question->open();
}

void AgentSetupCard::askToUndo(AgentWiring::Agent agent)
{
    if (m_question)
        return;
    m_question = new QMessageBox(
        QMessageBox::Question, tr("Undo the setup of %1").arg(displayName(agent)),
        tr("Put %1's settings back exactly as they were before LLMux changed them, and revoke "
           "the key made for it?")
            .arg(displayName(agent)),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    m_question->setObjectName(QStringLiteral("agentPreview"));
    m_question->button(QMessageBox::Yes)->setText(tr("Undo"));
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, agent](int result) {
        m_question = nullptr;
        if (result != QMessageBox::Yes)
            return;
        const Result<QString> undone = m_connector.disconnect(agent);
        if (undone)
            showResult(tr("%1's settings are as they were before.").arg(displayName(agent)), false);
        else
            showResult(undone.error(), true);
        refresh();
    });
    m_question->open();
}

} // namespace llmux
