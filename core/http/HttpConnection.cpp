#include "core/http/HttpConnection.h"

#include "core/http/ConnectionBudget.h"
#include "core/http/HttpExchange.h"
#include "core/http/RequestHandler.h"

#include <QDeadlineTimer>
#include <QScopeGuard>
#include <QTcpSocket>

namespace llmux {
namespace {

qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

// A chunked body of unknown size is reserved in steps of this much.
constexpr qint64 kChunkedReserveStep = 256 * 1024;
// Discarding a refused body stops after this much, whatever it declared.
constexpr qint64 kMaxDrainBytes = 1024LL * 1024 * 1024;

QString busyMessage()
{
    return QStringLiteral("LLMux is receiving too many request bodies at once; retry shortly.");
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits,
                               RequestHandler *handler, ConnectionBudget *budget)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_handler(handler)
    , m_budget(budget)
    , m_peer(socket->peerAddress())
    , m_framer(limits.maxHeaderBytes, limits.maxBodyBytes)
    , m_waitingSinceMs(nowMs())
{
    if (m_budget)
        m_budget->track(this);
    setObjectName(QStringLiteral("llmux-http-connection"));
    // Connected before QHttpServer connects its own slot, so this one sees every read first.
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    m_idleTimer.start();
    m_receiveTimer.setSingleShot(true);
    connect(&m_receiveTimer, &QTimer::timeout, this, &HttpConnection::onReceiveDeadline);
}

HttpConnection::~HttpConnection()
{
    if (!m_budget)
        return;
    if (m_active)
        m_budget->requestEnded();
    m_budget->untrack(this);
    qint64 reserved = m_currentReserved + m_activeReserved;
    for (const Framed &f : std::as_const(m_framed))
        reserved += f.reservedBytes;
    for (const Pending &p : std::as_const(m_pending))
        reserved += p.framed.reservedBytes;
    m_budget->releaseBody(reserved);
    m_budget->close(m_peer);
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket->findChild<HttpConnection *>(QStringLiteral("llmux-http-connection"),
                                               Qt::FindDirectChildrenOnly);
}

void HttpConnection::refreshEvictable()
{
    const bool busy = m_active || !m_pending.isEmpty() || !m_framed.isEmpty() ||
                      (m_phase == Phase::Body && m_headAdmitted && !m_draining);
    const bool evictable = !busy && !m_closing;
    if (evictable && !m_evictable.load(std::memory_order_relaxed))
        m_waitingSinceMs.store(nowMs(), std::memory_order_relaxed);
    m_evictable.store(evictable, std::memory_order_relaxed);
}

void HttpConnection::requestEviction()
{
    // Not picked twice while the request travels to the connection's thread.
    m_evictable.store(false, std::memory_order_relaxed);
    QMetaObject::invokeMethod(this, &HttpConnection::evict, Qt::QueuedConnection);
}

void HttpConnection::evict()
{
    refreshEvictable();
    if (m_closing || !m_evictable.load(std::memory_order_relaxed))
        return; // it got busy meanwhile; the limit is exceeded by one until some connection ends
    m_closing = true;
    m_evictable.store(false, std::memory_order_relaxed);
    m_idleTimer.stop();
    m_receiveTimer.stop();
    if (m_framer.inMessage())
        m_socket->abort(); // a head that never came: nothing to say to it
    else
        m_socket->disconnectFromHost(); // idle between requests: a normal keep-alive close
    m_socket->deleteLater();
}

void HttpConnection::setPhase(Phase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    switch (phase) {
    case Phase::Idle:
        m_receiveTimer.stop();
        break;
    case Phase::Head:
        m_messageBytes = 0;
        m_receiveTimer.start(m_limits.headTimeoutMs);
        break;
    case Phase::Body:
        m_bytesAtRateCheck = m_messageBytes;
        m_receiveTimer.start(m_limits.bodyRateWindowMs);
        break;
    }
}

void HttpConnection::onReadyRead()
{
    const auto refresh = qScopeGuard([this] { refreshEvictable(); });
    if (m_closing) {
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->readAll();
        return;
    }
    if (m_draining) {
        drain();
        return;
    }
    if (!m_active)
        m_idleTimer.start();
    if (!m_held.isEmpty()) {
        // Earlier bytes wait for redelivery; newer ones must queue behind them.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_held += m_socket->readAll();
        if (m_held.size() > m_limits.maxHeaderBytes + m_limits.maxBodyBytes)
            rejectAndClose(413, "request_too_large",
                           QStringLiteral("Too much pipelined request data."));
        return;
    }
    QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    qsizetype offset = 0;
    while (offset < data.size()) {
        if (m_phase == Phase::Idle)
            setPhase(Phase::Head);
        const bool headWasComplete = m_framer.headComplete();
        RequestFramer::Progress p = m_framer.feed(QByteArrayView(data).sliced(offset));
        m_messageBytes += p.consumed;
        if (p.cutLength > 0) {
            // Trailer fields, which QHttpServer's parser misreads: it sees the body end without.
            const bool ended = p.verdict == RequestFramer::Verdict::MessageComplete;
            const QByteArray replacement = ended ? QByteArray("\r\n") : QByteArray();
            if (QByteArrayView(data).sliced(offset + p.cutFrom, p.cutLength) != replacement) {
                replaceInput(offset + p.cutFrom, p.cutLength, replacement);
                data.replace(offset + p.cutFrom, p.cutLength, replacement);
                p.consumed += replacement.size() - p.cutLength;
            }
        }
        const qsizetype framed = offset + p.consumed;
        if (!headWasComplete && p.verdict == RequestFramer::Verdict::NeedMore &&
            m_framer.headComplete()) {
            if (!admitHead(framed))
                return;
        }
        switch (p.verdict) {
        case RequestFramer::Verdict::NeedMore:
            // A chunked body has no size to reserve up front: its share grows as it arrives.
            if (m_headAdmitted && m_framer.head().chunked &&
                2 * m_messageBytes > m_currentReserved &&
                !reserveBody(2 * m_messageBytes - m_currentReserved + kChunkedReserveStep)) {
                rejectAndClose(503, "gateway_busy", busyMessage(), framed);
                return;
            }
            // Not while an earlier request is answered: it would land inside that answer; the
            // client then sends its body after its own wait.
            if (m_framer.headComplete() && m_framer.head().expectsContinue && !m_continueSent &&
                !m_active && m_pending.isEmpty() && m_framed.isEmpty()) {
                m_continueSent = true;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return;
        case RequestFramer::Verdict::HeaderTooLarge:
            rejectAndClose(431, "request_header_too_large",
                           QStringLiteral("The request headers exceed %1 bytes.")
                               .arg(m_limits.maxHeaderBytes));
            return;
        case RequestFramer::Verdict::TooManyHeaders:
            rejectAndClose(431, "request_header_too_large", m_framer.head().problem);
            return;
        case RequestFramer::Verdict::BodyTooLarge:
            rejectAndClose(413, "request_too_large",
                           QStringLiteral("The request body exceeds the limit of %1 bytes.")
                               .arg(m_limits.maxBodyBytes),
                           framed);
            return;
        case RequestFramer::Verdict::VersionNotSupported:
            rejectAndClose(505, "http_version_not_supported", m_framer.head().problem);
            return;
        case RequestFramer::Verdict::Malformed:
            rejectAndClose(400, "invalid_http", m_framer.head().problem);
            return;
        case RequestFramer::Verdict::MessageComplete: {
            // Arrived whole in one read: there was no time to screen it, but it must fit.
            const RequestFramer::Head &head = m_framer.head();
            if (!headWasComplete && !head.chunked && !reserveBody(head.contentLength * 2)) {
                rejectAndClose(503, "gateway_busy", busyMessage());
                return;
            }
            m_framed.enqueue({head, std::exchange(m_currentReserved, 0)});
            m_framer.reset();
            m_continueSent = false;
            m_headAdmitted = false;
            setPhase(Phase::Idle);
            offset = framed;
            if (offset < data.size()) {
                splitAt(offset);
                return;
            }
            break;
        }
        }
    }
}

bool HttpConnection::admitHead(qsizetype framedBytes)
{
    const RequestFramer::Head &head = m_framer.head();
    if (!head.expectsBody()) {
        m_headAdmitted = true;
        return true;
    }
    // Answers go out in request order: with another request still being answered, this one is
    // screened by handle() once its turn comes.
    if (!m_active && m_pending.isEmpty() && m_framed.isEmpty()) {
        InboundRequest request;
        request.method = head.method;
        const qsizetype query = head.target.indexOf('?');
        request.path = QString::fromLatin1(query < 0 ? head.target : head.target.first(query));
        request.query = query < 0 ? QByteArray() : head.target.mid(query + 1);
        request.headers = head.headers();
        request.remoteAddress = m_peer;
        request.received.start();
        auto *early = new HttpExchange(m_socket, false, this);
        early->setHttp10(head.httpMinorVersion == 0);
        connect(early, &HttpExchange::finished, early, &QObject::deleteLater);
        if (m_handler->screen(request, early)) {
            startDraining(framedBytes);
            return false;
        }
        early->deleteLater();
    }
    if (!head.chunked && !reserveBody(head.contentLength * 2)) {
        rejectAndClose(503, "gateway_busy", busyMessage(), framedBytes);
        return false;
    }
    m_headAdmitted = true;
    setPhase(Phase::Body);
    return true;
}

bool HttpConnection::reserveBody(qint64 bytes)
{
    if (!m_budget || bytes <= 0)
        return true;
    if (!m_budget->reserveBody(bytes, m_limits))
        return false;
    m_currentReserved += bytes;
    return true;
}

void HttpConnection::splitAt(qsizetype offset)
{
    // QHttpServer's transaction only holds bytes its parser has already taken in; committing it
    // just drops them from the buffer.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    const QByteArray all = m_socket->readAll();
    m_held = all.mid(offset);
    for (qsizetype i = offset - 1; i >= 0; --i)
        m_socket->ungetChar(all[i]);
    QMetaObject::invokeMethod(this, &HttpConnection::redeliverHeld, Qt::QueuedConnection);
}

void HttpConnection::replaceInput(qsizetype from, qsizetype length, const QByteArray &replacement)
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    QByteArray all = m_socket->readAll();
    all.replace(from, length, replacement);
    for (qsizetype i = all.size() - 1; i >= 0; --i)
        m_socket->ungetChar(all[i]);
}

void HttpConnection::redeliverHeld()
{
    if (m_held.isEmpty() || m_closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const QByteArray held = std::exchange(m_held, QByteArray());
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    for (qsizetype i = held.size() - 1; i >= 0; --i)
        m_socket->ungetChar(held[i]);
    Q_EMIT m_socket->readyRead();
}

void HttpConnection::enqueue(InboundRequest request)
{
    const Framed framed = m_framed.isEmpty() ? Framed() : m_framed.dequeue();
    m_pending.enqueue({std::move(request), framed});
    startNext();
}

void HttpConnection::startNext()
{
    if (m_dispatching)
        return;
    m_dispatching = true;
    while (!m_active && !m_pending.isEmpty() && !m_closing) {
        Pending next = m_pending.dequeue();
        m_idleTimer.stop();
        m_activeReserved = next.framed.reservedBytes;
        const bool last = m_goingAway && m_pending.isEmpty();
        m_active = new HttpExchange(m_socket, !next.framed.head.closeRequested && !last, this);
        if (m_budget)
            m_budget->requestStarted();
        m_active->setHttp10(next.framed.head.httpMinorVersion == 0);
        connect(m_active, &HttpExchange::finished, this, &HttpConnection::onExchangeFinished);
        m_handler->handle(next.request, m_active);
    }
    m_dispatching = false;
    refreshEvictable();
}

void HttpConnection::onExchangeFinished(bool keepAlive)
{
    if (m_active) {
        m_active->deleteLater();
        m_active = nullptr;
        if (m_budget)
            m_budget->requestEnded();
    }
    if (m_budget)
        m_budget->releaseBody(std::exchange(m_activeReserved, 0));
    const bool nothingLeft = m_pending.isEmpty() && m_framed.isEmpty() && !m_framer.inMessage();
    if (!keepAlive || m_closing || (m_goingAway && nothingLeft)) {
        m_closing = true;
        dropPending();
        refreshEvictable();
        m_socket->disconnectFromHost();
        return;
    }
    m_idleTimer.start();
    startNext();
}

void HttpConnection::dropPending()
{
    if (m_budget)
        for (const Pending &p : std::as_const(m_pending))
            m_budget->releaseBody(p.framed.reservedBytes);
    m_pending.clear();
}

void HttpConnection::goAway()
{
    m_goingAway = true;
    if (m_closing || m_active || !m_pending.isEmpty() || !m_framed.isEmpty() ||
        m_framer.inMessage())
        return; // answered first; a request still arriving may complete within the grace
    m_closing = true;
    m_idleTimer.stop();
    m_receiveTimer.stop();
    refreshEvictable();
    m_socket->disconnectFromHost();
}

void HttpConnection::cutOff()
{
    dropPending();
    if (m_active)
        m_active->notifyShuttingDown();
    m_socket->flush(); // what the cut-off answers wrote, as far as the socket takes it now
}

void HttpConnection::onDisconnected()
{
    m_closing = true;
    m_evictable.store(false, std::memory_order_relaxed);
    m_idleTimer.stop();
    m_receiveTimer.stop();
    dropPending();
    if (m_active)
        m_active->notifyClientGone();
}

void HttpConnection::onIdleTimeout()
{
    if (m_active)
        return;
    if (m_framer.inMessage()) {
        rejectAndClose(408, "request_timeout",
                       QStringLiteral("The request did not arrive within %1 seconds.")
                           .arg(m_limits.idleTimeoutMs / 1000));
        return;
    }
    m_closing = true;
    m_socket->abort();
    // QHttpServer forgets a socket whose request it could not parse; make sure it goes.
    m_socket->deleteLater();
}

void HttpConnection::onReceiveDeadline()
{
    if (m_closing)
        return;
    if (m_draining) {
        finishDraining();
        return;
    }
    switch (m_phase) {
    case Phase::Idle:
        return;
    case Phase::Head:
        rejectAndClose(408, "request_timeout",
                       QStringLiteral("The request head did not arrive within %1 ms of its first "
                                      "byte.")
                           .arg(m_limits.headTimeoutMs));
        return;
    case Phase::Body: {
        const qint64 needed =
            qint64(m_limits.minBodyBytesPerSecond) * m_limits.bodyRateWindowMs / 1000;
        if (m_messageBytes - m_bytesAtRateCheck < needed) {
            rejectAndClose(408, "request_timeout",
                           QStringLiteral("The request body arrived slower than %1 bytes per "
                                          "second.")
                               .arg(m_limits.minBodyBytesPerSecond));
            return;
        }
        m_bytesAtRateCheck = m_messageBytes;
        m_receiveTimer.start(m_limits.bodyRateWindowMs);
        return;
    }
    }
}

void HttpConnection::rejectAndClose(int status, const QByteArray &code, const QString &message,
                                    qsizetype framedBytes)
{
    const QByteArray body = m_handler->refusalBody(status, code, message);
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpExchange::reasonPhrase(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n";
    if (status == 503)
        out += "Retry-After: 1\r\n";
    out += "\r\n" + body;
    dropPending();
    if (m_active) {
        // An earlier request is being answered: this refusal would land inside its answer. The
        // connection closes once that answer is complete; the refused request gets no answer.
        m_closing = true;
        m_receiveTimer.stop();
        m_idleTimer.stop();
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->readAll();
        refreshEvictable();
        return;
    }
    // The framer can follow the rest of this message: read it to its end (discarding it) so the
    // client, still sending, gets this answer rather than a reset.
    if (framedBytes >= 0 && m_framer.headComplete()) {
        m_socket->write(out);
        startDraining(framedBytes);
        return;
    }
    m_closing = true;
    m_receiveTimer.stop();
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    m_socket->write(out);
    m_socket->disconnectFromHost();
    QTimer::singleShot(5000, m_socket, [socket = m_socket] {
        socket->abort();
        socket->deleteLater();
    });
}

void HttpConnection::startDraining(qsizetype framedBytes)
{
    m_idleTimer.stop();
    dropPending();
    // A client waiting for "100 Continue" sends no body after a final answer.
    const RequestFramer::Head &head = m_framer.head();
    if (head.expectsContinue && !m_continueSent) {
        m_closing = true;
        m_receiveTimer.stop();
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->readAll();
        m_socket->disconnectFromHost();
        QTimer::singleShot(5000, m_socket, [socket = m_socket] {
            socket->abort();
            socket->deleteLater();
        });
        return;
    }
    m_draining = true;
    m_framer.ignoreBodyLimit();
    if (m_budget)
        m_budget->releaseBody(std::exchange(m_currentReserved, 0));
    m_receiveTimer.start(m_limits.drainTimeoutMs);
    // What the framer has seen of this message is gone; the rest is read and discarded as it
    // comes, so QHttpServer's parser never sees it.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->read(framedBytes);
    m_drained = framedBytes;
    if (m_framer.messageComplete())
        finishDraining();
    else
        drain();
}

void HttpConnection::drain()
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    // Read into a buffer of its own: discarding costs no allocation per read.
    char buffer[16 * 1024];
    while (m_draining && m_socket->bytesAvailable() > 0) {
        const qint64 got = m_socket->read(buffer, sizeof buffer);
        if (got <= 0)
            break;
        m_drained += got;
        const RequestFramer::Progress p = m_framer.feed(QByteArrayView(buffer, got));
        if (p.verdict != RequestFramer::Verdict::NeedMore || m_drained > kMaxDrainBytes)
            finishDraining();
    }
}

void HttpConnection::finishDraining()
{
    m_draining = false;
    m_closing = true;
    m_receiveTimer.stop();
    m_socket->disconnectFromHost();
    QTimer::singleShot(5000, m_socket, [socket = m_socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace llmux
