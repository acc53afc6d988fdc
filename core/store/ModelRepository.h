#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes the models table: public model names (aliases) mapped to a provider and the
// provider's own model name, with optional prices. A price belongs to the provider's model: saving
// one sets it on every alias of that model, and a new alias of a priced model gets its price.
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
    // The price of a provider's model, from any alias of it; none when no alias has one.
    std::optional<ModelPrice> priceOf(qint64 providerId, const QString &upstreamModel) const;

private:
    Status sharePrice(const ModelRecord &model);

    const Database &m_db;
};

} // namespace llmux
