#pragma once

#include "core/config/GatewayConfig.h"
#include "core/domain/GatewayError.h"
#include "core/gateway/RequestContext.h"
#include "core/gateway/RequestShaper.h"
#include "core/http/OriginPolicy.h"
#include "core/http/RequestHandler.h"
#include "core/providers/ProviderAdapter.h"
#include "core/translate/ApiFormat.h"

#include <QString>

#include <memory>
#include <optional>

namespace llmux {

class ConfigHolder;
class RoutingState;
class UpstreamConnectionPool;
class RequestLogWriter;
class Database;
class DatabaseWorker;
struct Governance;
class ResponseStore;

// The request path of the gateway, one screen long: origin check, endpoint, key, body, model,
// route, then a CompletionRelay that makes the route's attempts. One per worker thread.
class GatewayRequestHandler : public RequestHandler
{
public:
    GatewayRequestHandler(const ConfigHolder &config, UpstreamConnectionPool *pool,
                          RequestLogWriter *usage, RoutingState *routing, Governance *governance,
                          const Database *db, OriginPolicy originPolicy, ResponseStore *responses);
    ~GatewayRequestHandler() override;

    void handle(const InboundRequest &request, HttpExchange *exchange) override;
    bool screen(const InboundRequest &head, HttpExchange *exchange) override;
    QByteArray refusalBody(int status, QByteArrayView code, const QString &message) const override;

    // "/v1/chat/completions" and "/chat/completions" both name the endpoint "/chat/completions".
    static QString endpointOf(const QString &path);

    // A POST endpoint that goes to a provider: which format the client speaks and what it asks
    // (and, for Gemini's API, the model and streaming the URL names).
    struct Route
    {
        ApiFormat client = ApiFormat::OpenAiChat;
        Operation operation = Operation::Generate;
        std::optional<RequestShaper::UrlFacts> url;
    };

private:
    // What the head alone decides (origin, endpoint, method, key), the same before the body
    // arrives and after: either a reply went out, or the request may go on.
    struct HeadCheck
    {
        bool answered = false;
        GatewayConfigPtr config;
        RequestContext context;
        std::optional<Route> route;
        ApiFormat listFormat = ApiFormat::OpenAiChat; // a GET of the model list
        QString listedModel;                          // a GET of one model (Gemini)
        QString storedResponseId;                     // GET or DELETE /v1/responses/{id}
        bool usage = false;                           // GET /v1/usage
        // The key, and what it may use (null: everything). Live as long as config.
        const AcceptedKey *key = nullptr;
        const KeyPermissions *permissions = nullptr;
    };
    HeadCheck checkHead(const InboundRequest &request, HttpExchange *exchange);
    void relay(const InboundRequest &request, HttpExchange *exchange, const GatewayConfig &config,
               RequestContext &context, const Route &route, const AcceptedKey &key);
    void listModels(HttpExchange *exchange, const GatewayConfig &config, RequestContext &context,
                    ApiFormat format, const QString &oneModel, const KeyPermissions *permissions);
    void answerUsage(const InboundRequest &request, HttpExchange *exchange,
                     const GatewayConfigPtr &config, RequestContext &context,
                     const AcceptedKey &key);
    void answerStoredResponse(const InboundRequest &request, HttpExchange *exchange,
                              RequestContext &context, const QString &id);
    // Answers a refusal in the client's format and records it.
    void fail(HttpExchange *exchange, RequestContext &context, ApiFormat client,
              const GatewayError &error, const HeaderList &extraHeaders = {});

    const ConfigHolder &m_config;
    UpstreamConnectionPool *m_pool;
    RequestLogWriter *m_usage;
    RoutingState *m_routing;
    Governance *m_governance;
    const Database *m_db;
    std::unique_ptr<DatabaseWorker> m_reader; // for GET /v1/usage, made on first use
    OriginPolicy m_originPolicy;
    ResponseStore *m_responses;
};

} // namespace llmux
