#include "core/gateway/CompletionRelay.h"

#include "core/gateway/FailureAnswer.h"
#include "core/http/HttpExchange.h"
#include "core/limits/RateLimiter.h"
#include "core/routing/RoutingState.h"
#include "core/translate/ErrorBody.h"
#include "core/translate/UpstreamErrorMapper.h"
#include "core/usage/RequestLogWriter.h"

#include <QLoggingCategory>

#include <algorithm>
#include <exception>
#include <memory>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcRelay, "llmux.relay", QtInfoMsg)

bool isEventStream(const HttpResponseParser::Head &head)
{
    return head.header("content-type").toLower().startsWith("text/event-stream");
}

AttemptFailure failureOf(const UpstreamFailure &f)
{
    AttemptFailure a;
    switch (f.kind) {
    case UpstreamFailure::Kind::Unreachable:
        a.kind = AttemptFailure::Kind::Unreachable;
        break;
    case UpstreamFailure::Kind::Timeout:
        a.kind = AttemptFailure::Kind::Timeout;
        break;
    case UpstreamFailure::Kind::Protocol:
        a.kind = AttemptFailure::Kind::Protocol;
        break;
    }
    a.summary = f.message;
    a.proxyFault = f.proxyFault;
    return a;
}

// An error a provider sends as a stream event after its 200 (Anthropic's "event: error", an
// OpenAI-style {"error": ...} chunk), as the status it stands for.
std::optional<AttemptFailure> streamError(const SseParser::Event &event, const QString &provider,
                                          const SecretMask &secrets)
{
    if (event.event != "error" && !event.data.trimmed().startsWith("{\"error\""))
        return std::nullopt;
    // Masked before it is summarised: a summary cut short would no longer contain the whole
    // secret to mask.
    const QByteArray data = secrets.apply(event.data.trimmed());
    const UpstreamErrorMapper::VendorError error = UpstreamErrorMapper::read(data);
    AttemptFailure f;
    f.status = UpstreamErrorMapper::statusOfStreamError(error);
    f.body = data;
    f.summary = QStringLiteral("%1 sent an error event before any content: %2")
                    .arg(provider, error.message.isEmpty() ? QString::fromUtf8(data.left(300))
                                                           : error.message);
    return f;
}

} // namespace

CompletionRelay::CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool,
                                 RequestLogWriter *usage, RequestContext context,
                                 std::unique_ptr<RoutedRequest> routed)
    : QObject(exchange)
    , m_exchange(exchange)
    , m_pool(pool)
    , m_usage(usage)
    , m_context(std::move(context))
    , m_routed(std::move(routed))
    , m_client(m_routed->clientFormat())
{
    connect(exchange, &HttpExchange::clientGone, this, &CompletionRelay::onClientGone);
    connect(exchange, &HttpExchange::shuttingDown, this, &CompletionRelay::onShuttingDown);
    connect(exchange, &HttpExchange::drained, this, &CompletionRelay::onClientDrained);
}

CompletionRelay::~CompletionRelay()
{
    // Destroyed before the answer was complete: the gateway is stopping or the socket vanished.
    if (!m_recorded) {
        m_routed->planner().abandoned();
        m_context.entry.clientDisconnected = true;
        record(m_head.status ? m_head.status : 499,
               QStringLiteral("The request ended before completion (client gone or gateway "
                              "stopped)."));
    }
}

void CompletionRelay::start(RoutedRequest::Prepared first)
{
    startAttempt(std::move(first));
}

void CompletionRelay::startAttempt(RoutedRequest::Prepared attempt)
{
    ++m_generation;
    m_attempt = std::move(attempt);
    m_context.entry.provider = m_attempt.provider;
    m_context.entry.upstreamModel = m_attempt.upstreamModel;
    m_sse = SseParser();
    m_head = HttpResponseParser::Head();
    m_headAtMs = 0;
    m_context.entry.ttfbMs.reset();
    m_body.clear();
    m_upstreamStreaming = false;
    m_upstreamPaused = false;
    UpstreamRequest request = std::move(m_attempt.request);
    if (m_attempt.delayMs <= 0) {
        sendAttempt(std::move(request));
        return;
    }
    // The clock's timers take a copyable callback: the request waits in a shared holder.
    auto pending = std::make_shared<UpstreamRequest>(std::move(request));
    m_routed->planner().state().clock().callAfter(m_attempt.delayMs, this, [this, pending] {
        if (!m_recorded)
            sendAttempt(std::move(*pending));
    });
}

void CompletionRelay::sendAttempt(UpstreamRequest request)
{
    m_attemptStartMs = m_context.elapsedMs();
    m_call = new UpstreamCall(m_pool, std::move(request), this);
    connect(m_call, &UpstreamCall::responseHead, this, &CompletionRelay::onHead);
    connect(m_call, &UpstreamCall::bodyData, this, &CompletionRelay::onData);
    connect(m_call, &UpstreamCall::finished, this, &CompletionRelay::onFinished);
    connect(m_call, &UpstreamCall::failed, this, &CompletionRelay::onFailed);
    m_call->start();
}

void CompletionRelay::dropCall()
{
    if (!m_call)
        return;
    m_call->abort();
    m_call->deleteLater();
    m_call = nullptr;
}

void CompletionRelay::onHead(const HttpResponseParser::Head &head)
{
    m_head = head;
    m_headAtMs = m_context.elapsedMs();
    m_context.entry.ttfbMs = m_headAtMs;
    const bool success = head.status >= 200 && head.status < 300;
    m_upstreamStreaming = success && m_attempt.stream && isEventStream(head);
    if (success)
        m_routed->recordSpeaksResponses(m_attempt, true);
}

void CompletionRelay::onData(const QByteArray &data)
{
    if (m_upstreamStreaming)
        forwardEvents(m_sse.feed(data), false);
    else
        m_body += data;
}

void CompletionRelay::forwardEvents(const QList<SseParser::Event> &events, bool last)
{
    if (!m_exchange || m_recorded)
        return;
    if (!m_clientStreamOpen) {
        // Nothing has gone to the client yet: an error event now can still fail over.
        for (const SseParser::Event &event : events) {
            if (std::optional<AttemptFailure> error =
                    streamError(event, m_attempt.provider, m_attempt.secrets)) {
                dropCall();
                attemptFailed(*error);
                return;
            }
        }
    }
    QList<SseEvent> translated;
    try {
        for (const SseParser::Event &event : events)
            m_attempt.translator->translateEvent(event, translated);
        if (last)
            m_attempt.translator->finish(translated);
    } catch (const std::exception &e) {
        qCWarning(lcRelay) << "unreadable stream event from" << m_attempt.provider << e.what();
        const QString message =
            QStringLiteral("Provider '%1' sent a stream event LLMux could not read: %2")
                .arg(m_attempt.provider, QString::fromUtf8(e.what()));
        dropCall();
        if (m_clientStreamOpen)
            failStream(502, "upstream_bad_response", message);
        else
            attemptFailed({AttemptFailure::Kind::Protocol, 0, {}, {}, message});
        return;
    }
    QByteArray out;
    for (const SseEvent &event : translated)
        out += event.render();
    if (out.isEmpty())
        return;
    out = m_attempt.secrets.applyToContent(std::move(out));
    if (!m_clientStreamOpen) {
        // The first byte to the client: from here on this attempt is the answer.
        m_clientStreamOpen = true;
        m_exchange->beginStream(m_head.status, "text/event-stream");
    }
    // One chunk per upstream read: events that arrived together leave together.
    m_exchange->writeStreamData(out);
    // A client slower than its provider: stop reading upstream instead of buffering without end.
    constexpr qint64 kHighWater = 1024 * 1024;
    if (!m_upstreamPaused && m_call && m_exchange->unsentBytes() > kHighWater) {
        m_upstreamPaused = true;
        m_call->pauseBody();
        m_exchange->notifyWhenDrained();
    }
}

void CompletionRelay::onClientDrained()
{
    if (!m_upstreamPaused || !m_call)
        return;
    m_upstreamPaused = false;
    m_call->resumeBody();
}

void CompletionRelay::onFinished()
{
    if (!m_exchange)
        return;
    if (m_upstreamStreaming) {
        QList<SseParser::Event> rest;
        if (QByteArray tail = m_sse.takeRemainder(); !tail.trimmed().isEmpty())
            rest.append(SseParser::parseEvent(tail + "\n\n"));
        const quint64 generation = m_generation;
        forwardEvents(rest, true);
        // Answered, failed, or retrying on another attempt: this one has nothing left to do.
        if (m_recorded || !m_exchange || generation != m_generation)
            return;
        if (!m_clientStreamOpen) {
            m_clientStreamOpen = true;
            m_exchange->beginStream(m_head.status, "text/event-stream");
        }
        m_exchange->endStream();
        m_routed->planner().succeeded(m_headAtMs - m_attemptStartMs, m_routed->nowMs());
        record(m_head.status, QString());
        return;
    }
    if (m_head.status >= 200 && m_head.status < 300) {
        respondWithBody();
        return;
    }
    AttemptFailure failure;
    failure.status = m_head.status;
    failure.retryAfter = m_head.header("retry-after");
    failure.limitExhausted =
        std::any_of(m_head.headers.cbegin(), m_head.headers.cend(), [](const auto &h) {
            return FailurePolicy::isExhaustedLimitHeader(h.first, h.second);
        });
    // Masked before it is summarised: a summary cut short would no longer contain the whole
    // secret to mask.
    failure.body = m_attempt.secrets.apply(m_body);
    failure.summary = UpstreamErrorMapper::map(m_attempt.upstreamFormat, m_client, m_head.status,
                                               failure.body, m_attempt.provider)
                          .summary;
    attemptFailed(failure);
}

void CompletionRelay::respondWithBody()
{
    QByteArray body;
    try {
        body = m_attempt.translator->translateBody(m_body);
    } catch (const std::exception &e) {
        const QString message =
            QStringLiteral("Provider '%1' answered HTTP %2 with a body LLMux could not read as "
                           "%3: %4")
                .arg(m_attempt.provider)
                .arg(m_head.status)
                .arg(apiFormatName(m_attempt.upstreamFormat), QString::fromUtf8(e.what()));
        attemptFailed({AttemptFailure::Kind::Protocol, 0, {}, {}, message});
        return;
    }
    QByteArray contentType = m_head.header("content-type");
    if (contentType.isEmpty() || m_client != m_attempt.upstreamFormat)
        contentType = "application/json";
    m_routed->planner().succeeded(m_headAtMs - m_attemptStartMs, m_routed->nowMs());
    m_exchange->respond(m_head.status, contentType,
                        m_attempt.secrets.applyToContent(std::move(body)));
    record(m_head.status, QString());
}

void CompletionRelay::attemptFailed(AttemptFailure failure)
{
    maskSecrets(failure);
    // A provider without the Responses API: the same target again, translated, not counted as
    // a failure of the provider. (OpenAI's 404 for an unknown model is not that.)
    const bool noSuchEndpoint =
        failure.status == 405 || failure.status == 501 ||
        (failure.status == 404 && !failure.body.contains("model_not_found") &&
         !failure.body.contains("does not exist"));
    if (m_attempt.responsesProbe && failure.kind == AttemptFailure::Kind::Status &&
        noSuchEndpoint) {
        m_routed->recordSpeaksResponses(m_attempt, false);
        dropCall();
        if (!m_exchange)
            return;
        if (std::optional<RoutedRequest::Prepared> translated = m_routed->again()) {
            qCInfo(lcRelay).noquote()
                << "provider" << m_attempt.provider << "has no Responses API; translating";
            startAttempt(std::move(*translated));
            return;
        }
    }
    // A model offered only through the Responses API: the same target again, in that format.
    if (m_attempt.mayBeResponsesOnly && failure.kind == AttemptFailure::Kind::Status &&
        UpstreamErrorMapper::meansResponsesOnly(failure.status, failure.body)) {
        dropCall();
        if (!m_exchange)
            return;
        if (std::optional<RoutedRequest::Prepared> responses =
                m_routed->learnResponsesOnly(m_attempt)) {
            qCInfo(lcRelay).noquote()
                << "model" << m_attempt.provider + QLatin1Char('/') + m_attempt.upstreamModel
                << "is served only through the Responses API; sending it "
                   "there";
            startAttempt(std::move(*responses));
            return;
        }
    }
    AttemptPlanner &planner = m_routed->planner();
    planner.failed(failure, m_routed->nowMs());
    dropCall();
    if (!m_exchange)
        return;
    if (std::optional<RoutedRequest::Prepared> next = m_routed->next()) {
        qCInfo(lcRelay).noquote() << "retrying" << m_context.entry.modelRequested << "on"
                                  << next->provider + QLatin1Char('/') + next->upstreamModel
                                  << "after:" << failure.summary;
        startAttempt(std::move(*next));
        return;
    }
    respondWithFailure(failure);
}

void CompletionRelay::maskSecrets(AttemptFailure &failure) const
{
    if (m_attempt.secrets.isEmpty())
        return;
    failure.body = m_attempt.secrets.apply(std::move(failure.body));
    failure.summary = m_attempt.secrets.apply(failure.summary);
}

void CompletionRelay::respondWithFailure(const AttemptFailure &failure)
{
    const AttemptPlanner &planner = m_routed->planner();
    FailedRoute route;
    route.client = m_client;
    route.upstreamFormat = m_attempt.upstreamFormat;
    route.provider = m_attempt.provider;
    route.routeName = planner.route().name;
    route.attempts = planner.attempts();
    route.oneTarget = planner.route().targets.size() == 1 && planner.skipped() == 0;
    route.lastFailureWasClientFault = planner.lastFailureWasClientFault();
    route.history = planner.history();
    const FailureAnswer answer = FailureAnswer::choose(failure, route);
    if (!route.lastFailureWasClientFault &&
        (answer.loggedStatus >= 500 || answer.loggedStatus == 429))
        m_context.entry.exhaustedRoute = route.routeName;
    m_exchange->respond(answer.status, "application/json", answer.body, answer.headers);
    record(answer.loggedStatus, answer.loggedError);
}

void CompletionRelay::failStream(int status, QByteArrayView code, const QString &message)
{
    // Headers are gone already: end the stream with an error event the SDKs raise.
    QByteArray event;
    if (m_attempt.translator)
        event = m_attempt.translator->streamFailure(status, code, message);
    if (event.isEmpty())
        event = ErrorBody::streamEvent(m_client, status, code, message);
    m_exchange->writeStreamData(event);
    m_exchange->endStream();
    record(status, message);
}

void CompletionRelay::onFailed(const UpstreamFailure &failure)
{
    if (m_call) {
        m_call->deleteLater(); // it has ended; we are inside its signal
        m_call = nullptr;
    }
    AttemptFailure attempt = failureOf(failure);
    maskSecrets(attempt);
    if (!m_clientStreamOpen) {
        attemptFailed(attempt);
        return;
    }
    // Too late to try elsewhere: the client has part of this answer.
    m_routed->planner().failed(attempt, m_routed->nowMs());
    const bool timeout = failure.kind == UpstreamFailure::Kind::Timeout;
    const QString message = m_attempt.secrets.apply(
        QStringLiteral("Provider '%1' failed: %2").arg(m_attempt.provider, failure.message));
    if (!m_exchange) {
        record(timeout ? 504 : 502, message);
        return;
    }
    failStream(timeout ? 504 : 502, timeout ? "upstream_timeout" : "upstream_bad_response",
               message);
}

void CompletionRelay::onShuttingDown()
{
    if (m_recorded || !m_exchange)
        return;
    m_routed->planner().abandoned();
    dropCall();
    const QString message = QStringLiteral("LLMux is shutting down: the request was cut off before "
                                           "its answer was complete.");
    if (m_clientStreamOpen) {
        failStream(503, "gateway_shutting_down", message);
        return;
    }
    m_exchange->respond(503, "application/json",
                        ErrorBody::forClient(m_client, 503, "gateway_shutting_down", message));
    record(503, message);
}

void CompletionRelay::onClientGone()
{
    m_context.entry.clientDisconnected = true;
    m_routed->planner().abandoned();
    record(m_head.status ? m_head.status : 499,
           QStringLiteral("The client disconnected before the answer was complete."));
    dropCall();
}

void CompletionRelay::holdAdmission(std::unique_ptr<Admission> admission)
{
    m_admission = std::move(admission);
}

void CompletionRelay::record(int status, const QString &error)
{
    if (m_recorded)
        return;
    m_recorded = true;
    const TokenUsage tokens = m_attempt.translator ? m_attempt.translator->usage() : TokenUsage();
    const AttemptPlanner &planner = m_routed->planner();
    RequestLogEntry &e = m_context.entry;
    e.status = status;
    e.error = error;
    e.latencyMs = m_context.elapsedMs();
    e.promptTokens = tokens.promptTokens;
    e.completionTokens = tokens.completionTokens;
    e.cost = tokens.cost(m_attempt.price);
    e.attempts = std::max(1, planner.attempts());
    e.attemptErrors = planner.history().join(QLatin1Char('\n'));
    if (m_admission)
        m_admission->settle(e.promptTokens.value_or(0) + e.completionTokens.value_or(0),
                            m_routed->nowMs());
    if (m_whenRecorded)
        m_whenRecorded(e);
    m_usage->record(std::move(e));
    if (m_whenAnswered && status >= 200 && status < 300 && m_attempt.translator)
        // Masked like everything the client got: a provider may echo its key.
        m_whenAnswered(m_attempt.secrets.applyToContent(m_attempt.translator->completedResponse()));
}

} // namespace llmux
