#pragma once

#include "http/OriginPolicy.h"
#include "http/RequestHandler.h"
#include "providers/ProviderAdapter.h"
#include "translate/ApiFormat.h"

#include <QString>

namespace llmux {

class ConfigHolder;
class RoutingState;
class UpstreamConnectionPool;
class UsageWriter;
struct GatewayConfig;
struct RequestContext;

// The request path of the gateway, one screen long: origin check, endpoint, key, body, model,
// route, then a CompletionRelay that makes the route's attempts. One per worker thread.
class GatewayRequestHandler : public RequestHandler
{
public:
    GatewayRequestHandler(const ConfigHolder &config, UpstreamConnectionPool *pool,
                          UsageWriter *usage, RoutingState *routing, OriginPolicy originPolicy);

    void handle(const InboundRequest &request, HttpExchange *exchange) override;

    // "/v1/chat/completions" and "/chat/completions" both name the endpoint "/chat/completions".
    static QString endpointOf(const QString &path);

    // A POST endpoint that goes to a provider: which format the client speaks and what it asks.
    struct Route
    {
        ApiFormat client = ApiFormat::OpenAiChat;
        Operation operation = Operation::Generate;
    };

private:
    void relay(const InboundRequest &request, HttpExchange *exchange, const GatewayConfig &config,
               RequestContext &context, Route route);
    void listModels(const InboundRequest &request, HttpExchange *exchange,
                    const GatewayConfig &config, RequestContext &context);
    void fail(HttpExchange *exchange, RequestContext &context, ApiFormat client, int status,
              QByteArrayView code, const QString &message, const HeaderList &extraHeaders = {});

    const ConfigHolder &m_config;
    UpstreamConnectionPool *m_pool;
    UsageWriter *m_usage;
    RoutingState *m_routing;
    OriginPolicy m_originPolicy;
};

} // namespace llmux
