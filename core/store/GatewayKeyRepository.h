#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes gateway keys. Only a key's hash and a short display prefix are ever stored.
class GatewayKeyRepository
{
public:
    explicit GatewayKeyRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<GatewayKeyRecord>> list(bool includeRevoked = true) const;
    Result<qint64> add(const GatewayKeyRecord &key);
    // These act on the live (not revoked) key with that name.
    Status setDisabled(const QString &name, bool disabled);
    Status revoke(const QString &name);
    // nullopt: the key belongs to no project.
    Status setProject(const QString &name, std::optional<qint64> projectId);
    Status setPermissions(const QString &name, const QStringList &models,
                          const QStringList &endpoints, const QString &scope);

private:
    Status updateLiveKey(const QString &name, const QString &assignment, const QVariant &value,
                         const QString &what);
    const Database &m_db;
};

} // namespace llmux
