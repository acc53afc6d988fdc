#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes routes with their targets, each route in one transaction.
class RouteRepository
{
public:
    explicit RouteRepository(const Database &db)
        : m_db(db)
    {}

    // Routes by pattern, each with its targets in priority order.
    Result<QList<RouteRecord>> list() const;
    // Adds a route, or replaces the one with the same pattern when replace is set.
    Result<qint64> save(const RouteRecord &route, bool replace);
    // Changes the route with route.id (its pattern too) and replaces its targets.
    Status update(const RouteRecord &route);
    Status setEnabled(const QString &pattern, bool enabled);
    Status remove(const QString &pattern);

private:
    const Database &m_db;
};

} // namespace llmux
