#pragma once

#include <QString>

namespace llmux {

class Database;
class Gateway;
class HealthModel;
class MainWindow;
class RecentRequestsModel;
class SecretStore;
class TargetHealthModel;

// What the pages of the main window work on; all of it outlives the window.
struct AppServices
{
    Gateway *gateway = nullptr;
    const Database *db = nullptr;
    const SecretStore *secrets = nullptr;
    RecentRequestsModel *recent = nullptr;
    HealthModel *health = nullptr;
    TargetHealthModel *targets = nullptr;
    QString dataDir;
};

// The main window with every page in the sidebar's order: the one place that lists them, for
// the app and for the test that renders them all.
MainWindow *createAppWindow(const AppServices &services);

} // namespace llmux
