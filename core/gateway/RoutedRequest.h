#pragma once

#include "core/common/SecretMask.h"
#include "core/domain/GatewayError.h"
#include "core/gateway/RequestShaper.h"
#include "core/routing/AttemptPlanner.h"
#include "core/translate/RequestNeeds.h"
#include "core/upstream/UpstreamCall.h"

#include <variant>

namespace llmux {

// A client request on its way through its route: turns each attempt the planner chooses into the
// upstream request for that target (its adapter, its format, its key) and the translator that
// brings the answer back. Targets that cannot take the request at all (no such endpoint, not
// translatable, a capability the request needs and the model lacks) are skipped without
// counting as attempts; a model offered only through the Responses API is sent the request in
// that format.
class RoutedRequest
{
public:
    // url: what the URL said about the request (Gemini's model and method), read again with the
    // body for later attempts.
    RoutedRequest(AttemptPlanner planner, RequestShaper::Inbound inbound, QByteArray clientBody,
                  HeaderList clientHeaders, Operation operation, ApiFormat client, QString endpoint,
                  std::optional<RequestShaper::UrlFacts> url = std::nullopt);

    struct Prepared
    {
        UpstreamRequest request;
        std::unique_ptr<ResponseTranslator> translator;
        ApiFormat upstreamFormat = ApiFormat::OpenAiChat;
        bool stream = false;
        std::optional<ModelPrice> price;
        QString provider;
        QString upstreamModel;
        int delayMs = 0;
        SecretMask secrets; // what was sent along: never relayed, logged or printed
        // A Responses request sent to the provider's own /responses to find out whether it has
        // one (provider set to "auto", not known yet).
        bool responsesProbe = false;
        // A Chat request to a provider that may answer that the model is served only through
        // the Responses API (then learnResponsesOnly()).
        bool mayBeResponsesOnly = false;
    };
    // The next attempt to make, or nullopt when none is left (then refusal() or the last failure
    // is the answer).
    std::optional<Prepared> next();
    // The last attempt's target once more, prepared anew: after a probe found that the provider
    // has no Responses API, the same request translated. Not a new attempt for the planner.
    std::optional<Prepared> again();
    // What a probe found out, remembered for every later request to that provider.
    void recordSpeaksResponses(const Prepared &attempt, bool speaks);
    // The provider said the last attempt's model is offered only through the Responses API:
    // remembered for every later request, and this one is prepared again for it (nullopt when
    // it cannot be). Not a new attempt for the planner.
    std::optional<Prepared> learnResponsesOnly(const Prepared &attempt);

    // Why there was no attempt at all, as the client gets it.
    GatewayError refusal() const;

    AttemptPlanner &planner() { return m_planner; }
    const AttemptPlanner &planner() const { return m_planner; }
    ApiFormat clientFormat() const { return m_client; }
    // The routing clock (RoutingState::nowMs()).
    qint64 nowMs() const;

private:
    std::variant<Prepared, GatewayError> prepare(const AttemptPlanner::Choice &choice);
    bool sendsResponsesNatively(const ProviderEndpoint &provider, bool &probe) const;
    const RequestNeeds &needs();

    AttemptPlanner m_planner;
    std::optional<RequestShaper::Inbound> m_inbound; // parsed once; later attempts re-read
    QByteArray m_clientBody;
    HeaderList m_clientHeaders;
    Operation m_operation;
    ApiFormat m_client;
    QString m_endpoint; // as the client named it, for messages
    std::optional<RequestShaper::UrlFacts> m_url;
    std::optional<AttemptPlanner::Choice> m_lastChoice;
    std::optional<GatewayError> m_unusable; // the last target that could not take the request
    qsizetype m_unusableCount = 0;
    std::optional<RequestNeeds> m_needs; // what a generate request asks of the model (needs())
    QStringList m_unmet;                 // targets skipped for a capability they lack, and which
};

} // namespace llmux
