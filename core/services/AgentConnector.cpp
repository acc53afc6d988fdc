#include "core/services/AgentConnector.h"

#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"

#include <QDir>

namespace llmux {

AgentConnector::AgentConnector(const Database &db, QString home, QString stateDir)
    : m_db(db)
    , m_wiring(std::move(home), std::move(stateDir))
{}

QString AgentConnector::keyPlaceholder()
{
    return QStringLiteral("<new gateway key>");
}

QString AgentConnector::stateDirIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("connect"));
}

Result<QList<AgentWiring::FileChange>> AgentConnector::preview(AgentWiring::Agent agent,
                                                               const QString &rootUrl,
                                                               const QString &model) const
{
    return m_wiring.plan(agent, {rootUrl, keyPlaceholder(), model});
}

Status AgentConnector::connect(AgentWiring::Agent agent, const QString &rootUrl,
                               const QString &model, const QString &keyName)
{
    // Checked before a key exists: a file LLMux cannot edit leaves nothing behind.
    if (const auto planned = preview(agent, rootUrl, model); !planned)
        return planned.status();
    GatewayKeyRepository keys(m_db);
    (void)keys.revoke(keyName); // the one made by an earlier connect, if any
    GatewayKeyRecord record;
    record.name = keyName;
    const auto issued = GatewayKeyIssuer::issue(m_db, record);
    if (!issued)
        return issued.status();
    const auto changes = m_wiring.plan(agent, {rootUrl, issued->key, model});
    Status done = changes ? m_wiring.apply(agent, changes.value(), keyName) : changes.status();
    if (!done)
        (void)keys.revoke(keyName);
    return done;
}

Result<QString> AgentConnector::disconnect(AgentWiring::Agent agent)
{
    const Result<QString> keyName = m_wiring.undo(agent);
    if (keyName && !keyName->isEmpty())
        (void)GatewayKeyRepository(m_db).revoke(*keyName);
    return keyName;
}

} // namespace llmux
