#include "ui/AppPages.h"

#include "ui/MainWindow.h"
#include "ui/alerts/AlertsPage.h"
#include "ui/connect/ConnectPage.h"
#include "ui/health/HealthPage.h"
#include "ui/keys/KeysPage.h"
#include "ui/limits/LimitsPage.h"
#include "ui/logs/LogsPage.h"
#include "ui/models/ModelsPage.h"
#include "ui/playground/PlaygroundPage.h"
#include "ui/providers/ProvidersPage.h"
#include "ui/settings/SettingsPage.h"
#include "ui/usage/UsagePage.h"

namespace llmux {

MainWindow *createAppWindow(const AppServices &s)
{
    auto *window = new MainWindow(s.gateway, s.recent, s.db);
    auto *providers = new ProvidersPage(s.gateway, *s.db, *s.secrets);
    // "Next: connect a client" and "add models" lead to the page that does it.
    QObject::connect(providers, &ProvidersPage::pageRequested, window,
                     qOverload<const QString &>(&MainWindow::showPage));
    window->addPage(providers, QStringLiteral("providers"));
    window->addPage(new ModelsPage(s.gateway, *s.db), QStringLiteral("models"));
    window->addPage(new KeysPage(s.gateway, *s.db), QStringLiteral("keys"));
    window->addPage(new LimitsPage(s.gateway, *s.db), QStringLiteral("limits"));
    window->addPage(new ConnectPage(s.gateway, *s.db), QStringLiteral("connect"));
    window->addPage(new PlaygroundPage(s.gateway, *s.db, *s.secrets), QStringLiteral("playground"));
    window->addPage(new UsagePage(s.gateway, *s.db), QStringLiteral("usage"));
    window->addPage(new LogsPage(s.gateway, *s.db), QStringLiteral("logs"));
    window->addPage(new HealthPage(s.gateway, s.health, s.targets), QStringLiteral("health"));
    window->addPage(new AlertsPage(s.gateway, *s.db, *s.secrets), QStringLiteral("alerts"));
    window->addPage(new SettingsPage(s.gateway, *s.db, s.dataDir), QStringLiteral("settings"));
    return window;
}

} // namespace llmux
