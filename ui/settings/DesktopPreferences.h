#pragma once

#include "core/common/Result.h"
#include "ui/theme/Theme.h"

#include <QString>

namespace llmux {

class Database;

// The desktop app's own preferences, kept in the settings table next to the gateway's so one
// data folder carries everything: theme, language, whether to start hidden in the tray.
class DesktopPreferences
{
public:
    explicit DesktopPreferences(const Database &db)
        : m_db(db)
    {}

    Theme::Mode theme() const;
    Status setTheme(Theme::Mode mode);
    QString language() const; // a Language::Choice code
    Status setLanguage(const QString &code);
    bool startMinimized() const;
    Status setStartMinimized(bool minimized);

private:
    const Database &m_db;
};

} // namespace llmux
