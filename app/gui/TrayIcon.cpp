// Relative to this file, so lupdate (run without app/ on its include path) sees the class in its
// namespace and files its strings under llmux::TrayIcon.
#include "app/gui/TrayIcon.h"

#include "core/alerts/AlertCenter.h"
#include "core/gateway/Gateway.h"
#include "core/health/HealthMonitor.h"
#include "ui/alerts/AlertText.h"
#include "ui/theme/CoreMessages.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTimer>

namespace llmux {
namespace {

// How often a hidden window checks that the tray it hides in still exists.
constexpr int kTrayWatchMs = 2000;

// The app mark, drawn rather than shipped so it stays crisp at any size: an accent-blue rounded
// square with a white "L", grey when the gateway is stopped, with a red dot when a provider is
// down.
QIcon appIcon(bool running, bool providerDown = false)
{
    QIcon icon;
    for (int size : {16, 22, 32, 48, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(running ? QColor(0x00, 0x7A, 0xFF) : QColor(0x8E, 0x8E, 0x93));
        p.setPen(Qt::NoPen);
        p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22);
        QFont font;
        font.setBold(true);
        font.setPixelSize(int(size * 0.62));
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, QStringLiteral("L"));
        if (providerDown) {
            const qreal d = size * 0.42;
            p.setPen(QPen(Qt::white, qMax(1.0, size / 16.0)));
            p.setBrush(QColor(0xd7, 0x3a, 0x49));
            p.drawEllipse(QRectF(size - d, size - d, d, d).adjusted(0.5, 0.5, -0.5, -0.5));
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

TrayIcon::TrayIcon(Gateway *gateway, QMainWindow *window, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_window(window)
{
    window->setWindowIcon(appIcon(true));
    QApplication::setWindowIcon(appIcon(true));
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(this);
    buildMenu();
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
            showWindow();
    });
    connect(gateway, &Gateway::stateChanged, this, &TrayIcon::refresh);
    connect(gateway, &Gateway::ready, this, &TrayIcon::refresh);
    HealthMonitor *monitor = gateway->healthMonitor();
    connect(monitor, &HealthMonitor::providerStateChanged, this, &TrayIcon::notifyProviderState);
    connect(gateway->alertCenter(), &AlertCenter::alerted, this, &TrayIcon::notifyAlert);
    connect(monitor, &HealthMonitor::roundFinished, this, &TrayIcon::refresh);
    // The monitor forgets removed providers only after the gateway announced the new config.
    connect(gateway, &Gateway::configReloaded, this, &TrayIcon::refresh, Qt::QueuedConnection);
    refresh();
    m_tray->show();
    m_trayWatch = new QTimer(this);
    m_trayWatch->setInterval(kTrayWatchMs);
    connect(m_trayWatch, &QTimer::timeout, this, &TrayIcon::showWindowIfTrayGone);
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

void TrayIcon::buildMenu()
{
    auto *menu = new QMenu;
    menu->addAction(tr("Open LLMux"), this, &TrayIcon::showWindow);
    m_pause = menu->addAction(QString(), this, [this] {
        if (m_gateway->isRunning())
            QMetaObject::invokeMethod(m_window, "stopRequested");
        else
            QMetaObject::invokeMethod(m_window, "startRequested");
    });
    menu->addSeparator();
    menu->addAction(tr("Quit LLMux"), this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(menu);
    delete m_menu;
    m_menu = menu;
}

void TrayIcon::setWindow(QMainWindow *window)
{
    m_window = window;
    window->setWindowIcon(appIcon(true));
    if (!m_tray)
        return;
    buildMenu();
    refresh();
}

QStringList TrayIcon::downProviders() const
{
    QStringList down;
    for (const auto &provider : m_gateway->healthMonitor()->providers())
        if (provider.known && !provider.up)
            down.append(provider.provider);
    down.sort(Qt::CaseInsensitive);
    return down;
}

QString TrayIcon::statusText() const
{
    if (!m_gateway->isRunning())
        return tr("LLMux — gateway paused");
    QString text = tr("LLMux — serving at %1").arg(m_gateway->baseUrl());
    if (const QStringList down = downProviders(); !down.isEmpty())
        text += QLatin1Char('\n') + tr("Down: %1").arg(down.join(QStringLiteral(", ")));
    return text;
}

void TrayIcon::refresh()
{
    if (!m_tray)
        return;
    const bool running = m_gateway->isRunning();
    m_tray->setIcon(appIcon(running, running && !downProviders().isEmpty()));
    m_tray->setToolTip(statusText());
    m_pause->setText(running ? tr("Pause gateway") : tr("Resume gateway"));
}

void TrayIcon::notifyProviderState(const QString &provider, bool up, const QString &reason)
{
    if (!m_tray)
        return;
    if (up)
        m_tray->showMessage(tr("LLMux"), tr("Provider '%1' is back up").arg(provider),
                            QSystemTrayIcon::Information);
    else
        m_tray->showMessage(
            tr("LLMux"),
            tr("Provider '%1' is down: %2").arg(provider, CoreMessages::translate(reason)),
            QSystemTrayIcon::Warning);
    refresh();
}

void TrayIcon::notifyAlert(const Alert &alert)
{
    // Providers going down and coming back have their own bubble (and refresh the icon); a test
    // is answered on the Alerts page.
    if (!m_tray || alert.event == Alert::Event::ProviderDown ||
        alert.event == Alert::Event::ProviderRecovered || alert.event == Alert::Event::Test)
        return;
    m_tray->showMessage(AlertText::event(alert.event), CoreMessages::translate(alert.title),
                        alert.severity == Alert::Severity::Info ? QSystemTrayIcon::Information
                                                                : QSystemTrayIcon::Warning);
}

void TrayIcon::showWindowIfTrayGone()
{
    if (m_window->isVisible()) {
        m_trayWatch->stop();
        return;
    }
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        m_trayWatch->stop();
        showWindow();
    }
}

void TrayIcon::showWindow()
{
    if (m_trayWatch)
        m_trayWatch->stop();
    m_window->show();
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->activateWindow();
}

void TrayIcon::watchHiddenWindow()
{
    if (m_trayWatch)
        m_trayWatch->start();
}

void TrayIcon::hideToTray()
{
    m_window->hide();
    if (m_trayWatch)
        m_trayWatch->start();
    QSettings settings;
    if (m_tray && !settings.value(QStringLiteral("tray/hintShown")).toBool()) {
        m_tray->showMessage(
            tr("LLMux keeps running"),
            tr("The gateway still serves your tools. Open LLMux from the tray icon; "
               "quit it from the tray menu."));
        settings.setValue(QStringLiteral("tray/hintShown"), true);
    }
}

} // namespace llmux
