#pragma once

#include "core/common/Result.h"

#include <QString>

namespace llmux {

class Database;

// Gateway settings stored in the database (listen address, port), and the bookkeeping values of
// the meta table (config revision, instance id).
class SettingsRepository
{
public:
    explicit SettingsRepository(const Database &db)
        : m_db(db)
    {}

    QString value(const QString &key, const QString &fallback = QString()) const;
    Status setValue(const QString &key, const QString &value);

    // Bumped by triggers on every configuration change; cheap to poll.
    qint64 configRevision() const;
    // Identifies this database, so keychain entries of different data folders never collide.
    QString instanceId() const;

private:
    const Database &m_db;
};

} // namespace llmux
