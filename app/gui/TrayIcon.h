#pragma once

#include "core/domain/Alert.h"

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QMainWindow;
class QSystemTrayIcon;
class QTimer;

namespace llmux {

class Gateway;

// The tray icon: shows whether the gateway runs and whether any provider is down, tells when a
// provider goes down or comes back, opens the window, pauses or resumes the gateway, quits. When
// there is no system tray it does nothing and closing the window quits.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(Gateway *gateway, QMainWindow *window, QObject *parent = nullptr);
    ~TrayIcon() override;
    // Follows a rebuilt window (a new language) and translates the menu anew.
    void setWindow(QMainWindow *window);
    bool isAvailable() const { return m_tray != nullptr; }
    // The tooltip: where the gateway serves, or that it is paused, and which providers are down.
    QString statusText() const;
    // Providers whose last check found no working key, by name.
    QStringList downProviders() const;

Q_SIGNALS:
    // "Quit LLMux" in the tray menu: the app should stop, whether the window is shown or not.
    void quitRequested();

public Q_SLOTS:
    void showWindow();
    void hideToTray();
    // The window starts hidden (minimized to the tray): watch that the tray stays.
    void watchHiddenWindow();

private:
    void refresh();
    void buildMenu();
    void notifyProviderState(const QString &provider, bool up, const QString &reason);
    // Every other alert the gateway raises (budgets, limits, keys, routes) as a bubble.
    void notifyAlert(const llmux::Alert &alert);
    // A hidden window with no tray left to open it from would leave an invisible process.
    void showWindowIfTrayGone();

    Gateway *m_gateway;
    QMainWindow *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_pause = nullptr;
    QMenu *m_menu = nullptr; // a top-level widget: outlives any one window
    QTimer *m_trayWatch = nullptr;
};

} // namespace llmux
