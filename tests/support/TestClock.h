#pragma once

#include "core/common/Clock.h"

#include <QList>
#include <QMutex>
#include <QRandomGenerator>

#include <atomic>

class QTimer;

namespace llmux::test {

// Real monotonic time plus the jumps a test makes: advance(ms) moves the clock forward at once
// and fires every timer now due, so a test waits for a rest, a circuit's open period or a health
// interval without sleeping through it. Time that really passes counts too, so everything that
// works on the system clock works here unchanged.
class TestClock final : public Clock
{
public:
    ~TestClock() override;

    qint64 nowMs() const override;
    void callAfter(qint64 delayMs, QObject *context, std::function<void()> fn) override;

    // Moves the clock forward; the timers now due fire on their threads' next event-loop turn.
    void advance(qint64 ms);
    // Timers scheduled and not yet fired.
    int pendingTimers() const;
    // With skipping on, a timer set for later moves the clock forward by its delay at once and
    // fires on its thread's next event-loop turn: back-offs and waits for a key's rest take no
    // real time. Off by default; not for tests of periodic timers, which would then spin.
    void setSkipDelays(bool skip) { m_skipDelays = skip; }

private:
    struct Pending
    {
        qint64 dueMs = 0;
        QTimer *timer = nullptr;
    };
    void forget(QTimer *timer);

    std::atomic<qint64> m_offsetMs{0};
    std::atomic<bool> m_skipDelays{false};
    mutable QMutex m_mutex;
    QList<Pending> m_pending;
};

// A seeded generator: the same sequence on every run.
class SeededRandom final : public RandomSource
{
public:
    explicit SeededRandom(quint32 seed = 1)
        : m_generator(seed)
    {}
    quint64 bounded(quint64 bound) override;

private:
    QMutex m_mutex;
    QRandomGenerator m_generator;
};

} // namespace llmux::test
