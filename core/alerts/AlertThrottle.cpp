#include "core/alerts/AlertThrottle.h"

#include <algorithm>

namespace llmux {
namespace {

constexpr qsizetype kMaxRemembered = 10000;

} // namespace

qint64 AlertThrottle::quietMs(Alert::Event event)
{
    return event == Alert::Event::KeyExpiring ? kExpiryQuietMs : kQuietMs;
}

AlertThrottle::Verdict AlertThrottle::admit(const Alert &alert, qint64 nowMs)
{
    if (alert.event == Alert::Event::Test)
        return {true, 0}; // asked for by hand: always sent
    const QString id = Alert::eventName(alert.event) + QLatin1Char('|') + alert.subject;
    auto it = m_last.find(id);
    if (it != m_last.end() && nowMs - it->sentMs < quietMs(alert.event)) {
        ++it->heldBack;
        return {false, it->heldBack};
    }
    const int heldBack = it == m_last.end() ? 0 : it->heldBack;
    if (it == m_last.end() && m_last.size() >= kMaxRemembered) {
        // Forget what is quiet already, or else the oldest: never everything, which would let
        // every repeat through at once. Subjects come from the configuration, so this is rare.
        for (auto old = m_last.begin(); old != m_last.end();)
            old = nowMs - old->sentMs >= kExpiryQuietMs ? m_last.erase(old) : std::next(old);
        if (m_last.size() >= kMaxRemembered)
            m_last.erase(
                std::min_element(m_last.begin(), m_last.end(),
                                 [](const Last &a, const Last &b) { return a.sentMs < b.sentMs; }));
    }
    m_last.insert(id, Last{nowMs, 0});
    return {true, heldBack};
}

} // namespace llmux
