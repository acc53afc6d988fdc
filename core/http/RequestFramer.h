#pragma once

#include "core/http/ChunkedDecoder.h"
#include "core/http/HeaderList.h"

#include <QByteArray>
#include <QByteArrayView>

#include <limits>

namespace llmux {

// Follows the bytes of one HTTP/1.1 connection far enough to know where each request ends,
// whether it stays within the size limits and whether the client waits for "100 Continue". It is
// the strict gate in front of QHttpServer's parser: a head it passes is one that parser reads the
// same way (at most kMaxHeaderFields fields, exactly one Host, at most one Origin, origin-form
// targets, HTTP/1.0 or 1.1, no control characters), so the checks made on the head before the body
// arrives see what the request handler sees later. It never keeps a body. Pure logic, no I/O.
class RequestFramer
{
public:
    enum class Verdict {
        NeedMore,
        MessageComplete,
        HeaderTooLarge,
        TooManyHeaders,
        BodyTooLarge,
        VersionNotSupported,
        Malformed
    };

    // QHttpServer 6.4 drops every header of a request with more fields than this.
    static constexpr int kMaxHeaderFields = 100;

    struct Progress
    {
        Verdict verdict = Verdict::NeedMore;
        // Bytes of the input that belong to the current message (all of them unless the message
        // ended inside the input).
        qsizetype consumed = 0;
        // Bytes of the input QHttpServer's parser must not see: a chunked body's trailer section,
        // which it misreads. When the message ended inside them, an empty line ("\r\n") takes
        // their place, so that the parser sees the body end as if there were no trailers.
        qsizetype cutFrom = -1;
        qsizetype cutLength = 0;
    };

    // What the framer learnt from the head of the current message.
    struct Head
    {
        int httpMinorVersion = 1;
        bool closeRequested = false;
        bool expectsContinue = false;
        qint64 contentLength = 0;
        bool chunked = false;
        QByteArray method;
        QByteArray target; // as sent: path and query
        QByteArray raw;    // the header lines as sent (shares the framer's buffer)
        // Why the head was refused, in words for the client (never echoing what it sent).
        QString problem;

        // The header fields, names in lower case and values trimmed. Built on demand: only a
        // head screened before its body needs them, and most requests arrive whole.
        HeaderList headers() const;
        QByteArray header(QByteArrayView lowerCaseName) const
        {
            return headerValue(headers(), lowerCaseName);
        }
        bool expectsBody() const { return chunked || contentLength > 0; }
    };

    RequestFramer(qsizetype maxHeaderBytes, qsizetype maxBodyBytes);

    Progress feed(QByteArrayView data);
    // True once the current message's head is complete; head() is then valid.
    bool headComplete() const { return m_state != State::Head; }
    // True once the current message has been framed to its end.
    bool messageComplete() const { return m_state == State::Done; }
    // True if some bytes of a message not yet complete have been seen.
    bool inMessage() const { return m_state != State::Head || !m_head.isEmpty(); }
    const Head &head() const { return m_headInfo; }
    // Starts over for the next message; called after MessageComplete.
    void reset();
    // Lifts the body limit, to follow a refused request's body to its end while discarding it.
    void ignoreBodyLimit() { m_maxBodyBytes = std::numeric_limits<qsizetype>::max(); }

private:
    enum class State { Head, FixedBody, ChunkedBody, Done };

    Progress frame(QByteArrayView data);
    // NeedMore when the head is acceptable, otherwise why not (head().problem says it in words).
    Verdict parseHead();
    Verdict refuse(Verdict verdict, const QString &problem);

    qsizetype m_maxHeaderBytes;
    qsizetype m_maxBodyBytes;
    State m_state = State::Head;
    QByteArray m_head;
    Head m_headInfo;
    qint64 m_remaining = 0;
    ChunkedDecoder m_chunked;
    qsizetype m_cutFrom = -1; // of the input being fed
    qsizetype m_cutLength = 0;
};

} // namespace llmux
