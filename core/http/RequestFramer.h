#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include "http/ChunkedDecoder.h"

namespace llmux {

// Follows the bytes of one HTTP/1.1 connection just far enough to know where each request ends,
// whether it stays within the size limits and whether the client waits for "100 Continue". It
// never keeps a body: the real parsing is QHttpServer's. Pure logic, no I/O.
class RequestFramer
{
public:
    enum class Verdict { NeedMore, MessageComplete, HeaderTooLarge, BodyTooLarge, Malformed };

    struct Progress
    {
        Verdict verdict = Verdict::NeedMore;
        // Bytes of the input that belong to the current message (all of them unless the message
        // ended inside the input).
        qsizetype consumed = 0;
    };

    // What the framer learnt from the head of the current message.
    struct Head
    {
        int httpMinorVersion = 1;
        bool closeRequested = false;
        bool expectsContinue = false;
        qint64 contentLength = 0;
        bool chunked = false;
    };

    RequestFramer(qsizetype maxHeaderBytes, qsizetype maxBodyBytes);

    Progress feed(QByteArrayView data);
    // True once the current message's head is complete; head() is then valid.
    bool headComplete() const { return m_state != State::Head; }
    // True if some bytes of a message not yet complete have been seen.
    bool inMessage() const { return m_state != State::Head || !m_head.isEmpty(); }
    const Head &head() const { return m_headInfo; }
    // Starts over for the next message; called after MessageComplete.
    void reset();

private:
    enum class State { Head, FixedBody, ChunkedBody, Done };

    bool parseHead();

    qsizetype m_maxHeaderBytes;
    qsizetype m_maxBodyBytes;
    State m_state = State::Head;
    QByteArray m_head;
    Head m_headInfo;
    qint64 m_remaining = 0;
    ChunkedDecoder m_chunked;
};

} // namespace llmux
