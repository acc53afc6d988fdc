#pragma once

#include <QByteArray>
#include <QString>

namespace llmux {

struct InboundRequest;
class HttpExchange;

// Answers complete requests. Called on the connection's worker thread, one request at a time per
// connection; it must not block, and it answers through the exchange, now or later.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    virtual void handle(const InboundRequest &request, HttpExchange *exchange) = 0;
    // Called once a request's head is complete while its body is still to come (`head` has no
    // body): answers through the exchange, at once, whatever the head alone decides (a foreign
    // origin, a missing key, an unknown endpoint), so that no body is read for a request that
    // is refused anyway. Returns whether it answered; if not, handle() follows with the body.
    virtual bool screen(const InboundRequest &head, HttpExchange *exchange)
    {
        Q_UNUSED(head)
        Q_UNUSED(exchange)
        return false;
    }
    // The JSON body of an answer the connection gives on its own (malformed, too large or too
    // slow requests, too many connections), before any endpoint says which API the client
    // speaks; the HTTP layer knows no API's error format.
    virtual QByteArray refusalBody(int status, QByteArrayView code,
                                   const QString &message) const = 0;
};

} // namespace llmux
