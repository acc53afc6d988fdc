#include "core/http/SseParser.h"

#include <cstring>

namespace llmux {
namespace {

// Where the line starting at pos ends (its CR or LF), or the end of text. memchr, because data
// lines can be megabytes long.
qsizetype lineEnd(QByteArrayView text, qsizetype pos)
{
    const char *start = text.data() + pos;
    const size_t length = size_t(text.size() - pos);
    const void *lf = std::memchr(start, '\n', length);
    const void *cr =
        std::memchr(start, '\r', lf ? size_t(static_cast<const char *>(lf) - start) : length);
    const char *hit = static_cast<const char *>(cr ? cr : lf);
    return hit ? hit - text.data() : text.size();
}

// Position just past the blank line that ends the first event in buf, or -1.
qsizetype eventEnd(QByteArrayView buf, qsizetype from)
{
    for (qsizetype i = lineEnd(buf, from); i < buf.size(); i = lineEnd(buf, i + 1)) {
        const char c = buf[i];
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
    const QByteArrayView text(raw);
    while (pos < text.size()) {
        const qsizetype end = lineEnd(text, pos);
        const QByteArrayView line = text.sliced(pos, end - pos);
        qsizetype next = end;
        if (end < text.size() && text[end] == '\r' && end + 1 < text.size() &&
            text[end + 1] == '\n')
            ++next;
        pos = next + 1;
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
