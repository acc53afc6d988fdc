#pragma once

#include <QObject>

#include <functional>

namespace llmux {

// The time LLMux runs on: a monotonic clock in milliseconds and one-shot timers on it. The
// gateway, routing and health checks take one, so a test moves time forward instead of sleeping
// (as Envoy's simulated time and KeePassXC's MockClock do). Thread-safe.
class Clock
{
public:
    virtual ~Clock() = default;

    virtual qint64 nowMs() const = 0;
    // Calls fn on context's thread once delayMs have passed on this clock, never after context is
    // destroyed. Called from context's thread.
    virtual void callAfter(qint64 delayMs, QObject *context, std::function<void()> fn) = 0;

    // The real monotonic clock with Qt's timers.
    static Clock &system();
};

// Random numbers for routing (weighted order, back-off jitter). Thread-safe; tests pass a seeded
// one.
class RandomSource
{
public:
    virtual ~RandomSource() = default;

    // Uniform in [0, bound); 0 when bound is 0.
    virtual quint64 bounded(quint64 bound) = 0;

    // Qt's global generator, seeded by the system.
    static RandomSource &system();
};

} // namespace llmux
