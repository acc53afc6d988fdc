#include "http/SseParser.h"

namespace llmux {
namespace {

// Position just past the blank line that ends the first event in buf, or -1.
qsizetype eventEnd(const QByteArray &buf, qsizetype from)
{
    for (qsizetype i = from; i < buf.size(); ++i) {
        const char c = buf[i];
        if (c != '\n' && c != '\r')
            continue;
        // c ends a line; the event ends if the next line is empty.
        qsizetype next = i + 1;
        if (c == '\r' && next < buf.size() && buf[next] == '\n')
            ++next;
        if (next >= buf.size())
            return -1;
        const char d = buf[next];
        if (d == '\n')
            return next + 1;
        if (d == '\r') {
            if (next + 1 < buf.size())
                return buf[next + 1] == '\n' ? next + 2 : next + 1;
            return -1;
        }
        i = next - 1;
    }
    return -1;
}

} // namespace

QList<SseParser::Event> SseParser::feed(QByteArrayView bytes)
{
    QList<Event> events;
    const qsizetype scanFrom = qMax<qsizetype>(0, m_buffer.size() - 3);
    m_buffer.append(bytes);
    qsizetype start = 0;
    qsizetype from = scanFrom;
    while (true) {
        const qsizetype end = eventEnd(m_buffer, qMax(from, start));
        if (end < 0)
            break;
        events.append(parseEvent(m_buffer.sliced(start, end - start)));
        start = end;
        from = end;
    }
    if (start > 0)
        m_buffer.remove(0, start);
    return events;
}

SseParser::Event SseParser::parseEvent(QByteArray raw)
{
    Event e;
    qsizetype pos = 0;
    bool firstData = true;
    while (pos < raw.size()) {
        qsizetype end = pos;
        while (end < raw.size() && raw[end] != '\n' && raw[end] != '\r')
            ++end;
        const QByteArrayView line = QByteArrayView(raw).sliced(pos, end - pos);
        if (end < raw.size() && raw[end] == '\r' && end + 1 < raw.size() && raw[end + 1] == '\n')
            ++end;
        pos = end + 1;
        if (line.isEmpty() || line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "data") {
            if (!firstData)
                e.data += '\n';
            e.data += value;
            firstData = false;
        } else if (field == "event") {
            e.event = value.toByteArray();
        }
    }
    e.raw = std::move(raw);
    return e;
}

} // namespace llmux
