#pragma once

#include <functional>
#include <utility>

namespace llmux {

// Joins asynchronous jobs that each answer once (keychain calls answer, or fail at their
// deadline): then() runs its step once every job started before it has answered, at once if none
// is outstanding. A chain of such steps is how a save waits for its keychain writes without
// blocking. One thread; the owner outlives its jobs' answers (or they are dropped with it).
class JobBarrier
{
public:
    // Counts a job as started; call its answer's done() exactly once.
    void started() { ++m_outstanding; }
    void done()
    {
        if (--m_outstanding > 0 || !m_next)
            return;
        std::function<void()> next = std::exchange(m_next, nullptr);
        next();
    }
    // Wraps a job's answer so that it counts: the callback runs first, then the join.
    template <typename Answer>
    std::function<void(const Answer &)> track(std::function<void(const Answer &)> callback)
    {
        started();
        return [this, callback = std::move(callback)](const Answer &answer) {
            if (callback)
                callback(answer);
            done();
        };
    }
    void then(std::function<void()> next)
    {
        if (m_outstanding == 0)
            return next();
        m_next = std::move(next);
    }
    int outstanding() const { return m_outstanding; }

private:
    int m_outstanding = 0;
    std::function<void()> m_next;
};

} // namespace llmux
