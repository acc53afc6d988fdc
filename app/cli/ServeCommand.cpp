#include "cli/ArgParser.h"
#include "cli/CliContext.h"
#include "cli/Commands.h"
#include "cli/QuitOnSignal.h"

#include "gateway/Gateway.h"
#include "store/RuntimeFile.h"
#include "store/SettingsRepository.h"

#include <QCoreApplication>
#include <QDateTime>

namespace llmux::cli {

int runServe(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux serve [--host H] [--port P]"),
                QStringLiteral("Runs the gateway headless until interrupted (Ctrl+C or SIGTERM)."));
    p.addOptions({
        {QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
         QStringLiteral("H")},
        {QStringLiteral("port"),
         QStringLiteral("Port to listen on (default %1; 0 picks a free one).")
             .arg(GatewayOptions::kDefaultPort),
         QStringLiteral("P")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());

    SettingsRepository settings(ctx.db());
    GatewayOptions options;
    const QString host =
        p.isSet(QStringLiteral("host"))
            ? p.value(QStringLiteral("host"))
            : settings.value(QStringLiteral("listen_host"), QStringLiteral("127.0.0.1"));
    if (host == QLatin1String("localhost"))
        options.host = QHostAddress::LocalHost;
    else if (!options.host.setAddress(host))
        return ctx.fail(QStringLiteral("'%1' is not an IP address to listen on (e.g. 127.0.0.1, "
                                       "::1 or 0.0.0.0).")
                            .arg(host));
    const QString portText = p.isSet(QStringLiteral("port"))
                                 ? p.value(QStringLiteral("port"))
                                 : settings.value(QStringLiteral("listen_port"),
                                                  QString::number(GatewayOptions::kDefaultPort));
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return ctx.fail(QStringLiteral("'%1' is not a port number.").arg(portText));
    options.port = quint16(port);
    if (!options.host.isLoopback())
        ctx.err() << "llmux: warning: listening on " << options.host.toString()
                  << " exposes the gateway to other machines; every request still needs a "
                     "gateway key."
                  << Qt::endl;

    Gateway gateway(ctx.db(), ctx.secrets());
    QObject::connect(&gateway, &Gateway::problem, [&](const QString &message) {
        ctx.err() << "llmux: " << message << Qt::endl;
    });
    QObject::connect(&gateway, &Gateway::ready, [&] {
        RuntimeFile::write(ctx.dataDir(), {QCoreApplication::applicationPid(), gateway.baseUrl(),
                                           QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
        ctx.out() << "LLMux gateway listening on " << gateway.baseUrl() << Qt::endl;
    });
    if (Status started = gateway.start(options); !started)
        return ctx.fail(started.error());
    QuitOnSignal quitOnSignal;
    const int code = QCoreApplication::exec();
    gateway.stop();
    RuntimeFile::remove(ctx.dataDir());
    ctx.err() << "LLMux gateway stopped; request log flushed." << Qt::endl;
    return code;
}

} // namespace llmux::cli
