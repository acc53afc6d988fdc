#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace llmux {

// Incremental decoder of an HTTP/1.1 chunked body (RFC 9112, 7.1): chunk-size lines with optional
// extensions, chunk data, and trailers up to the final empty line. Used both to find where a
// client's request body ends and to decode an upstream's response body.
class ChunkedDecoder
{
public:
    struct Progress
    {
        qsizetype consumed = 0;
        bool done = false;
        bool malformed = false;
        // The bytes of this input after the last chunk (trailer fields and the final empty line):
        // from where, and how many; -1 when none.
        qsizetype trailerFrom = -1;
        qsizetype trailerLength = 0;
    };

    // Appends decoded data to out when it is not null; stops right after the body's end.
    Progress feed(QByteArrayView data, QByteArray *out);
    qint64 decodedBytes() const { return m_decoded; }
    void reset() { *this = ChunkedDecoder(); }

private:
    enum class State { Size, Data, DataEnd, Trailers, Done };
    bool parseSizeLine(QByteArrayView line);

    State m_state = State::Size;
    QByteArray m_line;
    qint64 m_remaining = 0;
    qint64 m_decoded = 0;
    qint64 m_trailerBytes = 0;
};

} // namespace llmux
