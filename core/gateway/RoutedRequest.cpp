#include "core/gateway/RoutedRequest.h"

#include "core/routing/RoutingState.h"

#include <QLoggingCategory>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcRoute, "llmux.translate", QtInfoMsg)

} // namespace

RoutedRequest::RoutedRequest(AttemptPlanner planner, RequestShaper::Inbound inbound,
                             QByteArray clientBody, HeaderList clientHeaders, Operation operation,
                             ApiFormat client, QString endpoint,
                             std::optional<RequestShaper::UrlFacts> url)
    : m_planner(std::move(planner))
    , m_inbound(std::move(inbound))
    , m_clientBody(std::move(clientBody))
    , m_clientHeaders(std::move(clientHeaders))
    , m_operation(operation)
    , m_client(client)
    , m_endpoint(std::move(endpoint))
    , m_url(std::move(url))
{}

const RequestNeeds &RoutedRequest::needs()
{
    // Read once, and only for a model something is known about: a walk over the whole body.
    if (!m_needs)
        m_needs = RequestNeeds::of(
            m_client, m_inbound ? m_inbound->body : RequestShaper::read(m_clientBody, m_url).body);
    return *m_needs;
}

qint64 RoutedRequest::nowMs() const
{
    return m_planner.state().nowMs();
}

std::optional<RoutedRequest::Prepared> RoutedRequest::next()
{
    while (const std::optional<AttemptPlanner::Choice> choice = m_planner.next(nowMs())) {
        m_lastChoice = *choice;
        std::variant<Prepared, GatewayError> prepared = prepare(*choice);
        if (Prepared *p = std::get_if<Prepared>(&prepared))
            return std::move(*p);
        m_unusable = std::move(std::get<GatewayError>(prepared));
        ++m_unusableCount;
        m_planner.unusable(m_unusable->message);
    }
    return std::nullopt;
}

std::optional<RoutedRequest::Prepared> RoutedRequest::again()
{
    if (!m_lastChoice)
        return std::nullopt;
    std::variant<Prepared, GatewayError> prepared = prepare(*m_lastChoice);
    if (Prepared *p = std::get_if<Prepared>(&prepared))
        return std::move(*p);
    return std::nullopt;
}

void RoutedRequest::recordSpeaksResponses(const Prepared &attempt, bool speaks)
{
    if (!attempt.responsesProbe)
        return;
    const ProviderEndpoint &provider = *m_planner.route().targets.at(m_lastChoice->target).provider;
    m_planner.state().recordSpeaksResponses(RoutingState::responsesId(provider), speaks);
}

std::optional<RoutedRequest::Prepared> RoutedRequest::learnResponsesOnly(const Prepared &attempt)
{
    if (!attempt.mayBeResponsesOnly || !m_lastChoice)
        return std::nullopt;
    const ModelTarget &target = m_planner.route().targets.at(m_lastChoice->target);
    m_planner.state().recordResponsesOnly(target.stateId());
    return again();
}

bool RoutedRequest::sendsResponsesNatively(const ProviderEndpoint &provider, bool &probe) const
{
    probe = false;
    if (m_client != ApiFormat::OpenAiResponses ||
        !ProviderAdapter::kindMayOfferResponses(provider.record.kind))
        return false;
    if (provider.record.responsesApi == u"native")
        return true;
    if (provider.record.responsesApi == u"translate")
        return false;
    const std::optional<bool> known =
        m_planner.state().speaksResponses(RoutingState::responsesId(provider));
    probe = !known;
    return known.value_or(true);
}

std::variant<RoutedRequest::Prepared, GatewayError>
RoutedRequest::prepare(const AttemptPlanner::Choice &choice)
{
    const ModelTarget &target = m_planner.route().targets.at(choice.target);
    const ProviderEndpoint &provider = *target.provider;
    const ProviderAdapter *adapter = ProviderAdapter::forKind(provider.record.kind);
    if (!adapter)
        return GatewayError{502,
                            "unknown_provider_kind",
                            QStringLiteral("Provider '%1' has kind '%2', which this LLMux "
                                           "does not know.")
                                .arg(provider.record.name, provider.record.kind),
                            {}};
    if (const QString problem = adapter->unusableModelReason(target.upstreamModel);
        !problem.isEmpty())
        return GatewayError{400,
                            "invalid_model",
                            QStringLiteral("Provider '%1': %2.").arg(provider.record.name, problem),
                            {}};
    if (m_operation == Operation::Generate && !target.capabilities.isEmpty())
        if (const QString unmet = needs().unmetBy(target.capabilities); !unmet.isEmpty()) {
            m_unmet << QStringLiteral("%1: %2").arg(target.displayName(), unmet);
            return GatewayError{400,
                                "model_capability_missing",
                                QStringLiteral("The model '%1' cannot serve this request: %2 "
                                               "(if it can, say so: llmux model set %1 ...).")
                                    .arg(target.displayName(), unmet),
                                {}};
        }
    // A Responses request goes to the provider's own Responses API where it has one, and so
    // does any request for a model offered only there.
    bool probe = false;
    bool native = sendsResponsesNatively(provider, probe);
    if (!native && m_operation == Operation::Generate && adapter->mayOfferResponses() &&
        (target.capabilities.responsesOnly.value_or(false) ||
         m_planner.state().isResponsesOnly(target.stateId()))) {
        native = true;
        probe = false;
    }
    Operation operation = m_operation;
    if (native)
        operation = m_operation == Operation::CompactResponse ? Operation::CompactResponse
                                                              : Operation::Responses;
    else if (m_operation == Operation::CompactResponse)
        return GatewayError{400,
                            "unsupported_endpoint",
                            QStringLiteral("Provider '%1' (%2) does not compact responses: only "
                                           "a provider with its own Responses API does (set it "
                                           "with: llmux provider set %1 --responses native).")
                                .arg(provider.record.name, provider.record.kind),
                            {}};
    const ApiFormat upstreamFormat = native ? ApiFormat::OpenAiResponses : adapter->format();
    RequestShaper::Inbound inbound =
        m_inbound ? std::move(*m_inbound) : RequestShaper::read(m_clientBody, m_url);
    m_inbound.reset();
    RequestShaper::Outbound outbound =
        RequestShaper::shape(std::move(inbound), m_clientBody, m_operation, m_client,
                             upstreamFormat, target.upstreamModel, target.capabilities);
    if (lcRoute().isDebugEnabled())
        for (const QString &note : outbound.notes.dropped)
            qCDebug(lcRoute) << "request to" << provider.record.name << "dropped" << note;
    if (outbound.error)
        return std::move(*outbound.error);
    std::optional<UpstreamRequest> upstream = adapter->request(
        operation, provider, provider.keys.at(choice.key).secret, target.upstreamModel,
        std::move(outbound.body), outbound.stream, m_clientHeaders);
    if (!upstream)
        return GatewayError{400,
                            "unsupported_endpoint",
                            QStringLiteral("Provider '%1' (%2) has no %3 endpoint; pick a "
                                           "model on another provider.")
                                .arg(provider.record.name, provider.record.kind, m_endpoint),
                            {}};
    if (choice.proxy >= 0) {
        const ProxyEndpoint &proxy = provider.proxies.at(choice.proxy);
        if (!proxy.problem.isEmpty())
            return GatewayError{502,
                                "proxy_unavailable",
                                QStringLiteral("Provider '%1' must be reached through proxy "
                                               "%2, which cannot be used: %3")
                                    .arg(provider.record.name, proxy.display, proxy.problem),
                                {}};
        upstream->proxy = proxy.proxy;
        upstream->proxyName = proxy.display;
    }
    Prepared p;
    p.secrets.add(provider.keys.at(choice.key).secret);
    if (choice.proxy >= 0)
        p.secrets.add(provider.proxies.at(choice.proxy).proxy.password().toUtf8());
    p.request = std::move(*upstream);
    p.translator = std::move(outbound.translator);
    p.upstreamFormat = outbound.upstreamFormat;
    p.stream = outbound.stream;
    p.price = target.price;
    p.provider = provider.record.name;
    p.upstreamModel = target.upstreamModel;
    p.delayMs = choice.delayMs;
    p.responsesProbe = probe;
    p.mayBeResponsesOnly = m_operation == Operation::Generate &&
                           upstreamFormat == ApiFormat::OpenAiChat && adapter->mayOfferResponses();
    return p;
}

GatewayError RoutedRequest::refusal() const
{
    const Route &route = m_planner.route();
    const QStringList history = m_planner.history();
    // Every target turned the request down for what it asks: that is the answer.
    if (m_unusable && m_unusableCount == route.targets.size()) {
        if (m_unmet.size() > 1 && m_unmet.size() == m_unusableCount)
            return GatewayError{400,
                                "model_capability_missing",
                                QStringLiteral("No model of '%1' can serve this request: %2.")
                                    .arg(route.name, m_unmet.join(QStringLiteral("; "))),
                                {}};
        return *m_unusable;
    }
    GatewayError r{503, {}, {}, {}};
    if (const qint64 retryAt = m_planner.retryAtMs(); retryAt > 0) {
        // Keys resting from a rate limit: 429 like the provider's; open circuits: 503.
        const bool limited = m_planner.onlyKeysResting();
        r.status = limited ? 429 : 503;
        r.code = limited ? "rate_limited" : "no_target_available";
        r.retryAfter = QByteArray::number(std::max<qint64>(1, (retryAt - nowMs() + 999) / 1000));
    } else if (route.targets.size() == 1) {
        const ProviderEndpoint &provider = *route.targets.first().provider;
        const bool keysBroken =
            std::all_of(provider.keys.cbegin(), provider.keys.cend(),
                        [](const ProviderKey &k) { return !k.problem.isEmpty(); });
        r.status = keysBroken ? 502 : 503;
        r.code = keysBroken ? "provider_key_unavailable" : "no_target_available";
    } else {
        r.code = "no_target_available";
    }
    if (route.targets.size() == 1)
        r.message = QStringLiteral("Provider '%1' cannot take requests for '%2' right now: %3")
                        .arg(route.targets.first().provider->record.name, route.name,
                             history.value(0).section(QStringLiteral(": skipped, "), 1));
    else
        r.message = QStringLiteral("No target of '%1' can take requests right now: %2")
                        .arg(route.name, history.join(QStringLiteral("; ")));
    return r;
}

} // namespace llmux
