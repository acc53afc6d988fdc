#pragma once

#include <QByteArray>
#include <QList>

namespace llmux {

// Splits a Server-Sent Events byte stream into complete events as bytes arrive, keeping each
// event's raw bytes so it can be forwarded unchanged. Accepts LF, CRLF and CR line endings.
class SseParser
{
public:
    struct Event
    {
        QByteArray raw;   // the event including its terminating blank line
        QByteArray data;  // data lines joined with '\n'
        QByteArray event; // the "event:" field, if any
    };

    QList<Event> feed(QByteArrayView bytes);
    // Bytes of an event that has not ended yet (e.g. when the stream closes).
    QByteArray takeRemainder() { return std::exchange(m_buffer, QByteArray()); }

    static Event parseEvent(QByteArray raw);

private:
    QByteArray m_buffer;
};

} // namespace llmux
