#pragma once

#include <QString>

namespace llmux {

// Runs the desktop application on the given data folder: one instance per folder, the gateway,
// the main window and the tray icon. Returns the process exit code.
int runDesktopApp(int &argc, char **argv, const QString &dataDir);

} // namespace llmux
