#pragma once

#include "core/gateway/RequestContext.h"
#include "core/gateway/RoutedRequest.h"
#include "core/http/SseParser.h"
#include "core/translate/ResponseTranslator.h"
#include "core/upstream/UpstreamCall.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace llmux {

class Admission;
class HttpExchange;
class RequestLogWriter;

// Carries one request between a client and its providers: makes the upstream attempts its route
// plans, hands each answer to its translator (stream events one by one as they arrive, or the
// whole JSON) and on to the client. A failed attempt is retried on the next key or target as long
// as not one byte has gone to the client — a stream's headers leave with its first event for that
// reason. Failures that leave nothing to try become errors in the client's format, and the
// request is recorded exactly once, whatever happens — finished, failed, client gone or gateway
// stopped. A child of the exchange it answers.
class CompletionRelay : public QObject
{
    Q_OBJECT
public:
    CompletionRelay(HttpExchange *exchange, UpstreamConnectionPool *pool, RequestLogWriter *usage,
                    RequestContext context, std::unique_ptr<RoutedRequest> routed);
    ~CompletionRelay() override;

    void start(RoutedRequest::Prepared first);
    // Called once the request has been answered successfully, with the translator's
    // completedResponse() (a Responses answer to keep).
    void whenAnswered(std::function<void(const QByteArray &)> done)
    {
        m_whenAnswered = std::move(done);
    }
    // The request's place under its rate limits: settled on the real token usage when it is
    // recorded, given back when the relay ends.
    void holdAdmission(std::unique_ptr<Admission> admission);
    // Called once with the request's log entry as it is recorded, whatever the outcome.
    void whenRecorded(std::function<void(const RequestLogEntry &)> recorded)
    {
        m_whenRecorded = std::move(recorded);
    }

private:
    void startAttempt(RoutedRequest::Prepared attempt);
    void sendAttempt(UpstreamRequest request);
    void onHead(const HttpResponseParser::Head &head);
    void onData(const QByteArray &data);
    void onFinished();
    void onFailed(const UpstreamFailure &failure);
    void onClientGone();
    void onShuttingDown();
    void onClientDrained();

    void forwardEvents(const QList<SseParser::Event> &events, bool last);
    void respondWithBody();
    void attemptFailed(AttemptFailure failure);
    // Blots out what this attempt sent along (its key, a proxy password) where a provider echoes
    // it.
    void maskSecrets(AttemptFailure &failure) const;
    void respondWithFailure(const AttemptFailure &failure);
    void failStream(int status, QByteArrayView code, const QString &message);
    void dropCall();
    void record(int status, const QString &error);

    QPointer<HttpExchange> m_exchange;
    UpstreamConnectionPool *m_pool;
    RequestLogWriter *m_usage;
    RequestContext m_context;
    std::unique_ptr<RoutedRequest> m_routed;
    const ApiFormat m_client;

    // The attempt under way.
    RoutedRequest::Prepared m_attempt;
    UpstreamCall *m_call = nullptr;
    SseParser m_sse;
    HttpResponseParser::Head m_head;
    QByteArray m_body;
    double m_attemptStartMs = 0;
    double m_headAtMs = 0;
    quint64 m_generation = 0; // counts attempts, so a handler can tell its attempt was replaced
    bool m_upstreamStreaming = false; // a 2xx event stream that is being translated
    bool m_clientStreamOpen = false;  // bytes have gone to the client: no more retries
    bool m_recorded = false;
    std::function<void(const QByteArray &)> m_whenAnswered;
    std::unique_ptr<Admission> m_admission;
    std::function<void(const RequestLogEntry &)> m_whenRecorded;
    bool m_upstreamPaused = false;
};

} // namespace llmux
