#pragma once

#include "config/GatewayConfig.h"
#include "gateway/RequestContext.h"
#include "http/SseParser.h"
#include "translate/ApiFormat.h"
#include "translate/ResponseTranslator.h"
#include "upstream/UpstreamCall.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace llmux {

class HttpExchange;
class UsageWriter;

// Carries one request between a client and its provider: starts the upstream call, hands the
// answer to its translator (stream events one by one as they arrive, or the whole JSON) and on to
// the client, maps failures to errors in the client's format, and records the request exactly
// once, whatever happens — finished, failed, client gone or gateway stopped. A child of the
// exchange it answers.
class CompletionRelay : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool stream = false;
        ApiFormat clientFormat = ApiFormat::OpenAiChat;
        ApiFormat upstreamFormat = ApiFormat::OpenAiChat;
        std::optional<ModelPrice> price;
    };

    CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool, UsageWriter *usage,
                    RequestContext context, Options options,
                    std::unique_ptr<ResponseTranslator> translator);
    ~CompletionRelay() override;

    void start(UpstreamRequest request);

private:
    void onHead(const HttpResponseParser::Head &head);
    void onData(const QByteArray &data);
    void onFinished();
    void onFailed(const UpstreamFailure &failure);
    void onClientGone();
    void onClientDrained();

    void forwardEvents(const QList<SseParser::Event> &events, bool last);
    void respondWithBody();
    void respondWithUpstreamError();
    void failStream(int status, QByteArrayView code, const QString &message);
    void record(int status, const QString &error);

    QPointer<HttpExchange> m_exchange;
    UpstreamConnectionPool *m_pool;
    UsageWriter *m_usage;
    RequestContext m_context;
    Options m_options;
    std::unique_ptr<ResponseTranslator> m_translator;
    UpstreamCall *m_call = nullptr;
    SseParser m_sse;
    HttpResponseParser::Head m_head;
    QByteArray m_body;
    bool m_streamingToClient = false;
    bool m_recorded = false;
    bool m_upstreamPaused = false;
};

} // namespace llmux
