#pragma once

#include "core/common/Result.h"
#include "core/services/AgentConfigEdit.h"

#include <QList>
#include <QString>

#include <optional>

namespace llmux {

// Points a coding agent (Claude Code, Codex CLI, Gemini CLI) at LLMux by editing its own
// configuration files, and takes that back. Before the first change it saves each file as it was
// beside it (FILE.llmux-original, with the file's permissions: it may hold the user's own keys,
// which never enter LLMux's folder) and notes in LLMux's data folder which files it changed and
// which did not exist, so undo() restores them byte for byte however often the agent was
// connected since. Files are written whole and atomically; when one
// write fails, the files already written are put back, so a failed connect changes nothing.
class AgentWiring
{
public:
    enum class Agent { ClaudeCode, Codex, GeminiCli };
    static QList<Agent> agents();
    static QString name(Agent agent); // "claude-code", "codex", "gemini-cli"
    static std::optional<Agent> fromName(const QString &name);

    // home: the user's home folder (the agents' files live there); stateDir: where LLMux notes
    // what it changed (a folder per agent).
    AgentWiring(QString home, QString stateDir);

    struct FileChange
    {
        QString path;
        bool existed = false;
        QByteArray before;
        QByteArray after;
    };
    // What connecting would write, without writing anything.
    Result<QList<FileChange>> plan(Agent agent, const AgentTarget &target) const;
    // Saves the originals (once) and writes the files. keyName: the gateway key made for the
    // agent, remembered so that undo can name it.
    Status apply(Agent agent, const QList<FileChange> &changes, const QString &keyName);
    // Restores the files as they were before the first connect and forgets them. Returns the
    // name of the gateway key that was made for the agent (to be revoked).
    Result<QString> undo(Agent agent);

    struct State
    {
        bool connected = false; // LLMux holds originals to restore
        QString baseUrl;        // where the agent's files point now (empty: not set)
        QString keyName;
    };
    State state(Agent agent) const;

private:
    QStringList files(Agent agent) const;
    QString backupDir(Agent agent) const;
    // firstTime: no originals were kept yet, so these are.
    Status saveOriginals(Agent agent, const QList<FileChange> &changes, const QString &keyName,
                         bool &firstTime);

    QString m_home;
    QString m_stateDir;
};

} // namespace llmux
