#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes projects: named groups of gateway keys. Removing a project leaves its keys
// working, in no project.
class ProjectRepository
{
public:
    explicit ProjectRepository(const Database &db)
        : m_db(db)
    {}

    // With the number of live keys in each.
    Result<QList<ProjectRecord>> list() const;
    Result<std::optional<ProjectRecord>> findByName(const QString &name) const;
    Result<qint64> add(const QString &name);
    Status remove(const QString &name);

private:
    const Database &m_db;
};

} // namespace llmux
