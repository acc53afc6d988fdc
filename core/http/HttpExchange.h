#pragma once

#include "core/http/InboundRequest.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

namespace llmux {

// The answer to one request on a client connection. Writes the status line, headers and body
// straight to the socket, with HTTP/1.1 chunked framing for streams, and guards every write: once
// the client has gone, writes are dropped and clientGone() tells the producer to stop. Owned by
// the connection; holders keep a QPointer.
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    HttpExchange(QTcpSocket *socket, bool keepAlive, QObject *parent);

    // A complete response with Content-Length.
    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const HeaderList &extraHeaders = {});

    // A streamed response: chunked on HTTP/1.1, close-delimited on HTTP/1.0.
    void beginStream(int status, const QByteArray &contentType,
                     const HeaderList &extraHeaders = {});
    void writeStreamData(QByteArrayView data);
    void endStream();

    bool isClientGone() const;
    // Bytes written but not yet taken by the client.
    qint64 unsentBytes() const;
    // Emits drained() once the client has taken most of what was written.
    void notifyWhenDrained();

    // Extra response headers every answer carries (CORS for allowed browser origins).
    void setCommonHeaders(HeaderList headers) { m_commonHeaders = std::move(headers); }
    void addCommonHeaders(const HeaderList &headers) { m_commonHeaders.append(headers); }
    void setHttp10(bool http10) { m_http10 = http10; }

    static QByteArray reasonPhrase(int status);

Q_SIGNALS:
    void clientGone();
    void finished(bool keepAlive);
    void drained();
    // The gateway is stopping and its grace period is over: answer now, or end the stream.
    void shuttingDown();

private:
    friend class HttpConnection;
    void notifyClientGone();
    void notifyShuttingDown();
    QByteArray statusAndHeaders(int status, const QByteArray &contentType,
                                const HeaderList &extraHeaders) const;
    void finish();
    void checkDrained();

    QPointer<QTcpSocket> m_socket;
    HeaderList m_commonHeaders;
    bool m_keepAlive;
    bool m_http10 = false;
    bool m_started = false;
    bool m_streaming = false;
    bool m_finished = false;
    bool m_gone = false;
};

} // namespace llmux
