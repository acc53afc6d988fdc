#pragma once

#include "common/Result.h"
#include "store/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes the models table: public model names (aliases) mapped to a provider and the
// provider's own model name, with optional prices.
class ModelRepository
{
public:
    explicit ModelRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<ModelRecord>> list() const;
    Result<qint64> add(const ModelRecord &model);
    // Changes every field of the alias with model.id (its name too).
    Status update(const ModelRecord &model);
    Status remove(const QString &publicName);
    Status setEnabled(const QString &publicName, bool enabled);

private:
    const Database &m_db;
};

} // namespace llmux
