#include "core/common/Clock.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTimer>

#include <limits>

namespace llmux {
namespace {

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDeadlineTimer::current().deadline(); }

    void callAfter(qint64 delayMs, QObject *context, std::function<void()> fn) override
    {
        const int ms = int(qBound(qint64(0), delayMs, qint64(std::numeric_limits<int>::max())));
        QTimer::singleShot(ms, context, std::move(fn));
    }
};

class SystemRandom final : public RandomSource
{
public:
    quint64 bounded(quint64 bound) override
    {
        return bound == 0 ? 0 : QRandomGenerator::global()->bounded(bound);
    }
};

} // namespace

Clock &Clock::system()
{
    static SystemClock clock;
    return clock;
}

RandomSource &RandomSource::system()
{
    static SystemRandom random;
    return random;
}

} // namespace llmux
