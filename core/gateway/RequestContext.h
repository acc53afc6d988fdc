#pragma once

#include "core/domain/Records.h"

#include <QElapsedTimer>

namespace llmux {

// What the gateway knows about one request while it is being answered; becomes its log entry.
struct RequestContext
{
    RequestLogEntry entry;
    QElapsedTimer clock;

    double elapsedMs() const { return clock.nsecsElapsed() / 1e6; }
};

} // namespace llmux
