#include "core/http/HttpExchange.h"

namespace llmux {

HttpExchange::HttpExchange(QTcpSocket *socket, bool keepAlive, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_keepAlive(keepAlive)
{}

QByteArray HttpExchange::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Site Overloaded";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

bool HttpExchange::isClientGone() const
{
    return m_gone || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState;
}

QByteArray HttpExchange::statusAndHeaders(int status, const QByteArray &contentType,
                                          const HeaderList &extraHeaders) const
{
    QByteArray out;
    out.reserve(256);
    out += m_http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    for (const auto &h : m_commonHeaders)
        out += h.first + ": " + h.second + "\r\n";
    for (const auto &h : extraHeaders)
        out += h.first + ": " + h.second + "\r\n";
    return out;
}

void HttpExchange::respond(int status, const QByteArray &contentType, const QByteArray &body,
                           const HeaderList &extraHeaders)
{
    if (m_started)
        return;
    m_started = true;
    if (!isClientGone()) {
        QByteArray out = statusAndHeaders(status, contentType, extraHeaders);
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        out +=
            m_keepAlive ? (m_http10 ? "Connection: keep-alive\r\n" : "") : "Connection: close\r\n";
        out += "\r\n";
        out += body;
        m_socket->write(out);
    }
    finish();
}

void HttpExchange::beginStream(int status, const QByteArray &contentType,
                               const HeaderList &extraHeaders)
{
    if (m_started)
        return;
    m_started = true;
    m_streaming = true;
    // Without chunked framing an HTTP/1.0 stream can only end by closing the connection.
    if (m_http10)
        m_keepAlive = false;
    if (isClientGone())
        return;
    QByteArray out = statusAndHeaders(status, contentType, extraHeaders);
    out += "Cache-Control: no-cache\r\n";
    if (!m_http10)
        out += "Transfer-Encoding: chunked\r\n";
    out += m_keepAlive ? "" : "Connection: close\r\n";
    out += "\r\n";
    m_socket->write(out);
}

void HttpExchange::writeStreamData(QByteArrayView data)
{
    if (!m_streaming || m_finished || data.isEmpty() || isClientGone())
        return;
    if (m_http10) {
        m_socket->write(data.data(), data.size());
        return;
    }
    QByteArray frame;
    frame.reserve(data.size() + 16);
    frame += QByteArray::number(data.size(), 16);
    frame += "\r\n";
    frame += data;
    frame += "\r\n";
    m_socket->write(frame);
}

void HttpExchange::endStream()
{
    if (!m_streaming || m_finished)
        return;
    if (!isClientGone() && !m_http10)
        m_socket->write("0\r\n\r\n", 5);
    finish();
}

qint64 HttpExchange::unsentBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void HttpExchange::notifyWhenDrained()
{
    if (m_socket)
        connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpExchange::checkDrained,
                Qt::UniqueConnection);
}

void HttpExchange::checkDrained()
{
    constexpr qint64 kLowWater = 64 * 1024;
    if (!m_socket || m_socket->bytesToWrite() > kLowWater)
        return;
    disconnect(m_socket, &QTcpSocket::bytesWritten, this, &HttpExchange::checkDrained);
    Q_EMIT drained();
}

void HttpExchange::finish()
{
    m_finished = true;
    Q_EMIT finished(m_keepAlive && !isClientGone());
}

void HttpExchange::notifyShuttingDown()
{
    if (!m_finished && !m_gone)
        Q_EMIT shuttingDown();
}

void HttpExchange::notifyClientGone()
{
    if (m_gone)
        return;
    m_gone = true;
    if (!m_finished)
        Q_EMIT clientGone();
}

} // namespace llmux
