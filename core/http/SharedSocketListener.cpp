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
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
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
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new HttpConnection(socket, m_limits, m_handler, m_openConnections);
    addPendingConnection(socket);
}

} // namespace llmux
