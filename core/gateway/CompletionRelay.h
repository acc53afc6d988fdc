#pragma once

#include "config/GatewayConfig.h"
#include "gateway/RequestContext.h"
#include "http/SseParser.h"
#include "upstream/UpstreamCall.h"
#include "usage/TokenUsage.h"

#include <QObject>
#include <QPointer>

namespace llmux {

class HttpExchange;
class UsageWriter;

// Carries one chat completion between a client and its provider: starts the upstream call,
// forwards the answer (stream events one by one as they arrive, or the whole JSON), maps failures
// to OpenAI-style errors, and records the request exactly once, whatever happens — finished,
// failed, client gone or gateway stopped. A child of the exchange it answers.
class CompletionRelay : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool stream = false;
        // The client asked for the usage chunk itself (stream_options.include_usage).
        bool clientWantsUsage = false;
        std::optional<ModelPrice> price;
    };

    CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool, UsageWriter *usage,
                    RequestContext context, Options options);
    ~CompletionRelay() override;

    void start(UpstreamRequest request);

private:
    void onHead(const HttpResponseParser::Head &head);
    void onData(const QByteArray &data);
    void onFinished();
    void onFailed(const UpstreamFailure &failure);
    void onClientGone();
    void onClientDrained();

    void forwardEvents(const QList<SseParser::Event> &events);
    void respondWithUpstreamError();
    void record(int status, const QString &error);

    QPointer<HttpExchange> m_exchange;
    UpstreamConnectionPool *m_pool;
    UsageWriter *m_usage;
    RequestContext m_context;
    Options m_options;
    UpstreamCall *m_call = nullptr;
    SseParser m_sse;
    HttpResponseParser::Head m_head;
    QByteArray m_body;
    TokenUsage m_tokens;
    bool m_streamingToClient = false;
    bool m_recorded = false;
    bool m_upstreamPaused = false;
};

} // namespace llmux
