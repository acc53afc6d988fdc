#pragma once

#include "core/http/ChunkedDecoder.h"
#include "core/http/HeaderList.h"

#include <QByteArray>

#include <optional>

namespace llmux {

// Incremental parser of an upstream's HTTP/1.1 response: status line and headers, then the body
// decoded from Content-Length, chunked or close-delimited framing. Interim 1xx responses are
// skipped. Pure logic, no I/O.
class HttpResponseParser
{
public:
    struct Head
    {
        int status = 0;
        HeaderList headers; // names in lower case

        QByteArray header(QByteArrayView lowerCaseName) const
        {
            return headerValue(headers, lowerCaseName);
        }
    };

    struct Output
    {
        std::optional<Head> head;
        QByteArray body;
        bool complete = false;
        QString error;
    };

    Output feed(QByteArrayView data);
    // The peer closed the connection: completes a close-delimited body, otherwise an error.
    Output peerClosed();
    // Whether the connection can carry another request after a complete response.
    bool reusable() const { return m_reusable; }
    bool headReceived() const { return m_state != State::Head; }
    bool anyBytesReceived() const { return m_anyBytes; }

private:
    enum class State { Head, FixedBody, ChunkedBody, UntilClose, Done };
    bool parseHead(QByteArrayView block, Output &out);

    State m_state = State::Head;
    QByteArray m_headBuffer;
    qint64 m_remaining = 0;
    ChunkedDecoder m_chunked;
    bool m_reusable = true;
    bool m_anyBytes = false;
};

} // namespace llmux
