#include "AppWindow.h"

#include "MainWindow.h"
#include "connect/ConnectPage.h"
#include "health/HealthPage.h"
#include "models/ModelsPage.h"
#include "providers/ProvidersPage.h"
#include "settings/SettingsPage.h"

namespace llmux {

MainWindow *createAppWindow(const AppServices &s)
{
    auto *window = new MainWindow(s.gateway, s.recent);
    window->addPage(new ProvidersPage(s.gateway, *s.db, *s.secrets), QStringLiteral("providers"));
    window->addPage(new ModelsPage(s.gateway, *s.db), QStringLiteral("models"));
    window->addPage(new ConnectPage(s.gateway, *s.db), QStringLiteral("connect"));
    window->addPage(new HealthPage(s.gateway, s.health, s.targets), QStringLiteral("health"));
    window->addPage(new SettingsPage(s.gateway, *s.db, s.dataDir), QStringLiteral("settings"));
    return window;
}

} // namespace llmux
