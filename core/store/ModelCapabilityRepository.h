#pragma once

#include "core/common/Result.h"
#include "core/domain/ModelCapabilities.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes what users said a provider's model can take (model_capabilities), one row per
// provider model, whatever names point at it. Fields left unset fall back to the presets.
class ModelCapabilityRepository
{
public:
    explicit ModelCapabilityRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<ModelCapabilityRecord>> list() const;
    // The user's edit of one provider model (empty when there is none).
    Result<ModelCapabilities> find(qint64 providerId, const QString &upstreamModel) const;
    // Replaces the edit; empty capabilities remove it (back to the preset).
    Status set(qint64 providerId, const QString &upstreamModel,
               const ModelCapabilities &capabilities);

private:
    const Database &m_db;
};

} // namespace llmux
