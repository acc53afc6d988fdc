#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/common/QuitOnSignal.h"
#include "core/config/ListenSettings.h"
#include "core/gateway/Gateway.h"
#include "core/store/RuntimeFile.h"
#include "core/store/SettingsRepository.h"

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
             .arg(ListenSettings::kDefaultPort),
         QStringLiteral("P")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());

    SettingsRepository settings(ctx.db());
    GatewayOptions options;
    const Result<QHostAddress> host = ListenSettings::parseHost(
        p.isSet(QStringLiteral("host")) ? p.value(QStringLiteral("host"))
                                        : ListenSettings::storedHost(settings));
    if (!host)
        return ctx.fail(host.error());
    options.host = *host;
    const Result<quint16> port = ListenSettings::parsePort(
        p.isSet(QStringLiteral("port")) ? p.value(QStringLiteral("port"))
                                        : ListenSettings::storedPort(settings));
    if (!port)
        return ctx.fail(port.error());
    options.port = *port;
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
        return ctx.fail(started.error() +
                        QStringLiteral(" Pick another with --port, or stop the program that "
                                       "uses it."));
    QuitOnSignal quitOnSignal;
    const int code = QCoreApplication::exec();
    if (const int inFlight = gateway.requestsInFlight(); inFlight > 0)
        ctx.err() << "LLMux gateway stopping: letting " << inFlight
                  << " request(s) in flight finish (gateway.shutdown_grace_ms)." << Qt::endl;
    gateway.stopGracefully();
    RuntimeFile::remove(ctx.dataDir());
    ctx.err() << "LLMux gateway stopped; request log flushed." << Qt::endl;
    return code;
}

} // namespace llmux::cli
