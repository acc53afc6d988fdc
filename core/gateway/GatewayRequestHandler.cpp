#include "core/gateway/GatewayRequestHandler.h"

#include "core/config/ConfigHolder.h"
#include "core/gateway/Authenticator.h"
#include "core/gateway/CompletionRelay.h"
#include "core/gateway/ModelResolver.h"
#include "core/gateway/RequestContext.h"
#include "core/gateway/RequestShaper.h"
#include "core/gateway/RoutedRequest.h"
#include "core/gateway/StoredResponses.h"
#include "core/gateway/UsageEndpoint.h"
#include "core/http/HttpExchange.h"
#include "core/limits/Governance.h"
#include "core/routing/RoutingState.h"
#include "core/store/DatabaseWorker.h"
#include "core/store/ResponseStore.h"
#include "core/translate/ErrorBody.h"
#include "core/translate/RequestNeeds.h"
#include "core/translate/TranslationSupport.h"
#include "core/usage/RequestLogWriter.h"

#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cctype>
#include <optional>

namespace llmux {
namespace {

using namespace Qt::StringLiterals;

std::optional<GatewayRequestHandler::Route> routeFor(const QString &endpoint)
{
    using Route = GatewayRequestHandler::Route;
    if (endpoint == QLatin1String("/chat/completions"))
        return Route{ApiFormat::OpenAiChat, Operation::Generate, std::nullopt};
    if (endpoint == QLatin1String("/messages"))
        return Route{ApiFormat::AnthropicMessages, Operation::Generate, std::nullopt};
    if (endpoint == QLatin1String("/responses"))
        return Route{ApiFormat::OpenAiResponses, Operation::Generate, std::nullopt};
    if (endpoint == QLatin1String("/responses/compact"))
        return Route{ApiFormat::OpenAiResponses, Operation::CompactResponse, std::nullopt};
    if (endpoint == QLatin1String("/messages/count_tokens"))
        return Route{ApiFormat::AnthropicMessages, Operation::CountTokens, std::nullopt};
    if (endpoint == QLatin1String("/embeddings"))
        return Route{ApiFormat::OpenAiChat, Operation::Embeddings, std::nullopt};
    if (endpoint == QLatin1String("/completions"))
        return Route{ApiFormat::OpenAiChat, Operation::TextCompletions, std::nullopt};
    return std::nullopt;
}

// The endpoint name key permissions use (KeyPermissions::endpointNames()).
QString permissionEndpointOf(const std::optional<GatewayRequestHandler::Route> &route,
                             bool storedResponse, bool usage = false)
{
    if (usage)
        return QStringLiteral("usage");
    if (storedResponse)
        return QStringLiteral("responses");
    if (!route)
        return QStringLiteral("models");
    if (route->operation == Operation::Embeddings)
        return QStringLiteral("embeddings");
    switch (route->client) {
    case ApiFormat::OpenAiChat:
        return route->operation == Operation::TextCompletions ? QStringLiteral("completions")
                                                              : QStringLiteral("chat");
    case ApiFormat::AnthropicMessages:
        return QStringLiteral("messages");
    case ApiFormat::OpenAiResponses:
        return QStringLiteral("responses");
    case ApiFormat::GeminiGenerate:
        return QStringLiteral("gemini");
    }
    return QString();
}

GatewayError permissionDenied(const QString &keyName, const QString &what, const QString &why)
{
    return GatewayError{403,
                        "permission_denied",
                        QStringLiteral("The key '%1' may not use %2: %3.").arg(keyName, what, why),
                        {}};
}

// Gemini's REST API addresses models in the path: POST /v1beta/models/{model}:{method}, GET
// /v1beta/models[/{model}] (also under /v1, where OpenAI's model list lives too: the Gemini form
// is taken when the path has a method or the request carries Gemini's key).
struct GeminiPath
{
    QString model;  // percent-decoded; empty for the list
    QString method; // empty for a GET of the list or one model
};

std::optional<GeminiPath> geminiPathOf(const InboundRequest &request)
{
    QStringView path(request.path);
    QStringView rest;
    if (path.startsWith(u"/v1beta/models")) {
        rest = path.mid(14);
    } else if (path.startsWith(u"/v1/models/")) {
        rest = path.mid(10);
        const bool googleKey = !request.header("x-goog-api-key").isEmpty() ||
                               QUrlQuery(QString::fromLatin1(request.query)).hasQueryItem(u"key"_s);
        if (!rest.contains(u':') && !googleKey)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!rest.isEmpty() && !rest.startsWith(u'/'))
        return std::nullopt;
    while (rest.startsWith(u'/'))
        rest = rest.mid(1);
    GeminiPath out;
    const qsizetype colon = rest.lastIndexOf(u':');
    const QStringView model = colon < 0 ? rest : rest.left(colon);
    out.model = QUrl::fromPercentEncoding(model.toUtf8());
    if (colon >= 0)
        out.method = rest.mid(colon + 1).toString();
    return out;
}

std::optional<GatewayRequestHandler::Route> geminiRoute(const GeminiPath &path, bool sse)
{
    using Route = GatewayRequestHandler::Route;
    const RequestShaper::UrlFacts url{path.model, path.method == u"streamGenerateContent"};
    if (path.method == u"generateContent" || (path.method == u"streamGenerateContent" && sse))
        return Route{ApiFormat::GeminiGenerate, Operation::Generate, url};
    if (path.method == u"countTokens")
        return Route{ApiFormat::GeminiGenerate, Operation::CountTokens, url};
    if (path.method == u"embedContent" || path.method == u"batchEmbedContents")
        return Route{
            ApiFormat::GeminiGenerate, Operation::Embeddings,
            RequestShaper::UrlFacts{path.model, false, path.method == u"batchEmbedContents"}};
    return std::nullopt;
}

// The client's own session id, when it sends one: Claude Code's X-Claude-Code-Session-Id, or
// Codex's session-id. Only a short token of plain characters is recorded.
QString sessionOf(const InboundRequest &request)
{
    for (const char *name : {"x-claude-code-session-id", "session-id", "session_id"}) {
        const QByteArray value = request.header(name).trimmed();
        if (value.isEmpty())
            continue;
        constexpr qsizetype kMaxSession = 128;
        const bool plain =
            value.size() <= kMaxSession && std::all_of(value.cbegin(), value.cend(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                       c == '.' || c == ':';
            });
        return plain ? QString::fromLatin1(value) : QString();
    }
    return {};
}

// A path as far as an error message repeats it: a client may send 60 KB of it.
QString boundedForEcho(const QString &path)
{
    constexpr qsizetype kMaxEcho = 200;
    return path.size() <= kMaxEcho ? path : path.left(kMaxEcho) + QStringLiteral("…");
}

// Anthropic's SDKs send anthropic-version on every request; OpenAI's never do; Gemini's API has
// its own paths.
ApiFormat clientFormatOf(const InboundRequest &request)
{
    if (geminiPathOf(request))
        return ApiFormat::GeminiGenerate;
    return request.header("anthropic-version").isEmpty() ? ApiFormat::OpenAiChat
                                                         : ApiFormat::AnthropicMessages;
}

} // namespace

GatewayRequestHandler::GatewayRequestHandler(const ConfigHolder &config,
                                             UpstreamConnectionPool *pool, RequestLogWriter *usage,
                                             RoutingState *routing, Governance *governance,
                                             const Database *db, OriginPolicy originPolicy,
                                             ResponseStore *responses)
    : m_config(config)
    , m_pool(pool)
    , m_usage(usage)
    , m_routing(routing)
    , m_governance(governance)
    , m_db(db)
    , m_originPolicy(std::move(originPolicy))
    , m_responses(responses)
{}

GatewayRequestHandler::~GatewayRequestHandler() = default;

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
    HeadCheck check = checkHead(request, exchange);
    if (check.answered)
        return;
    if (check.route)
        relay(request, exchange, *check.config, check.context, *check.route, *check.key);
    else if (check.usage)
        answerUsage(request, exchange, check.config, check.context, *check.key);
    else if (!check.storedResponseId.isEmpty())
        answerStoredResponse(request, exchange, check.context, check.storedResponseId);
    else
        listModels(exchange, *check.config, check.context, check.listFormat, check.listedModel,
                   check.permissions);
}

QByteArray GatewayRequestHandler::refusalBody(int status, QByteArrayView code,
                                              const QString &message) const
{
    // Every SDK reads the OpenAI shape well enough to show the message.
    return ErrorBody::openAi(status, code, message);
}

bool GatewayRequestHandler::screen(const InboundRequest &head, HttpExchange *exchange)
{
    return checkHead(head, exchange).answered;
}

GatewayRequestHandler::HeadCheck GatewayRequestHandler::checkHead(const InboundRequest &request,
                                                                  HttpExchange *exchange)
{
    HeadCheck check;
    check.answered = true;
    const ApiFormat format = clientFormatOf(request);
    const OriginPolicy::Decision origin = m_originPolicy.check(request);
    if (!origin.allowed) {
        exchange->respond(403, "application/json",
                          ErrorBody::forClient(format, 403, "origin_not_allowed", origin.reason));
        return check;
    }
    exchange->setCommonHeaders(origin.corsHeaders);
    const QString endpoint = endpointOf(request.path);

    if (request.method == "OPTIONS") {
        exchange->respond(204, QByteArray(), QByteArray(),
                          {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                           {"Access-Control-Allow-Headers", "*"},
                           {"Access-Control-Max-Age", "600"}});
        return check;
    }
    if (endpoint == QLatin1String("/health")) {
        exchange->respond(200, "application/json",
                          R"({"status":"ok","service":"llmux","version":")" LLMUX_VERSION "\"}");
        return check;
    }

    check.config = m_config.current();
    if (!check.config) {
        exchange->respond(503, "application/json",
                          ErrorBody::forClient(format, 503, "starting",
                                               QStringLiteral("LLMux is still loading its "
                                                              "configuration; retry in a moment.")),
                          {{"Retry-After", "1"}});
        return check;
    }

    const std::optional<GeminiPath> gemini = geminiPathOf(request);
    QString loggedEndpoint = endpoint;
    bool isModels = false;
    if (gemini) {
        const bool sse = QUrlQuery(QString::fromLatin1(request.query))
                             .queryItemValue(u"alt"_s)
                             .compare(u"sse", Qt::CaseInsensitive) == 0;
        if (gemini->method == u"streamGenerateContent" && !sse) {
            exchange->respond(
                400, "application/json",
                ErrorBody::gemini(400, QStringLiteral("LLMux streams Gemini answers as server-sent "
                                                      "events only: add ?alt=sse to the URL.")));
            return check;
        }
        check.route = geminiRoute(*gemini, sse);
        isModels = gemini->method.isEmpty();
        check.listFormat = ApiFormat::GeminiGenerate;
        check.listedModel = gemini->model;
        // One name for every model in the log, and no client text of unbounded length.
        loggedEndpoint = gemini->method.isEmpty()
                             ? QStringLiteral("/models")
                             : QStringLiteral("/models/{model}:") + gemini->method.left(40);
    } else {
        check.route = routeFor(endpoint);
        isModels = endpoint == QLatin1String("/models");
        check.usage = endpoint == QLatin1String("/usage");
        check.listFormat = format;
        // A stored Responses answer: /responses/{id}.
        if (!check.route && endpoint.startsWith(QLatin1String("/responses/")) &&
            endpoint.count(QLatin1Char('/')) == 2 && m_responses) {
            check.storedResponseId = endpoint.mid(11);
            loggedEndpoint = QStringLiteral("/responses/{id}");
        }
    }
    const bool stored = !check.storedResponseId.isEmpty();
    if (!check.route && !isModels && !stored && !check.usage) {
        exchange->respond(404, "application/json",
                          ErrorBody::forClient(format, 404, "unknown_endpoint",
                                               QStringLiteral("LLMux has no endpoint %1 %2.")
                                                   .arg(QString::fromLatin1(request.method),
                                                        boundedForEcho(request.path))));
        return check;
    }
    const QByteArray expectedMethod = check.route ? "POST" : "GET";
    if (stored ? request.method != "GET" && request.method != "DELETE"
               : request.method != expectedMethod) {
        exchange->respond(
            405, "application/json",
            ErrorBody::forClient(
                format, 405, "method_not_allowed",
                QStringLiteral("Use %1 for %2.")
                    .arg(QString::fromLatin1(stored ? "GET or DELETE" : expectedMethod.constData()),
                         boundedForEcho(request.path))),
            {{"Allow", stored ? QByteArray("GET, DELETE") : expectedMethod}});
        return check;
    }

    RequestContext &context = check.context;
    context.clock = request.received;
    context.entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
    context.entry.endpoint = loggedEndpoint;
    context.entry.session = sessionOf(request);
    const Authenticator::Outcome auth =
        Authenticator::authenticate(*check.config, request, QDateTime::currentDateTimeUtc());
    if (!auth.key) {
        fail(exchange, context, check.route ? check.route->client : format, auth.error);
        return check;
    }
    context.entry.keyId = auth.key->id;
    context.entry.keyName = auth.key->name;
    check.key = auth.key;
    check.permissions = auth.key->permissions.get();
    if (check.permissions) {
        const QString endpointName = permissionEndpointOf(check.route, stored, check.usage);
        if (const QString why = check.permissions->endpointRefusal(endpointName); !why.isEmpty()) {
            fail(exchange, context, check.route ? check.route->client : format,
                 permissionDenied(auth.key->name,
                                  QStringLiteral("the %1 endpoint").arg(endpointName), why));
            return check;
        }
    }
    check.answered = false;
    return check;
}

void GatewayRequestHandler::relay(const InboundRequest &request, HttpExchange *exchange,
                                  const GatewayConfig &config, RequestContext &context,
                                  const Route &route, const AcceptedKey &key)
{
    const KeyPermissions *permissions = key.permissions.get();
    const ApiFormat client = route.client;
    RequestShaper::Inbound inbound = RequestShaper::read(request.body, route.url);
    if (inbound.error) {
        fail(exchange, context, client, *inbound.error);
        return;
    }
    context.entry.modelRequested = inbound.model;
    context.entry.stream = inbound.stream;
    if (permissions)
        if (const QString why = permissions->modelRefusal(inbound.model); !why.isEmpty()) {
            fail(exchange, context, client,
                 permissionDenied(context.entry.keyName,
                                  QStringLiteral("the model '%1'").arg(inbound.model), why));
            return;
        }

    // The Responses API's conversation state: earlier turns in front of this one's input.
    QByteArray clientBody = request.body;
    std::optional<StoredResponses::Turn> turn;
    if (client == ApiFormat::OpenAiResponses && route.operation == Operation::Generate &&
        m_responses) {
        turn.emplace();
        if (std::optional<GatewayError> refused = StoredResponses::expand(
                inbound.body, *m_responses, context.entry.keyId.value_or(0), *turn)) {
            fail(exchange, context, client, *refused);
            return;
        }
        if (!turn->previousId.isEmpty())
            clientBody = json::toBytes(inbound.body); // what every attempt sends
    }

    ModelResolver::Resolution resolution = ModelResolver::resolve(config, inbound.model);
    if (!resolution.route) {
        fail(exchange, context, client, resolution.error);
        return;
    }
    const QString projectName =
        key.projectId ? config.projectNames.value(*key.projectId) : QString();
    QDateTime now; // wall-clock time, read only when a budget needs it
    if (!config.budgets.isEmpty() && m_governance) {
        now = QDateTime::currentDateTimeUtc(); // cheap: no time zone to look up
        if (std::optional<GatewayError> spent =
                m_governance->budgets.stop(config.budgets, key.name, projectName, now)) {
            fail(exchange, context, client, *spent);
            return;
        }
    }
    std::unique_ptr<Admission> admission;
    if (!config.limits.isEmpty() && m_governance) {
        QStringList models{inbound.model};
        // The other names a model goes by matter only to model limits.
        if (std::any_of(config.limits.cbegin(), config.limits.cend(), [](const LimitRule &r) {
                return r.limit.scope == RateLimit::Scope::Model;
            })) {
            models << resolution.route->name;
            for (const ModelTarget &t : resolution.route->targets)
                models << t.displayName();
        }
        LimitedRequest limited{key.name, projectName, permissionEndpointOf(route, false), models,
                               0};
        if (std::any_of(config.limits.cbegin(), config.limits.cend(),
                        [](const LimitRule &r) { return r.limit.kind == RateLimit::Kind::Tokens; }))
            limited.estimatedTokens = RequestNeeds::of(client, inbound.body).promptTokens;
        admission = m_governance->limiter.admit(config, limited, m_routing->nowMs());
        if (admission && !admission->admitted()) {
            if (m_governance->refused)
                m_governance->refused(admission->refusedLimit());
            fail(exchange, context, client, admission->refusal(), admission->headers());
            return;
        }
        if (admission)
            exchange->addCommonHeaders(admission->headers());
    }
    AttemptPlanner planner(std::move(*resolution.route), *m_routing, config.retry, config.breaker,
                           m_routing->nowMs());
    auto routed = std::make_unique<RoutedRequest>(std::move(planner), std::move(inbound),
                                                  clientBody, request.headers, route.operation,
                                                  client, context.entry.endpoint, route.url);
    std::optional<RoutedRequest::Prepared> first = routed->next();
    if (!first) {
        if (admission) // nothing went upstream: no tokens to count
            admission->settle(0, m_routing->nowMs());
        const GatewayError refusal = routed->refusal();
        if (refusal.status >= 500) // every target resting or broken
            context.entry.exhaustedRoute = routed->planner().route().name;
        context.entry.attempts = 0;
        context.entry.attemptErrors = routed->planner().history().join(QLatin1Char('\n'));
        if (const ModelTarget *target = routed->planner().route().targets.isEmpty()
                                            ? nullptr
                                            : &routed->planner().route().targets.first()) {
            context.entry.provider = target->provider->record.name;
            context.entry.upstreamModel = target->upstreamModel;
        }
        fail(exchange, context, client, refusal);
        return;
    }
    const qint64 keyId = context.entry.keyId.value_or(0);
    auto *relay =
        new CompletionRelay(exchange, m_pool, m_usage, std::move(context), std::move(routed));
    if (admission)
        relay->holdAdmission(std::move(admission));
    if (!config.budgets.isEmpty() && m_governance)
        relay->whenRecorded([governance = m_governance, budgets = config.budgets, key = key.name,
                             projectName](const RequestLogEntry &entry) {
            const QList<BudgetLedger::Crossing> crossings = governance->budgets.charge(
                budgets, key, projectName, entry.cost,
                entry.promptTokens.value_or(0) + entry.completionTokens.value_or(0),
                QDateTime::currentDateTimeUtc());
            if (governance->crossed)
                for (const BudgetLedger::Crossing &crossing : crossings)
                    governance->crossed(crossing);
        });
    if (turn)
        relay->whenAnswered(
            [store = m_responses, turn = std::move(*turn), keyId](const QByteArray &response) {
                StoredResponses::remember(*store, turn, keyId, response);
            });
    relay->start(std::move(*first));
}

void GatewayRequestHandler::listModels(HttpExchange *exchange, const GatewayConfig &config,
                                       RequestContext &context, ApiFormat format,
                                       const QString &oneModel, const KeyPermissions *permissions)
{
    Json data = Json::array();
    for (const ModelRecord &m : config.modelRecords) {
        if (!m.enabled || (!oneModel.isEmpty() && m.publicName != oneModel &&
                           QStringLiteral("models/") + m.publicName != oneModel))
            continue;
        // A key sees only the models it may use.
        if (permissions && !permissions->allowsModel(m.publicName))
            continue;
        const std::string name = m.publicName.toStdString();
        switch (format) {
        case ApiFormat::AnthropicMessages:
            data.push_back(
                {{"type", "model"},
                 {"id", name},
                 {"display_name", name},
                 {"created_at", m.createdAt.toUTC().toString(Qt::ISODate).toStdString()}});
            break;
        case ApiFormat::GeminiGenerate:
            data.push_back({{"name", "models/" + name},
                            {"displayName", name},
                            {"description",
                             "Served by LLMux through provider " + m.providerName.toStdString()},
                            {"supportedGenerationMethods",
                             Json::array({"generateContent", "streamGenerateContent", "countTokens",
                                          "embedContent", "batchEmbedContents"})}});
            break;
        case ApiFormat::OpenAiChat:
        case ApiFormat::OpenAiResponses:
            data.push_back({{"id", name},
                            {"object", "model"},
                            {"created", m.createdAt.toSecsSinceEpoch()},
                            {"owned_by", m.providerName.toStdString()}});
            break;
        }
    }
    Json body;
    int status = 200;
    if (format == ApiFormat::GeminiGenerate && !oneModel.isEmpty()) {
        if (data.empty()) {
            status = 404;
            exchange->respond(
                404, "application/json",
                ErrorBody::gemini(
                    404, QStringLiteral("LLMux has no model %1.").arg(boundedForEcho(oneModel))));
        } else {
            body = data.front();
        }
    } else if (format == ApiFormat::GeminiGenerate) {
        body = {{"models", data}};
    } else if (format == ApiFormat::AnthropicMessages) {
        const bool empty = data.empty();
        body = {{"data", data},
                {"has_more", false},
                {"first_id", empty ? Json(nullptr) : data.front()["id"]},
                {"last_id", empty ? Json(nullptr) : data.back()["id"]}};
    } else {
        body = {{"object", "list"}, {"data", data}};
    }
    if (status == 200)
        exchange->respond(200, "application/json", json::toBytes(body));
    // In the log like any request: which key asked, and when.
    context.entry.status = status;
    context.entry.latencyMs = context.elapsedMs();
    m_usage->record(std::move(context.entry));
}

void GatewayRequestHandler::answerUsage(const InboundRequest &request, HttpExchange *exchange,
                                        const GatewayConfigPtr &config, RequestContext &context,
                                        const AcceptedKey &key)
{
    const QDateTime now = QDateTime::currentDateTime();
    std::variant<UsageEndpoint::Question, GatewayError> asked =
        UsageEndpoint::question(request.query, key, *config, now);
    if (const GatewayError *error = std::get_if<GatewayError>(&asked)) {
        fail(exchange, context, ApiFormat::OpenAiChat, *error);
        return;
    }
    if (!m_db || !m_governance) {
        fail(exchange, context, ApiFormat::OpenAiChat,
             GatewayError{503, "unavailable", QStringLiteral("Usage is not available here."), {}});
        return;
    }
    // Read off the request path: this worker's other connections go on meanwhile.
    if (!m_reader)
        m_reader = std::make_unique<DatabaseWorker>(*m_db);
    const UsageEndpoint::Question question = std::get<UsageEndpoint::Question>(asked);
    m_reader->run(
        [question](const Database &db) {
            return KeyUsageQuery::rows(db, question.subject, question.name, question.fromMs,
                                       question.toMs, question.groupBy, question.keyId);
        },
        exchange,
        [this, exchange, config, context, question,
         now](const Result<QList<KeyUsageQuery::Row>> &rows) mutable {
            if (!rows) {
                fail(exchange, context, ApiFormat::OpenAiChat,
                     GatewayError{500,
                                  "usage_unavailable",
                                  QStringLiteral("LLMux could not read the request log: %1")
                                      .arg(rows.error()),
                                  {}});
                return;
            }
            exchange->respond(
                200, "application/json",
                UsageEndpoint::answer(question, rows.value(), *config, m_governance->budgets, now));
            context.entry.status = 200;
            context.entry.latencyMs = context.elapsedMs();
            m_usage->record(std::move(context.entry));
        });
}

void GatewayRequestHandler::answerStoredResponse(const InboundRequest &request,
                                                 HttpExchange *exchange, RequestContext &context,
                                                 const QString &id)
{
    const qint64 keyId = context.entry.keyId.value_or(0);
    const bool known =
        id.size() <= StoredResponses::kMaxIdLength && m_responses->find(id, keyId).has_value();
    if (!known) {
        fail(
            exchange, context, ApiFormat::OpenAiResponses,
            GatewayError{404,
                         "not_found",
                         QStringLiteral("Response with id '%1' not found.").arg(boundedForEcho(id)),
                         {}});
        return;
    }
    if (request.method == "DELETE") {
        m_responses->remove(id, keyId);
        exchange->respond(
            200, "application/json",
            json::toBytes({{"id", id.toStdString()}, {"object", "response"}, {"deleted", true}}));
    } else {
        exchange->respond(200, "application/json", m_responses->find(id, keyId)->response);
    }
    context.entry.status = 200;
    context.entry.latencyMs = context.elapsedMs();
    m_usage->record(std::move(context.entry));
}

void GatewayRequestHandler::fail(HttpExchange *exchange, RequestContext &context, ApiFormat client,
                                 const GatewayError &error, const HeaderList &extraHeaders)
{
    HeaderList headers = extraHeaders;
    if (!error.retryAfter.isEmpty())
        headers.append({"Retry-After", error.retryAfter});
    exchange->respond(
        error.status, "application/json",
        ErrorBody::forClient(client, error.status, error.code, error.message, error.retryAfter),
        headers);
    context.entry.status = error.status;
    context.entry.error = error.message;
    context.entry.latencyMs = context.elapsedMs();
    m_usage->record(std::move(context.entry));
}

} // namespace llmux
