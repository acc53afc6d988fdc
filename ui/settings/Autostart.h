#pragma once

#include "core/common/Result.h"

#include <QString>
#include <QStringList>

namespace llmux {

// Starting LLMux when the user logs in: an XDG autostart entry on Linux, the Run key on Windows,
// a LaunchAgent on macOS. Only the current user's session is touched.
class Autostart
{
public:
    static bool isEnabled();
    // Registers `program` with `arguments` (the data folder, when not the default one).
    static Status setEnabled(bool enabled, const QString &program, const QStringList &arguments);
    // Where the entry lives, for messages and tests.
    static QString location();
};

} // namespace llmux
