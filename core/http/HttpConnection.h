#pragma once

#include "core/http/HttpLimits.h"
#include "core/http/InboundRequest.h"
#include "core/http/RequestFramer.h"

#include <QHostAddress>
#include <QObject>
#include <QQueue>
#include <QTimer>

#include <atomic>

class QTcpSocket;

namespace llmux {

class ConnectionBudget;
class HttpExchange;
class RequestHandler;

// Everything one client connection needs beyond QHttpServer 6.4's parser: strict framing and
// size limits enforced before a body is buffered (400/413/431/505), the head screened (key,
// origin) before its body is read, a share of the gateway's memory budget for bodies, "100
// Continue", deadlines for a complete head and a minimum body rate, an idle timeout, answers
// strictly in request order, and pipelined requests handed to the parser one at a time (its parser
// merges two requests that arrive in one read). A refused request's body is read and discarded
// before closing, so the client sees the answer instead of a reset. Lives as a child of the socket.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, RequestHandler *handler,
                   ConnectionBudget *budget);
    ~HttpConnection() override;

    static HttpConnection *of(QTcpSocket *socket);
    // Called by the server for each request its parser completes, in arrival order.
    void enqueue(InboundRequest request);

    // Whether the connection may be closed to make room for another: it is neither answering a
    // request nor receiving an admitted one. Readable from any thread.
    bool isEvictable() const { return m_evictable.load(std::memory_order_relaxed); }
    // Since when (monotonic ms) it has been evictable. Readable from any thread.
    qint64 waitingSinceMs() const { return m_waitingSinceMs.load(std::memory_order_relaxed); }
    // Asks it, from any thread, to close on its own thread.
    void requestEviction();
    // The gateway stops accepting: requests that arrived are still answered, then it closes; an
    // idle one closes now.
    void goAway();
    // The grace period is over: whatever is being answered is cut off (and says so).
    void cutOff();

private:
    struct Framed
    {
        RequestFramer::Head head;
        qint64 reservedBytes = 0; // of the shared body budget, until its answer is done
    };
    struct Pending
    {
        InboundRequest request;
        Framed framed;
    };
    enum class Phase { Idle, Head, Body };

    void onReadyRead();
    void onDisconnected();
    void onIdleTimeout();
    void onReceiveDeadline();
    void startNext();
    void onExchangeFinished(bool keepAlive);
    void splitAt(qsizetype offset);
    void redeliverHeld();
    // Replaces unread bytes (from the current read position) before QHttpServer reads them.
    void replaceInput(qsizetype from, qsizetype length, const QByteArray &replacement);
    // Runs when the current message's head is complete; false when it was answered at once.
    bool admitHead(qsizetype framedBytes);
    bool reserveBody(qint64 bytes);
    void rejectAndClose(int status, const QByteArray &code, const QString &message,
                        qsizetype framedBytes = -1);
    void startDraining(qsizetype framedBytes);
    void drain();
    void finishDraining();
    void setPhase(Phase phase);
    // Forgets the requests waiting for their turn, giving back their share of the body budget.
    void dropPending();
    void refreshEvictable();
    void evict();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    RequestHandler *m_handler;
    ConnectionBudget *m_budget;
    QHostAddress m_peer;
    RequestFramer m_framer;
    QQueue<Framed> m_framed;
    QQueue<Pending> m_pending;
    HttpExchange *m_active = nullptr;
    qint64 m_activeReserved = 0;
    qint64 m_currentReserved = 0; // for the message being received
    QTimer m_idleTimer;
    QTimer m_receiveTimer; // head deadline, body rate checks, drain deadline
    Phase m_phase = Phase::Idle;
    qint64 m_messageBytes = 0;     // framed so far of the message being received
    qint64 m_bytesAtRateCheck = 0; // m_messageBytes at the last body rate check
    std::atomic<qint64> m_waitingSinceMs{0};
    std::atomic<bool> m_evictable{true};
    QByteArray m_held;
    qint64 m_drained = 0;
    bool m_continueSent = false;
    bool m_headAdmitted = false;
    bool m_draining = false;
    bool m_closing = false;
    bool m_dispatching = false;
    bool m_goingAway = false;
};

} // namespace llmux
