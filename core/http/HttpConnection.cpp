#include "http/HttpConnection.h"

#include "http/ErrorBody.h"
#include "http/HttpExchange.h"
#include "http/RequestHandler.h"

#include <QTcpSocket>

namespace llmux {

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits,
                               RequestHandler *handler, std::atomic<int> *openConnections)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_handler(handler)
    , m_openConnections(openConnections)
    , m_framer(limits.maxHeaderBytes, limits.maxBodyBytes)
{
    setObjectName(QStringLiteral("llmux-http-connection"));
    // Connected before QHttpServer connects its own slot, so this one sees every read first.
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    m_idleTimer.start();
}

HttpConnection::~HttpConnection()
{
    if (m_openConnections)
        m_openConnections->fetch_sub(1, std::memory_order_relaxed);
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket->findChild<HttpConnection *>(QStringLiteral("llmux-http-connection"),
                                               Qt::FindDirectChildrenOnly);
}

void HttpConnection::onReadyRead()
{
    if (m_closing) {
        m_socket->readAll();
        return;
    }
    if (!m_active)
        m_idleTimer.start();
    if (!m_held.isEmpty()) {
        // Earlier bytes wait for redelivery; newer ones must queue behind them.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_held += m_socket->readAll();
        if (m_held.size() > m_limits.maxHeaderBytes + m_limits.maxBodyBytes)
            rejectAndClose(413, "request_too_large",
                           QStringLiteral("Too much pipelined request data."));
        return;
    }
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    qsizetype offset = 0;
    while (offset < data.size()) {
        const RequestFramer::Progress p = m_framer.feed(QByteArrayView(data).sliced(offset));
        switch (p.verdict) {
        case RequestFramer::Verdict::NeedMore:
            if (m_framer.headComplete() && m_framer.head().expectsContinue && !m_continueSent) {
                m_continueSent = true;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return;
        case RequestFramer::Verdict::HeaderTooLarge:
            rejectAndClose(431, "request_header_too_large",
                           QStringLiteral("The request headers exceed %1 bytes.")
                               .arg(m_limits.maxHeaderBytes));
            return;
        case RequestFramer::Verdict::BodyTooLarge:
            rejectAndClose(413, "request_too_large",
                           QStringLiteral("The request body exceeds the limit of %1 bytes.")
                               .arg(m_limits.maxBodyBytes));
            return;
        case RequestFramer::Verdict::Malformed:
            rejectAndClose(400, "invalid_http",
                           QStringLiteral("The request is not valid HTTP/1.1."));
            return;
        case RequestFramer::Verdict::MessageComplete:
            m_heads.enqueue(m_framer.head());
            m_framer.reset();
            m_continueSent = false;
            offset += p.consumed;
            if (offset < data.size()) {
                splitAt(offset);
                return;
            }
            break;
        }
    }
}

void HttpConnection::splitAt(qsizetype offset)
{
    // QHttpServer's transaction only holds bytes its parser has already taken in; committing it
    // just drops them from the buffer.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    const QByteArray all = m_socket->readAll();
    m_held = all.mid(offset);
    for (qsizetype i = offset - 1; i >= 0; --i)
        m_socket->ungetChar(all[i]);
    QMetaObject::invokeMethod(this, &HttpConnection::redeliverHeld, Qt::QueuedConnection);
}

void HttpConnection::redeliverHeld()
{
    if (m_held.isEmpty() || m_closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const QByteArray held = std::exchange(m_held, QByteArray());
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    for (qsizetype i = held.size() - 1; i >= 0; --i)
        m_socket->ungetChar(held[i]);
    Q_EMIT m_socket->readyRead();
}

void HttpConnection::enqueue(InboundRequest request)
{
    const RequestFramer::Head head = m_heads.isEmpty() ? RequestFramer::Head() : m_heads.dequeue();
    m_pending.enqueue({std::move(request), head});
    startNext();
}

void HttpConnection::startNext()
{
    if (m_dispatching)
        return;
    m_dispatching = true;
    while (!m_active && !m_pending.isEmpty() && !m_closing) {
        Pending next = m_pending.dequeue();
        m_idleTimer.stop();
        m_active = new HttpExchange(m_socket, !next.head.closeRequested, this);
        m_active->setHttp10(next.head.httpMinorVersion == 0);
        connect(m_active, &HttpExchange::finished, this, &HttpConnection::onExchangeFinished);
        m_handler->handle(next.request, m_active);
    }
    m_dispatching = false;
}

void HttpConnection::onExchangeFinished(bool keepAlive)
{
    if (m_active) {
        m_active->deleteLater();
        m_active = nullptr;
    }
    if (!keepAlive) {
        m_closing = true;
        m_pending.clear();
        m_socket->disconnectFromHost();
        return;
    }
    m_idleTimer.start();
    startNext();
}

void HttpConnection::onDisconnected()
{
    m_closing = true;
    m_idleTimer.stop();
    m_pending.clear();
    if (m_active)
        m_active->notifyClientGone();
}

void HttpConnection::onIdleTimeout()
{
    if (m_active)
        return;
    if (m_framer.inMessage()) {
        rejectAndClose(408, "request_timeout",
                       QStringLiteral("The request did not arrive within %1 seconds.")
                           .arg(m_limits.idleTimeoutMs / 1000));
        return;
    }
    m_closing = true;
    m_socket->abort();
    // QHttpServer forgets a socket whose request it could not parse; make sure it goes.
    m_socket->deleteLater();
}

void HttpConnection::rejectAndClose(int status, const QByteArray &code, const QString &message)
{
    m_closing = true;
    m_pending.clear();
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    const QByteArray body = ErrorBody::openAi(status, code, message);
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpExchange::reasonPhrase(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(out);
    m_socket->disconnectFromHost();
    QTimer::singleShot(5000, m_socket, [socket = m_socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace llmux
