#pragma once

#include "http/HttpLimits.h"
#include "http/InboundRequest.h"
#include "http/RequestFramer.h"

#include <QObject>
#include <QQueue>
#include <QTimer>

#include <atomic>

class QTcpSocket;

namespace llmux {

class HttpExchange;
class RequestHandler;

// Everything one client connection needs beyond QHttpServer 6.4's parser: size limits enforced
// before a body is buffered (413/431), "100 Continue", an idle timeout, answers strictly in request
// order, and pipelined requests handed to the parser one at a time (its parser merges two requests
// that arrive in one read). Lives as a child of the socket.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, RequestHandler *handler,
                   std::atomic<int> *openConnections);
    ~HttpConnection() override;

    static HttpConnection *of(QTcpSocket *socket);
    // Called by the server for each request its parser completes, in arrival order.
    void enqueue(InboundRequest request);

private:
    struct Pending
    {
        InboundRequest request;
        RequestFramer::Head head;
    };

    void onReadyRead();
    void onDisconnected();
    void onIdleTimeout();
    void startNext();
    void onExchangeFinished(bool keepAlive);
    void splitAt(qsizetype offset);
    void redeliverHeld();
    void rejectAndClose(int status, const QByteArray &code, const QString &message);

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    RequestHandler *m_handler;
    std::atomic<int> *m_openConnections;
    RequestFramer m_framer;
    QQueue<RequestFramer::Head> m_heads;
    QQueue<Pending> m_pending;
    HttpExchange *m_active = nullptr;
    QTimer m_idleTimer;
    QByteArray m_held;
    bool m_continueSent = false;
    bool m_closing = false;
    bool m_dispatching = false;
};

} // namespace llmux
