#pragma once

#include "http/HttpLimits.h"

#include <QTcpServer>

#include <atomic>

namespace llmux {

class RequestHandler;

// One worker thread's view of the gateway's listening port. Either the worker accepts from its
// own socket on the port (ListenerMode::KernelSpread), or connections accepted elsewhere are
// handed to it (adopt(), ListenerMode::SingleAcceptor). Each socket gets its HttpConnection before
// QHttpServer sees it. Over the connection cap, a client gets a 503 instead of a silent hang.
class SharedSocketListener : public QTcpServer
{
    Q_OBJECT
public:
    SharedSocketListener(const HttpLimits &limits, RequestHandler *handler,
                         std::atomic<int> *openConnections, QObject *parent = nullptr);

    // Takes a connection accepted on another thread (runs on this listener's thread).
    void adopt(qintptr descriptor);

    bool hasPendingConnections() const override;
    QTcpSocket *nextPendingConnection() override;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    // The socket for a new connection, or nullptr when it was refused (over the cap).
    QTcpSocket *admit(qintptr descriptor);

    HttpLimits m_limits;
    RequestHandler *m_handler;
    std::atomic<int> *m_openConnections;
    QList<QTcpSocket *> m_adopted; // handed over, not yet taken by the HTTP server
};

} // namespace llmux
