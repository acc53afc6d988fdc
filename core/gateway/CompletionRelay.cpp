#include "gateway/CompletionRelay.h"

#include "http/ErrorBody.h"
#include "http/HttpExchange.h"
#include "usage/UsageWriter.h"

namespace llmux {
namespace {

bool isEventStream(const HttpResponseParser::Head &head)
{
    return head.header("content-type").toLower().startsWith("text/event-stream");
}

bool hasNonNullUsage(QByteArrayView data)
{
    const qsizetype at = data.lastIndexOf("\"usage\"");
    if (at < 0)
        return false;
    qsizetype pos = at + 7;
    while (pos < data.size() && (data[pos] == ' ' || data[pos] == ':'))
        ++pos;
    return pos < data.size() && data[pos] == '{';
}

// The usage-only chunk LLMux asked for: {"choices":[], "usage":{...}}.
bool isUsageOnlyChunk(QByteArrayView data)
{
    return data.contains("\"choices\":[]") || data.contains("\"choices\": []");
}

QByteArray sseErrorEvent(int status, QByteArrayView code, const QString &message)
{
    return "data: " + ErrorBody::openAi(status, code, message) + "\n\n";
}

} // namespace

CompletionRelay::CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool,
                                 UsageWriter *usage, RequestContext context, Options options)
    : QObject(exchange)
    , m_exchange(exchange)
    , m_pool(pool)
    , m_usage(usage)
    , m_context(std::move(context))
    , m_options(options)
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
        forwardEvents(m_sse.feed(data));
    else
        m_body += data;
}

void CompletionRelay::forwardEvents(const QList<SseParser::Event> &events)
{
    if (!m_exchange)
        return;
    QByteArray out;
    for (const SseParser::Event &event : events) {
        if (hasNonNullUsage(event.data)) {
            if (auto usage = TokenUsage::fromOpenAiJson(event.data))
                m_tokens = *usage;
            if (!m_options.clientWantsUsage && isUsageOnlyChunk(event.data))
                continue;
        }
        out += event.raw;
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
    const int status = m_head.status;
    if (m_streamingToClient) {
        const QByteArray rest = m_sse.takeRemainder();
        if (!rest.trimmed().isEmpty())
            m_exchange->writeStreamData(rest);
        m_exchange->endStream();
        record(status, QString());
        return;
    }
    if (status >= 200 && status < 300) {
        if (auto usage = TokenUsage::fromOpenAiJson(m_body))
            m_tokens = *usage;
        QByteArray contentType = m_head.header("content-type");
        if (contentType.isEmpty())
            contentType = "application/json";
        m_exchange->respond(status, contentType, m_body);
        record(status, QString());
        return;
    }
    respondWithUpstreamError();
}

void CompletionRelay::respondWithUpstreamError()
{
    const int status = m_head.status;
    const QString provider = m_context.entry.provider;
    HeaderList extra;
    if (const QByteArray retryAfter = m_head.header("retry-after"); !retryAfter.isEmpty())
        extra.append({"Retry-After", retryAfter});
    const QByteArray trimmed = m_body.trimmed();
    // An upstream that already speaks OpenAI errors is passed through unchanged.
    if (trimmed.startsWith('{') && trimmed.contains("\"error\"")) {
        m_exchange->respond(status, "application/json", m_body, extra);
        record(status, QStringLiteral("%1 returned HTTP %2: %3")
                           .arg(provider)
                           .arg(status)
                           .arg(QString::fromUtf8(trimmed.left(500))));
        return;
    }
    const QString message = QStringLiteral("Provider '%1' returned HTTP %2: %3")
                                .arg(provider)
                                .arg(status)
                                .arg(QString::fromUtf8(trimmed.left(300)).simplified());
    m_exchange->respond(status, "application/json",
                        ErrorBody::openAi(status, "upstream_error", message), extra);
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
        // Headers are gone already: end the stream with an error event the SDKs raise.
        m_exchange->writeStreamData(sseErrorEvent(status, code, message));
        m_exchange->endStream();
        record(status, message);
        return;
    }
    m_exchange->respond(status, "application/json", ErrorBody::openAi(status, code, message));
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
    RequestLogEntry &e = m_context.entry;
    e.status = status;
    e.error = error;
    e.latencyMs = m_context.elapsedMs();
    e.promptTokens = m_tokens.promptTokens;
    e.completionTokens = m_tokens.completionTokens;
    e.cost = m_tokens.cost(m_options.price);
    m_usage->record(std::move(e));
}

} // namespace llmux
