#include "gui/DesktopApp.h"

#include "gui/SingleInstance.h"
#include "gui/TrayIcon.h"

#include "MainWindow.h"
#include "connect/ConnectPage.h"
#include "dashboard/RecentRequestsModel.h"
#include "gateway/Gateway.h"
#include "health/HealthModel.h"
#include "health/HealthPage.h"
#include "health/TargetHealthModel.h"
#include "store/DataDir.h"
#include "store/Database.h"
#include "store/RequestLogRepository.h"
#include "store/RuntimeFile.h"
#include "store/SecretStore.h"
#include "store/SettingsRepository.h"
#include "usage/UsageWriter.h"

#include <QApplication>
#include <QDateTime>
#include <QMessageBox>
#include <QThread>
#include <QTranslator>

namespace llmux {
namespace {

GatewayOptions optionsFrom(const Database &db)
{
    GatewayOptions options;
    SettingsRepository settings(db);
    options.host.setAddress(
        settings.value(QStringLiteral("listen_host"), QStringLiteral("127.0.0.1")));
    options.port = quint16(
        settings.value(QStringLiteral("listen_port"), QString::number(GatewayOptions::kDefaultPort))
            .toUInt());
    return options;
}

// Fills the table with the last requests without reading the database on the GUI thread.
void loadRecent(const Database &db, RecentRequestsModel *model)
{
    QThread *loader = QThread::create([&db, model] {
        const auto recent = RequestLogRepository(db).recent(200);
        db.releaseThreadConnection();
        if (!recent)
            return;
        QList<RequestLogEntry> oldestFirst(recent->crbegin(), recent->crend());
        QMetaObject::invokeMethod(model, [model, oldestFirst] { model->prepend(oldestFirst); });
    });
    QObject::connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    loader->start();
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
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("llmux"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

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
    SecretStore secrets;
    Gateway gateway(db, secrets);
    RecentRequestsModel recent;
    QObject::connect(gateway.usageWriter(), &UsageWriter::written, &recent,
                     &RecentRequestsModel::prepend, Qt::QueuedConnection);
    loadRecent(db, &recent);

    HealthModel health(&gateway, db);
    TargetHealthModel targets(&gateway);

    MainWindow window(&gateway, &recent);
    window.addPage(new HealthPage(&gateway, &health, &targets));
    window.addPage(new ConnectPage(&gateway, db));
    auto start = [&] {
        if (Status s = gateway.start(optionsFrom(db)); !s)
            window.showProblem(s.error());
    };
    QObject::connect(&gateway, &Gateway::ready, &gateway, [&] {
        RuntimeFile::write(dataDir, {QCoreApplication::applicationPid(), gateway.baseUrl(),
                                     QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    });
    QObject::connect(&window, &MainWindow::startRequested, &window, start);
    QObject::connect(&window, &MainWindow::stopRequested, &window, [&] {
        gateway.stop();
        RuntimeFile::remove(dataDir);
    });

    TrayIcon tray(&gateway, &window);
    QObject::connect(&instance, &SingleInstance::activationRequested, &tray, &TrayIcon::showWindow);
    QObject::connect(&window, &MainWindow::closeRequestedWithTray, &tray, &TrayIcon::hideToTray);
    window.setHidesToTray(tray.isAvailable());

    start();
    window.show();
    const int code = QApplication::exec();
    gateway.stop();
    RuntimeFile::remove(dataDir);
    return code;
}

} // namespace llmux
