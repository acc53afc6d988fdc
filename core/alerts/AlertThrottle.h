#pragma once

#include "core/domain/Alert.h"

#include <QHash>

namespace llmux {

// Lets an alert through once per event and subject in a quiet period (an hour; a day for keys
// about to expire, which stay so for days), so a flapping provider or a key hammering its limit
// does not flood every channel. Counts what it held back, so the next one can say so. Time is a
// monotonic clock's milliseconds.
class AlertThrottle
{
public:
    static constexpr qint64 kQuietMs = 60 * 60 * 1000;
    static constexpr qint64 kExpiryQuietMs = 24 * kQuietMs;

    struct Verdict
    {
        bool send = false;
        int heldBack = 0; // repeats held back since the last one sent
    };
    Verdict admit(const Alert &alert, qint64 nowMs);

private:
    struct Last
    {
        qint64 sentMs = 0;
        int heldBack = 0;
    };
    static qint64 quietMs(Alert::Event event);
    QHash<QString, Last> m_last;
};

} // namespace llmux
