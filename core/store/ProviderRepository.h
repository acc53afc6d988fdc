#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes provider rows. Knows nothing of secrets: API keys live in the keychain.
class ProviderRepository
{
public:
    explicit ProviderRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<ProviderRecord>> list() const;
    Result<std::optional<ProviderRecord>> findByName(const QString &name) const;
    Result<qint64> add(const ProviderRecord &provider);
    Status update(const ProviderRecord &provider);
    // Removes the provider and, through the foreign key, the models that point at it.
    Status remove(qint64 id);

private:
    const Database &m_db;
};

} // namespace llmux
