#pragma once

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
};

} // namespace llmux
