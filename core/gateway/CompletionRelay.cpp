#include "gateway/CompletionRelay.h"

#include "http/ErrorBody.h"
#include "http/HttpExchange.h"
#include "translate/UpstreamErrorMapper.h"
#include "usage/UsageWriter.h"

#include <QLoggingCategory>

#include <exception>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcRelay, "llmux.relay", QtInfoMsg)

bool isEventStream(const HttpResponseParser::Head &head)
{
    return head.header("content-type").toLower().startsWith("text/event-stream");
}

} // namespace

CompletionRelay::CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool,
                                 UsageWriter *usage, RequestContext context, Options options,
                                 std::unique_ptr<ResponseTranslator> translator)
    : QObject(exchange)
    , m_exchange(exchange)
    , m_pool(pool)
    , m_usage(usage)
    , m_context(std::move(context))
    , m_options(options)
    , m_translator(std::move(translator))
{
    connect(exchange, &HttpExchange::clientGone, this, &CompletionRelay::onClientGone);
    connect(exchange, &HttpExchange::drained, this, &CompletionRelay::onClientDrained);
}

CompletionRelay::~CompletionRelay()
{
    // Destroyed before the answer was complete: the gateway is stopping or the socket vanished.
    if (!m_recorded) {
        m_context.entry.clientDisconnected = true;
        record(m_head.status ? m_head.status : 499,
               QStringLiteral("The request ended before completion (client gone or gateway "
                              "stopped)."));
    }
}

void CompletionRelay::start(UpstreamRequest request)
{
    m_call = new UpstreamCall(m_pool, std::move(request), this);
    connect(m_call, &UpstreamCall::responseHead, this, &CompletionRelay::onHead);
    connect(m_call, &UpstreamCall::bodyData, this, &CompletionRelay::onData);
    connect(m_call, &UpstreamCall::finished, this, &CompletionRelay::onFinished);
    connect(m_call, &UpstreamCall::failed, this, &CompletionRelay::onFailed);
    m_call->start();
}

void CompletionRelay::onHead(const HttpResponseParser::Head &head)
{
    m_head = head;
    m_context.entry.ttfbMs = m_context.elapsedMs();
    const bool success = head.status >= 200 && head.status < 300;
    if (success && m_options.stream && isEventStream(head) && m_exchange) {
        m_streamingToClient = true;
        m_exchange->beginStream(head.status, "text/event-stream");
    }
}

void CompletionRelay::onData(const QByteArray &data)
{
    if (m_streamingToClient)
        forwardEvents(m_sse.feed(data), false);
    else
        m_body += data;
}

void CompletionRelay::forwardEvents(const QList<SseParser::Event> &events, bool last)
{
    if (!m_exchange || !m_streamingToClient || m_recorded)
        return;
    QList<SseEvent> translated;
    try {
        for (const SseParser::Event &event : events)
            m_translator->translateEvent(event, translated);
        if (last)
            m_translator->finish(translated);
    } catch (const std::exception &e) {
        qCWarning(lcRelay) << "unreadable stream event from" << m_context.entry.provider
                           << e.what();
        failStream(502, "upstream_bad_response",
                   QStringLiteral("Provider '%1' sent a stream event LLMux could not read: %2")
                       .arg(m_context.entry.provider, QString::fromUtf8(e.what())));
        if (m_call)
            m_call->abort();
        return;
    }
    QByteArray out;
    for (const SseEvent &event : translated)
        out += event.render();
    // One chunk per upstream read: events that arrived together leave together.
    if (!out.isEmpty())
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
    if (m_streamingToClient) {
        QList<SseParser::Event> rest;
        if (QByteArray tail = m_sse.takeRemainder(); !tail.trimmed().isEmpty())
            rest.append(SseParser::parseEvent(tail + "\n\n"));
        forwardEvents(rest, true);
        if (m_recorded)
            return;
        m_exchange->endStream();
        record(m_head.status, QString());
        return;
    }
    if (m_head.status >= 200 && m_head.status < 300)
        respondWithBody();
    else
        respondWithUpstreamError();
}

void CompletionRelay::respondWithBody()
{
    QByteArray body;
    try {
        body = m_translator->translateBody(m_body);
    } catch (const std::exception &e) {
        const QString message =
            QStringLiteral("Provider '%1' answered HTTP %2 with a body LLMux could not read as "
                           "%3: %4")
                .arg(m_context.entry.provider)
                .arg(m_head.status)
                .arg(apiFormatName(m_options.upstreamFormat), QString::fromUtf8(e.what()));
        m_exchange->respond(
            502, "application/json",
            ErrorBody::forClient(m_options.clientFormat, 502, "upstream_bad_response", message));
        record(502, message);
        return;
    }
    QByteArray contentType = m_head.header("content-type");
    if (contentType.isEmpty() || m_options.clientFormat != m_options.upstreamFormat)
        contentType = "application/json";
    m_exchange->respond(m_head.status, contentType, body);
    record(m_head.status, QString());
}

void CompletionRelay::respondWithUpstreamError()
{
    HeaderList extra;
    if (const QByteArray retryAfter = m_head.header("retry-after"); !retryAfter.isEmpty())
        extra.append({"Retry-After", retryAfter});
    const UpstreamErrorMapper::ClientError error =
        UpstreamErrorMapper::map(m_options.upstreamFormat, m_options.clientFormat, m_head.status,
                                 m_body, m_context.entry.provider);
    m_exchange->respond(error.status, "application/json", error.body, extra);
    record(m_head.status, error.summary);
}

void CompletionRelay::failStream(int status, QByteArrayView code, const QString &message)
{
    // Headers are gone already: end the stream with an error event the SDKs raise.
    m_exchange->writeStreamData(
        ErrorBody::streamEvent(m_options.clientFormat, status, code, message));
    m_exchange->endStream();
    record(status, message);
}

void CompletionRelay::onFailed(const UpstreamFailure &failure)
{
    const bool timeout = failure.kind == UpstreamFailure::Kind::Timeout;
    const int status = timeout ? 504 : 502;
    const QByteArray code = timeout ? "upstream_timeout"
                            : failure.kind == UpstreamFailure::Kind::Unreachable
                                ? "upstream_unreachable"
                                : "upstream_bad_response";
    const QString message =
        QStringLiteral("Provider '%1' failed: %2").arg(m_context.entry.provider, failure.message);
    if (!m_exchange) {
        record(status, message);
        return;
    }
    if (m_streamingToClient) {
        failStream(status, code, message);
        return;
    }
    m_exchange->respond(status, "application/json",
                        ErrorBody::forClient(m_options.clientFormat, status, code, message));
    record(status, message);
}

void CompletionRelay::onClientGone()
{
    m_context.entry.clientDisconnected = true;
    record(m_head.status ? m_head.status : 499,
           QStringLiteral("The client disconnected before the answer was complete."));
    if (m_call)
        m_call->abort();
}

void CompletionRelay::record(int status, const QString &error)
{
    if (m_recorded)
        return;
    m_recorded = true;
    const TokenUsage tokens = m_translator->usage();
    RequestLogEntry &e = m_context.entry;
    e.status = status;
    e.error = error;
    e.latencyMs = m_context.elapsedMs();
    e.promptTokens = tokens.promptTokens;
    e.completionTokens = tokens.completionTokens;
    e.cost = tokens.cost(m_options.price);
    m_usage->record(std::move(e));
}

} // namespace llmux
