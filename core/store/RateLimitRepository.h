#pragma once

#include "core/common/Result.h"
#include "core/domain/RateLimit.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes rate limits (rate_limits), in the order they were added.
class RateLimitRepository
{
public:
    explicit RateLimitRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<RateLimit>> list() const;
    Result<qint64> add(const RateLimit &limit);
    Status remove(qint64 id);

private:
    const Database &m_db;
};

} // namespace llmux
