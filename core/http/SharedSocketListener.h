#pragma once

#include "core/http/HttpLimits.h"

#include <QTcpServer>

namespace llmux {

class ConnectionBudget;
class RequestHandler;

// One worker thread's view of the gateway's listening port. Either the worker accepts from its
// own socket on the port (ListenerMode::KernelSpread), or connections accepted elsewhere are
// handed to it (adopt(), ListenerMode::SingleAcceptor). Each socket gets its HttpConnection before
// QHttpServer sees it. At the connection cap, the connection that has waited longest without
// being served (a head that never completes, an idle keep-alive) makes room for
// the new one, so slow or idle clients cannot keep others out; only when every connection is busy
// does a client get a 503 instead of a silent hang. Over the per-address cap it gets a 503 too.
class SharedSocketListener : public QTcpServer
{
    Q_OBJECT
public:
    SharedSocketListener(const HttpLimits &limits, RequestHandler *handler,
                         ConnectionBudget *budget, QObject *parent = nullptr);

    // Takes a connection accepted on another thread (runs on this listener's thread).
    void adopt(qintptr descriptor);

    bool hasPendingConnections() const override;
    QTcpSocket *nextPendingConnection() override;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    // The socket for a new connection, or nullptr when it was refused (over the cap).
    QTcpSocket *admit(qintptr descriptor);
    void refuse(QTcpSocket *socket, const QByteArray &code, const QString &message);

    HttpLimits m_limits;
    RequestHandler *m_handler;
    ConnectionBudget *m_budget;
    QList<QTcpSocket *> m_adopted; // handed over, not yet taken by the HTTP server
};

} // namespace llmux
