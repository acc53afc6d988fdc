#pragma once

#include <QtGlobal>

#include <deque>

namespace llmux {

// What was counted in the last window of time, for a rate limit without a double burst at a
// window's edge: each use is kept with its time and leaves exactly one window later. Uses within
// a 1024th of the window of each other are kept as one entry that leaves with the last of them,
// so the memory stays bounded (about 1024 entries) and the only error is refusing a little
// early, never letting more than the limit through in any window. Takes the time; not thread-safe
// (LocalLimitCounters locks).
class SlidingWindow
{
public:
    explicit SlidingWindow(qint64 windowMs);

    qint64 used(qint64 nowMs);
    void add(qint64 nowMs, qint64 amount);
    // Corrects the use counted at `atMs` (an estimate settled on the real usage); a use that has
    // left the window is left alone.
    void adjust(qint64 nowMs, qint64 atMs, qint64 delta);
    // How long until `amount` more fits under `limit` (0: now), or -1 when it never can.
    qint64 waitFor(qint64 nowMs, qint64 amount, qint64 limit);
    // When the oldest counted use leaves the window (ms from now), 0 when nothing is counted.
    qint64 resetIn(qint64 nowMs);

private:
    struct Use
    {
        qint64 firstMs; // the first use kept in this entry
        qint64 atMs;    // the last: when the entry leaves, one window later
        qint64 amount;
    };
    void expire(qint64 nowMs);

    qint64 m_windowMs;
    qint64 m_mergeMs; // uses closer than this are kept as one
    std::deque<Use> m_uses;
    qint64 m_total = 0;
};

} // namespace llmux
