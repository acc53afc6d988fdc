#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QSystemTrayIcon;

namespace llmux {

class Gateway;

// The tray icon: shows whether the gateway runs, opens the window, pauses or resumes the gateway,
// quits. When there is no system tray it does nothing and closing the window quits.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(Gateway *gateway, QMainWindow *window, QObject *parent = nullptr);
    bool isAvailable() const { return m_tray != nullptr; }

public Q_SLOTS:
    void showWindow();
    void hideToTray();

private:
    void refresh();

    Gateway *m_gateway;
    QMainWindow *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_pause = nullptr;
};

} // namespace llmux
