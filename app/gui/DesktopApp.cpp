#include "app/gui/DesktopApp.h"

#include "app/common/QuitOnSignal.h"
#include "app/gui/SingleInstance.h"
#include "app/gui/TrayIcon.h"
#include "core/config/ListenSettings.h"
#include "core/gateway/Gateway.h"
#include "core/store/DataDir.h"
#include "core/store/Database.h"
#include "core/store/DatabaseWorker.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RuntimeFile.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/AppPages.h"
#include "ui/MainWindow.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/health/HealthModel.h"
#include "ui/health/TargetHealthModel.h"
#include "ui/settings/DesktopPreferences.h"
#include "ui/settings/SettingsPage.h"
#include "ui/theme/Language.h"
#include "ui/theme/Theme.h"

#include <QApplication>
#include <QDateTime>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>

namespace llmux {
namespace {

// The stored address, or the default one when what is stored cannot be used.
GatewayOptions optionsFrom(const Database &db)
{
    GatewayOptions options;
    SettingsRepository settings(db);
    if (const auto host = ListenSettings::parseHost(ListenSettings::storedHost(settings)))
        options.host = *host;
    if (const auto port = ListenSettings::parsePort(ListenSettings::storedPort(settings)))
        options.port = *port;
    return options;
}

// Fills the table with the last requests without reading the database on the GUI thread.
void loadRecent(DatabaseWorker &reader, RecentRequestsModel *model)
{
    reader.run([](const Database &db) { return RequestLogRepository(db).recent(200); }, model,
               [model](const Result<QList<RequestLogEntry>> &recent) {
                   if (recent)
                       model->prepend(QList<RequestLogEntry>(recent->crbegin(), recent->crend()));
               });
}

} // namespace

int runDesktopApp(int &argc, char **argv, const QString &dataDir)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("LLMux"));
    QApplication::setOrganizationName(QStringLiteral("LLMux"));
    QApplication::setApplicationVersion(QStringLiteral(LLMUX_VERSION));
    QApplication::setQuitOnLastWindowClosed(false);
    qRegisterMetaType<QList<llmux::RequestLogEntry>>();
    Language::install(QStringLiteral("system")); // for the messages before the database opens

    SingleInstance instance(dataDir);
    if (instance.activateRunningInstance())
        return 0;
    instance.listen();

    if (Status s = DataDir::ensureExists(dataDir); !s) {
        QMessageBox::critical(nullptr, QObject::tr("LLMux"), s.error());
        return 1;
    }
    Database db(DataDir::databasePath(dataDir));
    if (Status s = db.open(); !s) {
        QMessageBox::critical(nullptr, QObject::tr("LLMux"), s.error());
        return 1;
    }
    const DesktopPreferences preferences(db);
    Language::install(preferences.language());
    Theme::apply(preferences.theme());

    SecretStore secrets;
    Gateway gateway(db, secrets);
    RecentRequestsModel recent;
    QObject::connect(gateway.requestLogWriter(), &RequestLogWriter::written, &recent,
                     &RecentRequestsModel::prepend, Qt::QueuedConnection);
    // Joined before the database closes, whenever the app quits.
    DatabaseWorker startupReader(db);
    loadRecent(startupReader, &recent);

    HealthModel health(&gateway, db);
    TargetHealthModel targets(&gateway);
    const AppServices services{&gateway, &db, &secrets, &recent, &health, &targets, dataDir};

    std::unique_ptr<MainWindow> window;
    std::unique_ptr<TrayIcon> tray;
    // Quit from the tray, File → Quit, SIGTERM/SIGINT or the session's end all leave the event
    // loop the same way; the gateway is stopped and the log flushed after exec() returns. exit()
    // rather than quit(): a window that hides to the tray on close must not refuse it.
    auto quit = [] { QCoreApplication::exit(0); };
    QuitOnSignal quitOnSignal;
    QObject::connect(&app, &QGuiApplication::commitDataRequest, &app, [&] {
        if (window)
            window->setHidesToTray(false); // a logout closes the window for good
    });
    auto start = [&] {
        if (Status s = gateway.start(optionsFrom(db)); !s)
            window->showProblem(
                QObject::tr("%1 Choose another port in Settings, or close the program that uses "
                            "it, then start the gateway again.")
                    .arg(s.error()));
    };
    auto stop = [&] {
        gateway.stopGracefully();
        RuntimeFile::remove(dataDir);
    };
    QObject::connect(&gateway, &Gateway::ready, &gateway, [&] {
        RuntimeFile::write(dataDir, {QCoreApplication::applicationPid(), gateway.baseUrl(),
                                     QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    });

    // Builds the window; called again after a language change, because every page reads its
    // texts when it is built. The old window hands over its place, size and page.
    std::function<void()> buildWindow = [&] {
        std::unique_ptr<MainWindow> old = std::move(window);
        window.reset(createAppWindow(services));
        QObject::connect(window.get(), &MainWindow::startRequested, window.get(), start);
        QObject::connect(window.get(), &MainWindow::stopRequested, window.get(), stop);
        QObject::connect(window.get(), &MainWindow::quitRequested, window.get(), quit);
        if (auto *settings = window->findChild<SettingsPage *>()) {
            // Queued: the signal comes from a page of the window being replaced.
            QObject::connect(
                settings, &SettingsPage::languageChanged, window.get(),
                [&] { QTimer::singleShot(0, window.get(), buildWindow); }, Qt::QueuedConnection);
        }
        if (tray) {
            tray->setWindow(window.get());
            QObject::connect(window.get(), &MainWindow::closeRequestedWithTray, tray.get(),
                             &TrayIcon::hideToTray);
            window->setHidesToTray(tray->isAvailable());
        }
        if (old) {
            // Geometry with the window state: a maximized window stays maximized.
            window->restoreGeometry(old->saveGeometry());
            window->showPage(old->currentPageIndex());
            // A conversation in the Playground, a key just shown on Connect: kept.
            window->restoreSessions(old->saveSessions());
            if (old->isVisible())
                window->show();
            old.release()->deleteLater();
        }
    };
    buildWindow();
    tray = std::make_unique<TrayIcon>(&gateway, window.get());
    QObject::connect(tray.get(), &TrayIcon::quitRequested, tray.get(), quit);
    QObject::connect(&instance, &SingleInstance::activationRequested, tray.get(),
                     &TrayIcon::showWindow);
    QObject::connect(window.get(), &MainWindow::closeRequestedWithTray, tray.get(),
                     &TrayIcon::hideToTray);
    window->setHidesToTray(tray->isAvailable());

    start();
    if (!(preferences.startMinimized() && tray->isAvailable()))
        window->show();
    else
        tray->watchHiddenWindow();
    const int code = QApplication::exec();
    // Gone from the screen at once; requests in flight get their grace period meanwhile.
    tray.reset();
    window.reset();
    gateway.stopGracefully();
    RuntimeFile::remove(dataDir);
    return code;
}

} // namespace llmux
