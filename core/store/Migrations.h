#pragma once

#include "core/common/Result.h"

#include <QSqlDatabase>

namespace llmux {

// Versioned schema of the configuration database. Each version is a list of statements applied in
// one transaction; PRAGMA user_version records how far a file has come, so an older database is
// upgraded in place and a newer one (from a later LLMux) is refused rather than damaged.
class Migrations
{
public:
    static int latestVersion();
    static Status migrate(QSqlDatabase &db, int targetVersion);
};

} // namespace llmux
