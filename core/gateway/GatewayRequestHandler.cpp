#include "gateway/GatewayRequestHandler.h"

#include "config/ConfigHolder.h"
#include "gateway/Authenticator.h"
#include "gateway/CompletionRelay.h"
#include "gateway/ModelResolver.h"
#include "gateway/RequestContext.h"
#include "http/ErrorBody.h"
#include "http/HttpExchange.h"
#include "providers/OpenAiCompatibleAdapter.h"
#include "usage/UsageWriter.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

namespace llmux {
namespace {

using Json = nlohmann::ordered_json;

QByteArray toBytes(const Json &json)
{
    return QByteArray::fromStdString(json.dump(-1, ' ', false, Json::error_handler_t::replace));
}

} // namespace

GatewayRequestHandler::GatewayRequestHandler(const ConfigHolder &config,
                                             UpstreamConnectionPool *pool, UsageWriter *usage,
                                             OriginPolicy originPolicy)
    : m_config(config)
    , m_pool(pool)
    , m_usage(usage)
    , m_originPolicy(std::move(originPolicy))
{}

QString GatewayRequestHandler::endpointOf(const QString &path)
{
    QString p = path;
    while (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    if (p.startsWith(QLatin1String("/v1/")) || p == QLatin1String("/v1"))
        p = p.mid(3);
    return p.isEmpty() ? QStringLiteral("/") : p;
}

void GatewayRequestHandler::handle(const InboundRequest &request, HttpExchange *exchange)
{
    const OriginPolicy::Decision origin = m_originPolicy.check(request);
    if (!origin.allowed) {
        exchange->respond(403, "application/json",
                          ErrorBody::openAi(403, "origin_not_allowed", origin.reason));
        return;
    }
    exchange->setCommonHeaders(origin.corsHeaders);
    const QString endpoint = endpointOf(request.path);

    if (request.method == "OPTIONS") {
        exchange->respond(204, QByteArray(), QByteArray(),
                          {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                           {"Access-Control-Allow-Headers", "*"},
                           {"Access-Control-Max-Age", "600"}});
        return;
    }
    if (endpoint == QLatin1String("/health")) {
        exchange->respond(200, "application/json",
                          R"({"status":"ok","service":"llmux","version":")" LLMUX_VERSION "\"}");
        return;
    }

    const GatewayConfigPtr config = m_config.current();
    if (!config) {
        exchange->respond(503, "application/json",
                          ErrorBody::openAi(503, "starting",
                                            QStringLiteral("LLMux is still loading its "
                                                           "configuration; retry in a moment.")),
                          {{"Retry-After", "1"}});
        return;
    }

    const bool isChat = endpoint == QLatin1String("/chat/completions");
    const bool isModels = endpoint == QLatin1String("/models");
    if (!isChat && !isModels) {
        exchange->respond(
            404, "application/json",
            ErrorBody::openAi(404, "unknown_endpoint",
                              QStringLiteral("LLMux has no endpoint %1 %2.")
                                  .arg(QString::fromLatin1(request.method), request.path)));
        return;
    }
    const QByteArray expectedMethod = isChat ? "POST" : "GET";
    if (request.method != expectedMethod) {
        exchange->respond(
            405, "application/json",
            ErrorBody::openAi(405, "method_not_allowed",
                              QStringLiteral("Use %1 for %2.")
                                  .arg(QString::fromLatin1(expectedMethod), request.path)),
            {{"Allow", expectedMethod}});
        return;
    }

    RequestContext context;
    context.clock = request.received;
    context.entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
    context.entry.endpoint = endpoint;
    const Authenticator::Outcome auth =
        Authenticator::authenticate(*config, request, QDateTime::currentDateTimeUtc());
    if (!auth.key) {
        if (isChat)
            fail(exchange, context, 401, auth.code, auth.message);
        else
            exchange->respond(401, "application/json",
                              ErrorBody::openAi(401, auth.code, auth.message));
        return;
    }
    context.entry.keyId = auth.key->id;
    context.entry.keyName = auth.key->name;

    if (isModels)
        listModels(exchange, *config);
    else
        chatCompletions(request, exchange, *config, context);
}

void GatewayRequestHandler::chatCompletions(const InboundRequest &request, HttpExchange *exchange,
                                            const GatewayConfig &config, RequestContext &context)
{
    Json body;
    try {
        body =
            Json::parse(request.body.constData(), request.body.constData() + request.body.size());
    } catch (const Json::parse_error &e) {
        fail(exchange, context, 400, "invalid_json",
             QStringLiteral("The request body is not valid JSON: %1")
                 .arg(QString::fromUtf8(e.what())));
        return;
    }
    if (!body.is_object()) {
        fail(exchange, context, 400, "invalid_request",
             QStringLiteral("The request body must be a JSON object."));
        return;
    }
    const auto model = body.find("model");
    if (model == body.end() || !model->is_string() ||
        model->get_ref<const std::string &>().empty()) {
        fail(exchange, context, 400, "missing_model",
             QStringLiteral("The request needs a \"model\" string."));
        return;
    }
    const QString requested = QString::fromStdString(model->get<std::string>());
    context.entry.modelRequested = requested;
    const auto streamField = body.find("stream");
    const bool stream =
        streamField != body.end() && streamField->is_boolean() && streamField->get<bool>();
    context.entry.stream = stream;

    const ModelResolver::Resolution resolution = ModelResolver::resolve(config, requested);
    if (!resolution.target) {
        fail(exchange, context, resolution.status, resolution.code, resolution.message);
        return;
    }
    const ModelTarget &target = *resolution.target;
    const ProviderEndpoint &provider = *target.provider;
    context.entry.provider = provider.record.name;
    context.entry.upstreamModel = target.upstreamModel;
    if (!provider.keyProblem.isEmpty()) {
        fail(exchange, context, 502, "provider_key_unavailable",
             QStringLiteral("LLMux has no API key for provider '%1': %2")
                 .arg(provider.record.name, provider.keyProblem));
        return;
    }

    CompletionRelay::Options options;
    options.stream = stream;
    options.price = target.price;
    bool rewritten = false;
    if (target.upstreamModel != requested) {
        (*model) = target.upstreamModel.toStdString();
        rewritten = true;
    }
    if (stream) {
        Json &streamOptions = body["stream_options"];
        if (!streamOptions.is_object())
            streamOptions = Json::object();
        const auto include = streamOptions.find("include_usage");
        options.clientWantsUsage =
            include != streamOptions.end() && include->is_boolean() && include->get<bool>();
        if (!options.clientWantsUsage) {
            // Ask for the usage chunk so tokens are counted; the relay hides it from the client.
            streamOptions["include_usage"] = true;
            rewritten = true;
        }
    }
    // Nothing to change means the client's bytes go upstream untouched.
    QByteArray upstreamBody = rewritten ? toBytes(body) : request.body;

    auto *relay = new CompletionRelay(exchange, m_pool, m_usage, std::move(context), options);
    relay->start(
        OpenAiCompatibleAdapter::chatCompletions(provider, std::move(upstreamBody), stream));
}

void GatewayRequestHandler::listModels(HttpExchange *exchange, const GatewayConfig &config)
{
    Json data = Json::array();
    for (const ModelRecord &m : config.modelRecords) {
        if (!m.enabled)
            continue;
        data.push_back({{"id", m.publicName.toStdString()},
                        {"object", "model"},
                        {"created", m.createdAt.toSecsSinceEpoch()},
                        {"owned_by", m.providerName.toStdString()}});
    }
    exchange->respond(200, "application/json", toBytes(Json{{"object", "list"}, {"data", data}}));
}

void GatewayRequestHandler::fail(HttpExchange *exchange, RequestContext &context, int status,
                                 QByteArrayView code, const QString &message)
{
    exchange->respond(status, "application/json", ErrorBody::openAi(status, code, message));
    context.entry.status = status;
    context.entry.error = message;
    context.entry.latencyMs = context.elapsedMs();
    m_usage->record(std::move(context.entry));
}

} // namespace llmux
