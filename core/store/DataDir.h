#pragma once

#include "core/common/Result.h"

#include <QString>

namespace llmux {

// Decides where LLMux keeps its database and runtime files: an explicit --data-dir wins, then
// LLMUX_DATA_DIR, then the platform's application-data folder.
class DataDir
{
public:
    static QString resolve(const QString &explicitDir = QString());
    static Status ensureExists(const QString &dir);
    static QString databasePath(const QString &dir);
    static QString runtimeFilePath(const QString &dir);
};

} // namespace llmux
