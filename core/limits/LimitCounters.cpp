#include "core/limits/LimitCounters.h"

#include "core/limits/SlidingWindow.h"

namespace llmux {

LocalLimitCounters::LocalLimitCounters() = default;
LocalLimitCounters::~LocalLimitCounters() = default;

QString LocalLimitCounters::windowKey(const LimitClaim &claim)
{
    return claim.counter + QLatin1Char('|') + QString::number(claim.windowMs);
}

SlidingWindow &LocalLimitCounters::window(const LimitClaim &claim)
{
    std::shared_ptr<SlidingWindow> &w = m_windows[windowKey(claim)];
    if (!w)
        w = std::make_shared<SlidingWindow>(claim.windowMs);
    return *w;
}

LimitDecision LocalLimitCounters::acquire(const QList<LimitClaim> &claims, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    LimitDecision d;
    // Every claim is checked before any is taken.
    for (int i = 0; i < claims.size(); ++i) {
        const LimitClaim &c = claims.at(i);
        qint64 wait = 0;
        if (c.concurrent)
            wait = c.amount > c.limit ? -1 : (m_running.value(c.counter) + c.amount > c.limit);
        else
            wait = window(c).waitFor(nowMs, c.amount, c.limit);
        if (wait != 0) {
            d.refused = i;
            // Requests at once: no telling when one ends; a second is a fair first guess.
            d.retryAfterMs = c.concurrent && wait > 0 ? 1000 : wait;
            break;
        }
    }
    d.admitted = d.refused < 0;
    for (const LimitClaim &c : claims) {
        if (c.concurrent) {
            qint64 &running = m_running[c.counter];
            if (d.admitted)
                running += c.amount;
            d.remaining << std::max<qint64>(0, c.limit - running);
            d.resetInMs << 0;
        } else {
            SlidingWindow &w = window(c);
            if (d.admitted)
                w.add(nowMs, c.amount);
            d.remaining << std::max<qint64>(0, c.limit - w.used(nowMs));
            d.resetInMs << w.resetIn(nowMs);
        }
    }
    return d;
}

void LocalLimitCounters::settle(const LimitClaim &claim, qint64 atMs, qint64 delta, qint64 nowMs)
{
    if (claim.concurrent || delta == 0)
        return;
    QMutexLocker lock(&m_mutex);
    window(claim).adjust(nowMs, atMs, delta);
}

qint64 LocalLimitCounters::inUse(const LimitClaim &claim, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    if (claim.concurrent)
        return m_running.value(claim.counter);
    // Asking creates no window: a limit nobody used holds nothing.
    const auto it = m_windows.constFind(windowKey(claim));
    return it == m_windows.cend() ? 0 : (*it)->used(nowMs);
}

void LocalLimitCounters::release(const LimitClaim &claim)
{
    if (!claim.concurrent)
        return;
    QMutexLocker lock(&m_mutex);
    qint64 &running = m_running[claim.counter];
    running = std::max<qint64>(0, running - claim.amount);
}

} // namespace llmux
