#include "core/http/GatewayHttpServer.h"

#include "core/http/HttpConnection.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace llmux {
namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

} // namespace

bool GatewayHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection)
        return false;
    InboundRequest in;
    in.received.start();
    in.method = methodName(request.method());
    const QUrl url = request.url();
    in.path = url.path();
    in.query = url.query(QUrl::FullyEncoded).toLatin1();
    const auto headers = request.headers();
    in.headers.reserve(headers.size());
    for (const auto &h : headers)
        in.headers.append({h.first.toLower(), h.second});
    in.body = request.body();
    in.remoteAddress = request.remoteAddress();
    connection->enqueue(std::move(in));
    return true;
}

void GatewayHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    // Only reached for sockets that did not come through our listener; refuse them.
    socket->abort();
}

} // namespace llmux
