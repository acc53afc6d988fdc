#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <memory>

namespace llmux {

class SlidingWindow;

// One limit a request counts against: a counter (named by the limit), what it holds at most, and
// how much this request takes of it.
struct LimitClaim
{
    QString counter;
    bool concurrent = false; // requests at once, else a sliding window of windowMs
    qint64 limit = 0;
    qint64 windowMs = 0;
    qint64 amount = 1;
};

// What the counters said: admitted (every claim taken), or which claim did not fit and how long
// until it would. For each claim, what is left and when its oldest use leaves the window.
struct LimitDecision
{
    bool admitted = false;
    int refused = -1;        // index of the claim that did not fit
    qint64 retryAfterMs = 0; // -1: it never fits (asks for more than the limit holds)
    QList<qint64> remaining;
    QList<qint64> resetInMs;
};

// The counters of every rate limit, behind an interface so that several gateway instances can
// share them (a later store puts them in Redis). acquire() is all or nothing: a request refused
// by one limit takes nothing from the others. Never waits on disk or the network.
class LimitCounters
{
public:
    virtual ~LimitCounters() = default;

    virtual LimitDecision acquire(const QList<LimitClaim> &claims, qint64 nowMs) = 0;
    // Corrects what a window claim took at `atMs` (an estimate settled on the real usage).
    virtual void settle(const LimitClaim &claim, qint64 atMs, qint64 delta, qint64 nowMs) = 0;
    // Gives back a concurrent claim once its request has ended.
    virtual void release(const LimitClaim &claim) = 0;
    // What a counter holds now (requests running, or used in the window), for the Limits page.
    virtual qint64 inUse(const LimitClaim &claim, qint64 nowMs) = 0;
};

// The counters of one process, under one lock.
class LocalLimitCounters : public LimitCounters
{
public:
    LocalLimitCounters();
    ~LocalLimitCounters() override;

    LimitDecision acquire(const QList<LimitClaim> &claims, qint64 nowMs) override;
    void settle(const LimitClaim &claim, qint64 atMs, qint64 delta, qint64 nowMs) override;
    void release(const LimitClaim &claim) override;
    qint64 inUse(const LimitClaim &claim, qint64 nowMs) override;

private:
    static QString windowKey(const LimitClaim &claim);
    SlidingWindow &window(const LimitClaim &claim);

    QMutex m_mutex;
    // By counter and window length (a limit changed to another window starts afresh).
    QHash<QString, std::shared_ptr<SlidingWindow>> m_windows;
    QHash<QString, qint64> m_running;
};

} // namespace llmux
