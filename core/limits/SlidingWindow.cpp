#include "core/limits/SlidingWindow.h"

#include <algorithm>

namespace llmux {

SlidingWindow::SlidingWindow(qint64 windowMs)
    : m_windowMs(std::max<qint64>(1, windowMs))
    , m_mergeMs(m_windowMs / 1024)
{}

void SlidingWindow::expire(qint64 nowMs)
{
    while (!m_uses.empty() && m_uses.front().atMs + m_windowMs <= nowMs) {
        m_total -= m_uses.front().amount;
        m_uses.pop_front();
    }
}

qint64 SlidingWindow::used(qint64 nowMs)
{
    expire(nowMs);
    return m_total;
}

void SlidingWindow::add(qint64 nowMs, qint64 amount)
{
    expire(nowMs);
    m_total += amount;
    // Close to the newest entry's first use: the same entry, leaving with this use (later, never
    // earlier).
    if (!m_uses.empty() && nowMs >= m_uses.back().atMs &&
        nowMs - m_uses.back().firstMs < m_mergeMs) {
        m_uses.back().atMs = nowMs;
        m_uses.back().amount += amount;
        return;
    }
    const qint64 at = std::max(nowMs, m_uses.empty() ? nowMs : m_uses.back().atMs);
    m_uses.push_back({at, at, amount});
}

void SlidingWindow::adjust(qint64 nowMs, qint64 atMs, qint64 delta)
{
    expire(nowMs);
    // The entry holding the use: the first that ends at or after its time.
    const auto it = std::lower_bound(m_uses.begin(), m_uses.end(), atMs,
                                     [](const Use &u, qint64 t) { return u.atMs < t; });
    if (it == m_uses.end() || it->firstMs > atMs)
        return; // that use has left the window
    const qint64 changed = std::max<qint64>(0, it->amount + delta) - it->amount;
    it->amount += changed;
    m_total += changed;
}

qint64 SlidingWindow::waitFor(qint64 nowMs, qint64 amount, qint64 limit)
{
    expire(nowMs);
    if (amount > limit)
        return -1;
    qint64 over = m_total + amount - limit;
    if (over <= 0)
        return 0;
    // Oldest first: once enough has left, the request fits.
    for (const Use &u : m_uses) {
        over -= u.amount;
        if (over <= 0)
            return u.atMs + m_windowMs - nowMs;
    }
    return m_uses.empty() ? 0 : m_uses.back().atMs + m_windowMs - nowMs;
}

qint64 SlidingWindow::resetIn(qint64 nowMs)
{
    expire(nowMs);
    return m_uses.empty() ? 0 : m_uses.front().atMs + m_windowMs - nowMs;
}

} // namespace llmux
