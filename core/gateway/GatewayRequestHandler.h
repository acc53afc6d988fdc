#pragma once

#include "http/OriginPolicy.h"
#include "http/RequestHandler.h"

#include <QString>

namespace llmux {

class ConfigHolder;
class UpstreamConnectionPool;
class UsageWriter;
struct GatewayConfig;
struct RequestContext;

// The request path of the gateway, one screen long: origin check, endpoint, key, body, model,
// then a CompletionRelay to the provider. One per worker thread.
class GatewayRequestHandler : public RequestHandler
{
public:
    GatewayRequestHandler(const ConfigHolder &config, UpstreamConnectionPool *pool,
                          UsageWriter *usage, OriginPolicy originPolicy);

    void handle(const InboundRequest &request, HttpExchange *exchange) override;

    // "/v1/chat/completions" and "/chat/completions" both name the endpoint "/chat/completions".
    static QString endpointOf(const QString &path);

private:
    void chatCompletions(const InboundRequest &request, HttpExchange *exchange,
                         const GatewayConfig &config, RequestContext &context);
    void listModels(HttpExchange *exchange, const GatewayConfig &config);
    void fail(HttpExchange *exchange, RequestContext &context, int status, QByteArrayView code,
              const QString &message);

    const ConfigHolder &m_config;
    UpstreamConnectionPool *m_pool;
    UsageWriter *m_usage;
    OriginPolicy m_originPolicy;
};

} // namespace llmux
