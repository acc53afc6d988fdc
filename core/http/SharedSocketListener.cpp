#include "http/SharedSocketListener.h"

#include "http/ErrorBody.h"
#include "http/HttpConnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace llmux {

SharedSocketListener::SharedSocketListener(const HttpLimits &limits, RequestHandler *handler,
                                           std::atomic<int> *openConnections, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_handler(handler)
    , m_openConnections(openConnections)
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
    if (m_openConnections->fetch_add(1, std::memory_order_relaxed) >= m_limits.maxConnections) {
        m_openConnections->fetch_sub(1, std::memory_order_relaxed);
        const QByteArray body = ErrorBody::openAi(
            503, "too_many_connections",
            QStringLiteral("LLMux has %1 open connections, its limit; try again shortly.")
                .arg(m_limits.maxConnections));
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
        return nullptr;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new HttpConnection(socket, m_limits, m_handler, m_openConnections);
    return socket;
}

} // namespace llmux
