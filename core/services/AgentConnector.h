#pragma once

#include "core/services/AgentWiring.h"

namespace llmux {

class Database;

// Connecting a coding agent to LLMux as one step, for the command line and the Connect page: a
// preview of the files (with a placeholder where the key goes), then a fresh gateway key made for
// the agent (LLMux keeps only hashes, so an older key cannot be reused) and the files written; a
// failure revokes the key again. Disconnecting restores the files and revokes the key.
class AgentConnector
{
public:
    AgentConnector(const Database &db, QString home, QString stateDir);

    // What connecting would write, changing nothing.
    Result<QList<AgentWiring::FileChange>> preview(AgentWiring::Agent agent, const QString &rootUrl,
                                                   const QString &model) const;
    // keyName: the gateway key made for the agent (an older one of that name is revoked).
    Status connect(AgentWiring::Agent agent, const QString &rootUrl, const QString &model,
                   const QString &keyName);
    // Returns the name of the key it revoked (empty when none was made).
    Result<QString> disconnect(AgentWiring::Agent agent);
    AgentWiring::State state(AgentWiring::Agent agent) const { return m_wiring.state(agent); }

    // Shown instead of the key in previews.
    static QString keyPlaceholder();
    // Where the desktop app and the command line keep what they changed.
    static QString stateDirIn(const QString &dataDir);

private:
    const Database &m_db;
    AgentWiring m_wiring;
};

} // namespace llmux
