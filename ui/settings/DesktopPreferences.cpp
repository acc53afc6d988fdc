#include "ui/settings/DesktopPreferences.h"

#include "core/store/SettingsRepository.h"

namespace llmux {
namespace {
const QString kTheme = QStringLiteral("ui.theme");
const QString kLanguage = QStringLiteral("ui.language");
const QString kStartMinimized = QStringLiteral("ui.start_minimized");
} // namespace

Theme::Mode DesktopPreferences::theme() const
{
    return Theme::modeFromString(SettingsRepository(m_db).value(kTheme));
}

Status DesktopPreferences::setTheme(Theme::Mode mode)
{
    return SettingsRepository(m_db).setValue(kTheme, Theme::toString(mode));
}

QString DesktopPreferences::language() const
{
    return SettingsRepository(m_db).value(kLanguage, QStringLiteral("system"));
}

Status DesktopPreferences::setLanguage(const QString &code)
{
    return SettingsRepository(m_db).setValue(kLanguage, code);
}

bool DesktopPreferences::startMinimized() const
{
    return SettingsRepository(m_db).value(kStartMinimized) == QLatin1String("1");
}

Status DesktopPreferences::setStartMinimized(bool minimized)
{
    return SettingsRepository(m_db).setValue(kStartMinimized,
                                             minimized ? QStringLiteral("1") : QStringLiteral("0"));
}

} // namespace llmux
