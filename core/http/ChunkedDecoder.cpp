#include "core/http/ChunkedDecoder.h"

namespace llmux {
namespace {
constexpr qsizetype kMaxLine = 4096;
// Trailer fields are bounded like a head, however many lines they come in.
constexpr qint64 kMaxTrailerBytes = 64 * 1024;
} // namespace

ChunkedDecoder::Progress ChunkedDecoder::feed(QByteArrayView data, QByteArray *out)
{
    qsizetype pos = 0;
    qsizetype trailerFrom = -1;
    const qsizetype size = data.size();
    const auto progress = [&](bool done, bool malformed) {
        Progress p{pos, done, malformed};
        if (trailerFrom >= 0) {
            p.trailerFrom = trailerFrom;
            p.trailerLength = pos - trailerFrom;
        }
        return p;
    };
    while (pos < size && m_state != State::Done) {
        switch (m_state) {
        case State::Size:
        case State::Trailers: {
            if (m_state == State::Trailers && trailerFrom < 0)
                trailerFrom = pos;
            const qsizetype nl = data.sliced(pos).indexOf('\n');
            const qsizetype take = nl < 0 ? size - pos : nl + 1;
            m_line.append(data.sliced(pos, take));
            pos += take;
            if (m_state == State::Trailers && (m_trailerBytes += take) > kMaxTrailerBytes)
                return progress(false, true);
            if (m_line.size() > kMaxLine)
                return progress(false, true);
            if (nl < 0)
                break;
            const QByteArray line = m_line.trimmed();
            m_line.clear();
            if (m_state == State::Trailers) {
                if (line.isEmpty())
                    m_state = State::Done;
                break;
            }
            if (!parseSizeLine(line))
                return progress(false, true);
            m_state = m_remaining == 0 ? State::Trailers : State::Data;
            break;
        }
        case State::Data: {
            const qint64 take = qMin<qint64>(m_remaining, size - pos);
            if (out)
                out->append(data.sliced(pos, take));
            m_remaining -= take;
            pos += take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::DataEnd: {
            // The CRLF after chunk data; a bare LF is tolerated.
            const char c = data[pos++];
            if (c == '\n')
                m_state = State::Size;
            else if (c != '\r')
                return progress(false, true);
            break;
        }
        case State::Done:
            break;
        }
    }
    return progress(m_state == State::Done, false);
}

bool ChunkedDecoder::parseSizeLine(QByteArrayView line)
{
    const qsizetype semicolon = line.indexOf(';');
    const QByteArrayView digits = (semicolon < 0 ? line : line.first(semicolon)).trimmed();
    if (digits.isEmpty() || digits.size() > 15)
        return false;
    bool ok = false;
    const qint64 chunk = digits.toLongLong(&ok, 16);
    if (!ok || chunk < 0)
        return false;
    m_remaining = chunk;
    m_decoded += chunk;
    return true;
}

} // namespace llmux
