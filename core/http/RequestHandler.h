#pragma once

#include <QtGlobal>

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
};

} // namespace llmux
