#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// The extra API keys of providers (their key pools). Like providers, the rows say only where each
// secret lives: the secrets themselves are in the keychain or the environment.
class ProviderKeyRepository
{
public:
    explicit ProviderKeyRepository(const Database &db)
        : m_db(db)
    {}

    // Every provider's extra keys (providerId 0) or one provider's, oldest first.
    Result<QList<ProviderKeyRecord>> list(qint64 providerId = 0) const;
    Result<qint64> add(const ProviderKeyRecord &key);
    Status remove(qint64 providerId, qint64 keyId);

private:
    const Database &m_db;
};

} // namespace llmux
