#pragma once

#include "core/domain/ProviderTimeouts.h"
#include "core/http/InboundRequest.h"
#include "core/upstream/HttpResponseParser.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QSslSocket;

namespace llmux {

class UpstreamConnectionPool;

struct UpstreamRequest
{
    QUrl url;
    QByteArray method = "POST";
    HeaderList headers;
    QByteArray body;
    ProviderTimeouts timeouts;
    // How to reach the provider; a proxy's display name for messages (never its password).
    QNetworkProxy proxy{QNetworkProxy::NoProxy};
    QString proxyName;
};

struct UpstreamFailure
{
    enum class Kind { Unreachable, Timeout, Protocol };
    Kind kind = Kind::Unreachable;
    QString message;
    // The proxy failed (refused, closed, asked for credentials, never answered), not the provider.
    bool proxyFault = false;
};

// One HTTP/1.1 request to a provider over a pooled keep-alive connection, with the provider's
// timeouts for connecting, for the first response byte, for silence between body chunks and for
// the whole exchange. The
// body is handed on as it arrives, never collected whole. A reused connection that the server had
// already closed is retried once on a fresh one, which is safe because no byte came back.
class UpstreamCall : public QObject
{
    Q_OBJECT
public:
    UpstreamCall(UpstreamConnectionPool *pool, UpstreamRequest request, QObject *parent = nullptr);
    ~UpstreamCall() override;

    void start();
    // Drops the connection; no signal follows.
    void abort();
    // Stops taking body bytes (the kernel's buffers then slow the provider down) while the client
    // cannot keep up; the idle timeout does not run meanwhile.
    void pauseBody();
    void resumeBody();

Q_SIGNALS:
    void responseHead(const llmux::HttpResponseParser::Head &head);
    void bodyData(const QByteArray &data);
    void finished();
    void failed(const llmux::UpstreamFailure &failure);

private:
    enum class Phase { Idle, Connecting, WaitingFirstByte, Receiving, Done };

    void connectFresh();
    void attach();
    void sendRequest();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onTimeout();
    void setPhase(Phase phase, int timeoutMs);
    void complete();
    void fail(UpstreamFailure::Kind kind, const QString &message, bool proxyFault = false);
    void releaseSocket(bool reusable);
    QString target() const;

    UpstreamConnectionPool *m_pool;
    UpstreamRequest m_request;
    QString m_origin;
    QSslSocket *m_socket = nullptr;
    HttpResponseParser m_parser;
    QTimer m_timer;
    QTimer m_total; // the whole exchange, whatever the phase
    Phase m_phase = Phase::Idle;
    bool m_reused = false;
    bool m_retried = false;
    bool m_paused = false;
    bool m_tunnelUp = false;
};

} // namespace llmux
