#pragma once

#include <QAbstractHttpServer>

namespace llmux {

// QHttpServer's parser feeding our connections: each complete request is copied out and queued on
// the socket's HttpConnection, which answers it in order.
class GatewayHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using QAbstractHttpServer::QAbstractHttpServer;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
};

} // namespace llmux
