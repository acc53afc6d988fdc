#pragma once

#include "http/HttpLimits.h"

#include <QTcpServer>

#include <atomic>

namespace llmux {

class RequestHandler;

// One worker thread's view of the gateway's listening port. Every worker accepts from its own
// socket on the port (see ListeningSockets), so connections spread over the threads without a
// hand-off, and each accepted socket gets its HttpConnection before QHttpServer sees it. Over the connection
// cap, a client gets a 503 instead of a silent hang.
class SharedSocketListener : public QTcpServer
{
    Q_OBJECT
public:
    SharedSocketListener(const HttpLimits &limits, RequestHandler *handler,
                         std::atomic<int> *openConnections, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    HttpLimits m_limits;
    RequestHandler *m_handler;
    std::atomic<int> *m_openConnections;
};

} // namespace llmux
