#pragma once

#include <QDeadlineTimer>
#include <QEventLoop>

#include <functional>

namespace llmux::cli {

// Runs the event loop until the condition holds or the time is up (commands are synchronous; the
// core is asynchronous).
inline bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    while (!done() && !deadline.hasExpired())
        loop.processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

} // namespace llmux::cli
