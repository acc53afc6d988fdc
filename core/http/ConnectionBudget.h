#pragma once

#include "core/http/HttpLimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>

#include <atomic>

namespace llmux {

class HttpConnection;

// What every connection of the gateway shares, across worker threads: how many are open, how
// many bytes of request bodies are held in memory, how many connections each remote address
// holds (loopback is not counted per address: every local client shares it), and which
// connection to close to make room at the limit. Thread-safe.
class ConnectionBudget
{
public:
    enum class Refusal { None, Total, PerAddress };
    // Counts a new connection unless that passes a limit, and says which.
    Refusal open(const QHostAddress &peer, const HttpLimits &limits);
    // Counts a connection admitted in place of one being evicted.
    void openAnyway(const QHostAddress &peer);
    void close(const QHostAddress &peer);
    int openConnections() const { return m_open.load(std::memory_order_relaxed); }

    // Connections register for eviction while they live.
    void track(HttpConnection *connection);
    void untrack(HttpConnection *connection);
    // Asks the connection that has waited longest without being served (a head that never
    // completes, an idle keep-alive) to close, on its own thread; false when every one is busy.
    bool evictOne();

    // Requests being answered (an exchange open), across all connections.
    void requestStarted() { m_requests.fetch_add(1, std::memory_order_relaxed); }
    void requestEnded() { m_requests.fetch_sub(1, std::memory_order_relaxed); }
    int requestsInFlight() const { return m_requests.load(std::memory_order_relaxed); }

    // Sets bytes of request body aside; false when that would pass the limit.
    bool reserveBody(qint64 bytes, const HttpLimits &limits);
    void releaseBody(qint64 bytes);
    qint64 bodyBytesInFlight() const { return m_bodyBytes.load(std::memory_order_relaxed); }

private:
    static bool countsPerAddress(const QHostAddress &peer) { return !peer.isLoopback(); }

    // Each on its own cache line: every worker thread updates them for every request.
    alignas(64) std::atomic<int> m_open{0};
    alignas(64) std::atomic<int> m_requests{0};
    alignas(64) std::atomic<qint64> m_bodyBytes{0};
    QMutex m_mutex;
    QHash<QHostAddress, int> m_perAddress;
    QMutex m_trackedMutex;
    QList<HttpConnection *> m_tracked;
};

} // namespace llmux
