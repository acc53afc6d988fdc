#include "tests/support/TestClock.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <limits>
#include <memory>

namespace llmux::test {

TestClock::~TestClock()
{
    // Timers still pending belong to their contexts; they must not call back into a clock that
    // is gone (a test's clock should outlive what uses it anyway).
    QMutexLocker lock(&m_mutex);
    for (const Pending &p : std::as_const(m_pending))
        QObject::disconnect(p.timer, nullptr, nullptr, nullptr);
}

qint64 TestClock::nowMs() const
{
    return QDeadlineTimer::current().deadline() + m_offsetMs.load();
}

void TestClock::callAfter(qint64 delayMs, QObject *context, std::function<void()> fn)
{
    // A child of the context: it goes when the context goes, and fn with it.
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    // Fires once, even when advance() restarts a timer that real time fired meanwhile.
    auto fired = std::make_shared<bool>(false);
    QObject::connect(timer, &QTimer::timeout, timer, [this, timer, fired, fn = std::move(fn)] {
        if (*fired)
            return;
        *fired = true;
        forget(timer);
        timer->deleteLater();
        fn();
    });
    QObject::connect(timer, &QObject::destroyed, [this, timer] { forget(timer); });
    if (m_skipDelays && delayMs > 0) {
        m_offsetMs += delayMs;
        delayMs = 0;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append({nowMs() + delayMs, timer});
    }
    timer->start(int(qBound(qint64(0), delayMs, qint64(std::numeric_limits<int>::max()))));
}

void TestClock::advance(qint64 ms)
{
    m_offsetMs += ms;
    const qint64 now = nowMs();
    // Under the lock no pending timer can be destroyed, so each is safe to post to; a timer
    // destroyed afterwards takes its posted call with it.
    QMutexLocker lock(&m_mutex);
    for (const Pending &p : std::as_const(m_pending))
        if (p.dueMs <= now)
            QMetaObject::invokeMethod(
                p.timer, [timer = p.timer] { timer->start(0); }, Qt::QueuedConnection);
}

int TestClock::pendingTimers() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_pending.size());
}

void TestClock::forget(QTimer *timer)
{
    QMutexLocker lock(&m_mutex);
    m_pending.removeIf([timer](const Pending &p) { return p.timer == timer; });
}

quint64 SeededRandom::bounded(quint64 bound)
{
    QMutexLocker lock(&m_mutex);
    return bound == 0 ? 0 : m_generator.bounded(bound);
}

} // namespace llmux::test
