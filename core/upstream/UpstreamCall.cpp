#include "core/upstream/UpstreamCall.h"

#include "core/upstream/UpstreamConnectionPool.h"

#include <QSslSocket>

namespace llmux {

UpstreamCall::UpstreamCall(UpstreamConnectionPool *pool, UpstreamRequest request, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_request(std::move(request))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &UpstreamCall::onTimeout);
    m_total.setSingleShot(true);
    connect(&m_total, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Done || m_phase == Phase::Idle)
            return;
        fail(UpstreamFailure::Kind::Timeout,
             QStringLiteral("%1 did not finish within %2 s (total timeout)")
                 .arg(target())
                 .arg(m_request.timeouts.totalMs / 1000.0));
    });
}

UpstreamCall::~UpstreamCall()
{
    abort();
}

QString UpstreamCall::target() const
{
    const QString url = m_request.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    return m_request.proxyName.isEmpty()
               ? url
               : QStringLiteral("%1 via proxy %2").arg(url, m_request.proxyName);
}

namespace {

bool isProxyError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
        return true;
    // Not ProxyProtocolError: that is how Qt reports a proxy's 502/504 answer to CONNECT, i.e. a
    // working proxy that could not reach the provider.
    default:
        return false;
    }
}

} // namespace

void UpstreamCall::start()
{
    if (m_request.timeouts.totalMs > 0)
        m_total.start(m_request.timeouts.totalMs);
    m_origin = UpstreamConnectionPool::originOf(m_request.url, m_request.proxy);
    if (QSslSocket *idle = m_pool->takeIdle(m_origin)) {
        m_socket = idle;
        m_reused = true;
        attach();
        sendRequest();
        return;
    }
    connectFresh();
}

void UpstreamCall::connectFresh()
{
    m_socket = m_pool->createSocket();
    m_socket->setProxy(m_request.proxy);
    m_reused = false;
    m_tunnelUp = false;
    // Through a proxy, "connected" means the tunnel stands: later trouble is the provider's.
    connect(m_socket, &QSslSocket::connected, this, [this] { m_tunnelUp = true; });
    m_parser = HttpResponseParser();
    attach();
    setPhase(Phase::Connecting, m_request.timeouts.connectMs);
    const QString host = m_request.url.host();
    if (m_request.url.scheme() == QLatin1String("https")) {
        connect(m_socket, &QSslSocket::encrypted, this, &UpstreamCall::sendRequest);
        m_socket->connectToHostEncrypted(host, quint16(m_request.url.port(443)));
    } else {
        connect(m_socket, &QSslSocket::connected, this, &UpstreamCall::sendRequest);
        m_socket->connectToHost(host, quint16(m_request.url.port(80)));
    }
}

void UpstreamCall::attach()
{
    connect(m_socket, &QSslSocket::readyRead, this, &UpstreamCall::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, &UpstreamCall::onDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, &UpstreamCall::onSocketError);
}

void UpstreamCall::sendRequest()
{
    const QUrl &url = m_request.url;
    QByteArray head;
    head.reserve(512 + m_request.body.size());
    head += m_request.method + ' ';
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    head += path;
    if (url.hasQuery())
        head += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    head += " HTTP/1.1\r\nHost: ";
    const bool tls = url.scheme() == QLatin1String("https");
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    head += host;
    if (url.port() != -1 && url.port() != (tls ? 443 : 80))
        head += ':' + QByteArray::number(url.port());
    head += "\r\n";
    for (const auto &h : m_request.headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "Content-Length: " + QByteArray::number(m_request.body.size()) + "\r\n\r\n";
    head += m_request.body;
    m_socket->write(head);
    setPhase(Phase::WaitingFirstByte, m_request.timeouts.firstByteMs);
}

void UpstreamCall::setPhase(Phase phase, int timeoutMs)
{
    m_phase = phase;
    if (timeoutMs > 0)
        m_timer.start(timeoutMs);
    else
        m_timer.stop();
}

void UpstreamCall::pauseBody()
{
    if (!m_socket || m_paused)
        return;
    m_paused = true;
    m_timer.stop();
    m_socket->setReadBufferSize(64 * 1024);
}

void UpstreamCall::resumeBody()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (!m_socket)
        return;
    m_socket->setReadBufferSize(0);
    setPhase(m_phase, m_request.timeouts.idleMs);
    QMetaObject::invokeMethod(this, &UpstreamCall::onReadyRead, Qt::QueuedConnection);
}

void UpstreamCall::onReadyRead()
{
    if (!m_socket || m_paused)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    if (m_phase == Phase::WaitingFirstByte || m_phase == Phase::Receiving)
        setPhase(Phase::Receiving, m_request.timeouts.idleMs);
    HttpResponseParser::Output out = m_parser.feed(data);
    QPointer<UpstreamCall> self(this);
    if (out.head) {
        Q_EMIT responseHead(*out.head);
        if (!self || !m_socket)
            return;
    }
    if (!out.body.isEmpty()) {
        Q_EMIT bodyData(out.body);
        if (!self || !m_socket)
            return;
    }
    if (!out.error.isEmpty())
        fail(UpstreamFailure::Kind::Protocol,
             QStringLiteral("Bad response from %1: %2").arg(target(), out.error));
    else if (out.complete)
        complete();
}

void UpstreamCall::onDisconnected()
{
    if (!m_socket || m_phase == Phase::Done)
        return;
    m_paused = false;
    if (m_socket->bytesAvailable() > 0) {
        QPointer<UpstreamCall> self(this);
        onReadyRead();
        if (!self || !m_socket)
            return;
    }
    if (m_phase == Phase::Connecting) {
        fail(UpstreamFailure::Kind::Unreachable,
             QStringLiteral("Cannot connect to %1: the connection was closed").arg(target()));
        return;
    }
    if (m_reused && !m_retried && !m_parser.anyBytesReceived()) {
        // A keep-alive connection the server had closed while idle: try once more on a new one.
        m_retried = true;
        releaseSocket(false);
        connectFresh();
        return;
    }
    HttpResponseParser::Output out = m_parser.peerClosed();
    if (out.complete) {
        complete();
        return;
    }
    fail(m_parser.headReceived() ? UpstreamFailure::Kind::Protocol
                                 : UpstreamFailure::Kind::Unreachable,
         QStringLiteral("Upstream %1: %2").arg(target(), out.error));
}

void UpstreamCall::onSocketError()
{
    if (!m_socket || m_phase == Phase::Done)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    if (m_phase == Phase::Connecting || isProxyError(error)) {
        fail(UpstreamFailure::Kind::Unreachable,
             QStringLiteral("Cannot connect to %1: %2").arg(target(), m_socket->errorString()),
             isProxyError(error));
        return;
    }
    if (m_reused && !m_retried && !m_parser.anyBytesReceived()) {
        m_retried = true;
        releaseSocket(false);
        connectFresh();
        return;
    }
    fail(m_parser.headReceived() ? UpstreamFailure::Kind::Protocol
                                 : UpstreamFailure::Kind::Unreachable,
         QStringLiteral("Connection to %1 failed: %2").arg(target(), m_socket->errorString()));
}

void UpstreamCall::onTimeout()
{
    switch (m_phase) {
    case Phase::Connecting:
        // Through a proxy, a connection that never completes is the proxy's failure to tunnel.
        fail(UpstreamFailure::Kind::Timeout,
             QStringLiteral("Connecting to %1 took longer than %2 s")
                 .arg(target())
                 .arg(m_request.timeouts.connectMs / 1000.0),
             m_request.proxy.type() != QNetworkProxy::NoProxy && !m_tunnelUp);
        break;
    case Phase::WaitingFirstByte:
        fail(UpstreamFailure::Kind::Timeout, QStringLiteral("%1 sent no response within %2 s")
                                                 .arg(target())
                                                 .arg(m_request.timeouts.firstByteMs / 1000.0));
        break;
    case Phase::Receiving:
        fail(UpstreamFailure::Kind::Timeout, QStringLiteral("%1 stalled: no data for %2 s")
                                                 .arg(target())
                                                 .arg(m_request.timeouts.idleMs / 1000.0));
        break;
    default:
        break;
    }
}

void UpstreamCall::complete()
{
    m_timer.stop();
    m_total.stop();
    m_phase = Phase::Done;
    releaseSocket(m_parser.reusable());
    Q_EMIT finished();
}

void UpstreamCall::fail(UpstreamFailure::Kind kind, const QString &message, bool proxyFault)
{
    m_timer.stop();
    m_total.stop();
    m_phase = Phase::Done;
    releaseSocket(false);
    Q_EMIT failed(UpstreamFailure{kind, message, proxyFault});
}

void UpstreamCall::releaseSocket(bool reusable)
{
    if (!m_socket)
        return;
    QSslSocket *socket = std::exchange(m_socket, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    if (reusable)
        m_pool->release(socket, m_origin);
    else
        m_pool->discard(socket);
}

void UpstreamCall::abort()
{
    m_timer.stop();
    m_total.stop();
    m_phase = Phase::Done;
    releaseSocket(false);
}

} // namespace llmux
