#include "core/http/ConnectionBudget.h"

#include "core/http/HttpConnection.h"

#include <QMutexLocker>

namespace llmux {

ConnectionBudget::Refusal ConnectionBudget::open(const QHostAddress &peer, const HttpLimits &limits)
{
    if (m_open.fetch_add(1, std::memory_order_relaxed) >= limits.maxConnections) {
        m_open.fetch_sub(1, std::memory_order_relaxed);
        return Refusal::Total;
    }
    if (countsPerAddress(peer)) {
        QMutexLocker lock(&m_mutex);
        int &count = m_perAddress[peer];
        if (count >= limits.maxConnectionsPerAddress) {
            if (count == 0)
                m_perAddress.remove(peer);
            m_open.fetch_sub(1, std::memory_order_relaxed);
            return Refusal::PerAddress;
        }
        ++count;
    }
    return Refusal::None;
}

void ConnectionBudget::openAnyway(const QHostAddress &peer)
{
    m_open.fetch_add(1, std::memory_order_relaxed);
    if (countsPerAddress(peer)) {
        QMutexLocker lock(&m_mutex);
        ++m_perAddress[peer];
    }
}

void ConnectionBudget::close(const QHostAddress &peer)
{
    m_open.fetch_sub(1, std::memory_order_relaxed);
    if (countsPerAddress(peer)) {
        QMutexLocker lock(&m_mutex);
        const auto it = m_perAddress.find(peer);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    }
}

void ConnectionBudget::track(HttpConnection *connection)
{
    QMutexLocker lock(&m_trackedMutex);
    m_tracked.append(connection);
}

void ConnectionBudget::untrack(HttpConnection *connection)
{
    QMutexLocker lock(&m_trackedMutex);
    m_tracked.removeOne(connection);
}

bool ConnectionBudget::evictOne()
{
    // Held while the eviction is posted: a connection untracks itself before it is destroyed.
    QMutexLocker lock(&m_trackedMutex);
    HttpConnection *oldest = nullptr;
    for (HttpConnection *c : std::as_const(m_tracked)) {
        if (c->isEvictable() && (!oldest || c->waitingSinceMs() < oldest->waitingSinceMs()))
            oldest = c;
    }
    if (!oldest)
        return false;
    oldest->requestEviction();
    return true;
}

bool ConnectionBudget::reserveBody(qint64 bytes, const HttpLimits &limits)
{
    if (bytes <= 0)
        return true;
    qint64 held = m_bodyBytes.load(std::memory_order_relaxed);
    do {
        if (held + bytes > limits.maxBodyBytesInFlight)
            return false;
    } while (!m_bodyBytes.compare_exchange_weak(held, held + bytes, std::memory_order_relaxed));
    return true;
}

void ConnectionBudget::releaseBody(qint64 bytes)
{
    if (bytes > 0)
        m_bodyBytes.fetch_sub(bytes, std::memory_order_relaxed);
}

} // namespace llmux
