#include "core/upstream/HttpResponseParser.h"

#include <QList>

namespace llmux {
namespace {
constexpr qsizetype kMaxHeadBytes = 256 * 1024;
}

HttpResponseParser::Output HttpResponseParser::feed(QByteArrayView data)
{
    Output out;
    if (!data.isEmpty())
        m_anyBytes = true;
    qsizetype pos = 0;
    while (pos < data.size() && out.error.isEmpty()) {
        switch (m_state) {
        case State::Head: {
            const qsizetype before = m_headBuffer.size();
            m_headBuffer.append(data.sliced(pos));
            const qsizetype end = m_headBuffer.indexOf("\r\n\r\n", qMax<qsizetype>(0, before - 3));
            if (end < 0) {
                if (m_headBuffer.size() > kMaxHeadBytes)
                    out.error = QStringLiteral("the response headers are larger than 256 KiB");
                pos = data.size();
                break;
            }
            pos += end + 4 - before;
            const QByteArray block = m_headBuffer.left(end);
            m_headBuffer.clear();
            if (!parseHead(block, out))
                break;
            break;
        }
        case State::FixedBody: {
            const qint64 take = qMin<qint64>(m_remaining, data.size() - pos);
            out.body.append(data.sliced(pos, take));
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::Done;
            break;
        }
        case State::ChunkedBody: {
            const ChunkedDecoder::Progress p = m_chunked.feed(data.sliced(pos), &out.body);
            pos += p.consumed;
            if (p.malformed)
                out.error = QStringLiteral("the chunked response body is malformed");
            else if (p.done)
                m_state = State::Done;
            break;
        }
        case State::UntilClose:
            out.body.append(data.sliced(pos));
            pos = data.size();
            break;
        case State::Done:
            // Bytes after the end of a response: the connection cannot be trusted again.
            m_reusable = false;
            pos = data.size();
            break;
        }
        if (m_state == State::Done)
            out.complete = true;
    }
    if (m_state == State::Done)
        out.complete = true;
    if (!out.error.isEmpty())
        m_reusable = false;
    return out;
}

bool HttpResponseParser::parseHead(QByteArrayView block, Output &out)
{
    const QList<QByteArrayView> lines = [&] {
        QList<QByteArrayView> l;
        qsizetype start = 0;
        while (start <= block.size()) {
            qsizetype nl = block.sliced(start).indexOf("\r\n");
            if (nl < 0) {
                l << block.sliced(start);
                break;
            }
            l << block.sliced(start, nl);
            start += nl + 2;
        }
        return l;
    }();
    const QByteArrayView statusLine = lines.first();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12) {
        out.error = QStringLiteral("the upstream did not answer with HTTP/1.x");
        return false;
    }
    bool ok = false;
    const int status = statusLine.sliced(9, 3).toInt(&ok);
    if (!ok || status < 100 || status > 999) {
        out.error = QStringLiteral("the upstream sent an invalid status line");
        return false;
    }
    const bool http10 = statusLine.startsWith("HTTP/1.0");
    Head head;
    head.status = status;
    qint64 contentLength = -1;
    bool chunked = false;
    bool close = http10;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        if (name == "content-length") {
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0) {
                out.error = QStringLiteral("the upstream sent an invalid Content-Length");
                return false;
            }
        } else if (name == "transfer-encoding") {
            chunked = value.toLower().endsWith("chunked");
        } else if (name == "connection") {
            const QByteArray v = value.toLower();
            if (v.contains("close"))
                close = true;
            else if (v.contains("keep-alive"))
                close = false;
        }
        head.headers.append({std::move(name), std::move(value)});
    }
    if (status >= 100 && status < 200 && status != 101)
        return true; // interim response: the real one follows
    if (close)
        m_reusable = false;
    if (status == 204 || status == 304) {
        m_state = State::Done;
    } else if (chunked) {
        m_state = State::ChunkedBody;
    } else if (contentLength >= 0) {
        m_remaining = contentLength;
        m_state = contentLength == 0 ? State::Done : State::FixedBody;
    } else {
        m_reusable = false;
        m_state = State::UntilClose;
    }
    out.head = std::move(head);
    return true;
}

HttpResponseParser::Output HttpResponseParser::peerClosed()
{
    Output out;
    m_reusable = false;
    if (m_state == State::UntilClose) {
        m_state = State::Done;
        out.complete = true;
    } else if (m_state != State::Done) {
        out.error = m_state == State::Head && !m_anyBytes
                        ? QStringLiteral("the upstream closed the connection without answering")
                        : QStringLiteral("the upstream closed the connection mid-response");
    }
    return out;
}

} // namespace llmux
