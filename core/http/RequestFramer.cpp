#include "http/RequestFramer.h"

#include <QList>

namespace llmux {
namespace {

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

RequestFramer::RequestFramer(qsizetype maxHeaderBytes, qsizetype maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
{}

void RequestFramer::reset()
{
    m_state = State::Head;
    m_head.clear();
    m_headInfo = Head();
    m_remaining = 0;
    m_chunked.reset();
}

RequestFramer::Progress RequestFramer::feed(QByteArrayView data)
{
    qsizetype pos = 0;
    const qsizetype size = data.size();
    while (pos < size) {
        switch (m_state) {
        case State::Head: {
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            if (m_head.isEmpty()) {
                while (pos < size && (data[pos] == '\r' || data[pos] == '\n'))
                    ++pos;
                if (pos == size)
                    return {Verdict::NeedMore, pos};
            }
            const qsizetype before = m_head.size();
            const qsizetype take = qMin(size - pos, m_maxHeaderBytes + 4 - before);
            m_head.append(data.sliced(pos, take));
            qsizetype end = m_head.indexOf("\r\n\r\n", qMax<qsizetype>(0, before - 3));
            qsizetype endLen = 4;
            if (end < 0) {
                end = m_head.indexOf("\n\n", qMax<qsizetype>(0, before - 1));
                endLen = 2;
            }
            if (end < 0) {
                if (m_head.size() > m_maxHeaderBytes)
                    return {Verdict::HeaderTooLarge, pos + take};
                pos += take;
                continue;
            }
            if (end > m_maxHeaderBytes)
                return {Verdict::HeaderTooLarge, pos + take};
            pos += end + endLen - before;
            m_head.truncate(end);
            if (!parseHead())
                return {Verdict::Malformed, pos};
            if (m_headInfo.chunked) {
                m_state = State::ChunkedBody;
            } else if (m_headInfo.contentLength > 0) {
                if (m_headInfo.contentLength > m_maxBodyBytes)
                    return {Verdict::BodyTooLarge, pos};
                m_remaining = m_headInfo.contentLength;
                m_state = State::FixedBody;
            } else {
                m_state = State::Done;
            }
            break;
        }
        case State::FixedBody: {
            const qint64 take = qMin<qint64>(m_remaining, size - pos);
            m_remaining -= take;
            pos += take;
            if (m_remaining == 0)
                m_state = State::Done;
            break;
        }
        case State::ChunkedBody: {
            const ChunkedDecoder::Progress p = m_chunked.feed(data.sliced(pos), nullptr);
            pos += p.consumed;
            if (p.malformed)
                return {Verdict::Malformed, pos};
            if (m_chunked.decodedBytes() > m_maxBodyBytes)
                return {Verdict::BodyTooLarge, pos};
            if (p.done)
                m_state = State::Done;
            break;
        }
        case State::Done:
            break;
        }
        if (m_state == State::Done)
            return {Verdict::MessageComplete, pos};
    }
    if (m_state == State::Done)
        return {Verdict::MessageComplete, pos};
    return {Verdict::NeedMore, pos};
}

bool RequestFramer::parseHead()
{
    const QList<QByteArray> lines = m_head.split('\n');
    const QByteArray requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = requestLine.split(' ');
    static const QList<QByteArray> kMethods = {"GET",   "POST", "PUT",    "DELETE",
                                               "PATCH", "HEAD", "OPTIONS"};
    if (parts.size() != 3 || !kMethods.contains(parts[0]) || parts[1].isEmpty() ||
        !parts[2].startsWith("HTTP/1."))
        return false;
    m_headInfo.httpMinorVersion = parts[2].mid(7).toInt();
    bool keepAliveRequested = false;
    bool sawLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return false;
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (sawLength && length != m_headInfo.contentLength))
                return false;
            sawLength = true;
            m_headInfo.contentLength = length;
        } else if (name == "transfer-encoding") {
            // Only "chunked" as the final coding is meaningful for a request body.
            if (!value.toLower().endsWith("chunked"))
                return false;
            m_headInfo.chunked = true;
        } else if (name == "expect") {
            m_headInfo.expectsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (name == "connection") {
            const QByteArray v = value.toLower();
            if (v.contains("close"))
                m_headInfo.closeRequested = true;
            if (v.contains("keep-alive"))
                keepAliveRequested = true;
        }
    }
    if (m_headInfo.chunked && sawLength)
        return false; // a classic request-smuggling shape
    if (m_headInfo.httpMinorVersion == 0 && !keepAliveRequested)
        m_headInfo.closeRequested = true;
    return true;
}

} // namespace llmux
