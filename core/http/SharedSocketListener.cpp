#include "core/http/SharedSocketListener.h"

#include "core/http/ConnectionBudget.h"
#include "core/http/HttpConnection.h"
#include "core/http/RequestHandler.h"

#include <QTcpSocket>
#include <QTimer>

namespace llmux {

SharedSocketListener::SharedSocketListener(const HttpLimits &limits, RequestHandler *handler,
                                           ConnectionBudget *budget, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_handler(handler)
    , m_budget(budget)
{}

void SharedSocketListener::incomingConnection(qintptr descriptor)
{
    if (QTcpSocket *socket = admit(descriptor))
        addPendingConnection(socket);
}

void SharedSocketListener::adopt(qintptr descriptor)
{
    if (QTcpSocket *socket = admit(descriptor)) {
        // Kept apart from QTcpServer's own queue, which warns when read by a server that does
        // not listen itself. QAbstractHttpServer waits for pendingConnectionAvailable, a signal
        // only QTcpServer may emit directly; through the meta-object it reaches it all the same.
        m_adopted.append(socket);
        QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
    }
}

bool SharedSocketListener::hasPendingConnections() const
{
    return !m_adopted.isEmpty() || QTcpServer::hasPendingConnections();
}

QTcpSocket *SharedSocketListener::nextPendingConnection()
{
    if (!m_adopted.isEmpty())
        return m_adopted.takeFirst();
    return QTcpServer::nextPendingConnection();
}

QTcpSocket *SharedSocketListener::admit(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return nullptr;
    }
    const QHostAddress peer = socket->peerAddress();
    switch (m_budget->open(peer, m_limits)) {
    case ConnectionBudget::Refusal::None:
        break;
    case ConnectionBudget::Refusal::Total:
        if (!m_budget->evictOne()) {
            refuse(socket, "too_many_connections",
                   QStringLiteral("LLMux has %1 open connections, its limit; try again shortly.")
                       .arg(m_limits.maxConnections));
            return nullptr;
        }
        m_budget->openAnyway(peer);
        break;
    case ConnectionBudget::Refusal::PerAddress:
        refuse(socket, "too_many_connections",
               QStringLiteral("This address has %1 open connections to LLMux, its limit; close "
                              "some or try again shortly.")
                   .arg(m_limits.maxConnectionsPerAddress));
        return nullptr;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new HttpConnection(socket, m_limits, m_handler, m_budget);
    return socket;
}

void SharedSocketListener::refuse(QTcpSocket *socket, const QByteArray &code,
                                  const QString &message)
{
    const QByteArray body = m_handler->refusalBody(503, code, message);
    socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                  "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
}

} // namespace llmux
