#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/WaitFor.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RuntimeFile.h"

#include <QTcpSocket>
#include <QUrl>

namespace llmux::cli {
namespace {

// Asks a gateway's /health endpoint whether it answers.
bool gatewayAnswers(const QString &baseUrl)
{
    const QUrl url(baseUrl);
    QTcpSocket socket;
    bool healthy = false;
    QByteArray reply;
    QObject::connect(&socket, &QTcpSocket::connected, [&] {
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] {
        reply += socket.readAll();
        healthy = reply.startsWith("HTTP/1.1 200") && reply.contains("\"status\":\"ok\"");
    });
    socket.connectToHost(url.host(), quint16(url.port()));
    waitFor([&] { return healthy || socket.state() == QAbstractSocket::UnconnectedState; }, 3000);
    return healthy;
}

} // namespace

int runStatus(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux status"),
                QStringLiteral("Shows whether the gateway runs and what is configured."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    QTextStream &out = ctx.out();
    const auto runtime = RuntimeFile::read(ctx.dataDir());
    if (runtime && gatewayAnswers(runtime->baseUrl))
        out << "Gateway:   running at " << runtime->baseUrl << " (pid " << runtime->pid
            << ", since " << runtime->startedAt << ")\n";
    else
        out << "Gateway:   not running (start it with: llmux serve, or open the LLMux app)\n";
    out << "Data:      " << ctx.dataDir() << " (schema v" << ctx.db().schemaVersion() << ")\n";
    const auto providers = ProviderRepository(ctx.db()).list();
    const auto models = ModelRepository(ctx.db()).list();
    const auto keys = GatewayKeyRepository(ctx.db()).list(false);
    const auto logged = RequestLogRepository(ctx.db()).count();
    out << "Providers: " << (providers ? providers->size() : 0) << "\n";
    out << "Models:    " << (models ? models->size() : 0) << "\n";
    out << "Keys:      " << (keys ? keys->size() : 0) << " (not revoked)\n";
    out << "Requests:  " << (logged ? logged.value() : 0) << " logged" << Qt::endl;
    const bool usesKeychain =
        providers && std::any_of(providers->cbegin(), providers->cend(),
                                 [](const ProviderRecord &p) { return p.secretInKeychain; });
    if (usesKeychain) {
        const Status keychain = ctx.secrets().probe();
        out << "Keychain:  " << (keychain ? QStringLiteral("usable") : keychain.error())
            << Qt::endl;
    }
    return 0;
}

} // namespace llmux::cli
