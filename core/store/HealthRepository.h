#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// The history of provider health checks.
class HealthRepository
{
public:
    explicit HealthRepository(const Database &db)
        : m_db(db)
    {}

    Status record(const HealthCheckRecord &check);
    // The newest check of every provider key.
    Result<QList<HealthCheckRecord>> latest() const;
    // Checks of one provider key, newest first.
    Result<QList<HealthCheckRecord>> history(qint64 providerId, qint64 keyId, int limit) const;

    struct Availability
    {
        int ok = 0;
        int total = 0;
        double percent() const { return total ? 100.0 * ok / total : 0; }
    };
    // Share of successful checks of a provider (all its keys, or one: keyId >= 0) since a time.
    Result<Availability> availability(qint64 providerId, qint64 sinceMs, qint64 keyId = -1) const;
    // Forgets checks older than a time, so the table stays small.
    Status prune(qint64 beforeMs);

private:
    const Database &m_db;
};

} // namespace llmux
