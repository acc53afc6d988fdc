#include "core/http/RequestFramer.h"

#include <QList>

#include <algorithm>
#include <cctype>

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
    m_cutFrom = -1;
    m_cutLength = 0;
    const Progress p = frame(data);
    return {p.verdict, p.consumed, m_cutFrom, m_cutLength};
}

RequestFramer::Progress RequestFramer::frame(QByteArrayView data)
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
            // The head ends at its first empty line, with or without its CR (as QHttpServer's
            // parser reads it): "\n\r\n" (which "\r\n\r\n" contains) or "\n\n".
            const qsizetype from = qMax<qsizetype>(0, before - 2);
            const qsizetype crlf = m_head.indexOf("\n\r\n", from);
            const qsizetype lf = m_head.indexOf("\n\n", from);
            qsizetype end = crlf;
            qsizetype endLen = 3;
            if (lf >= 0 && (crlf < 0 || lf < crlf)) {
                end = lf;
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
            if (const Verdict refused = parseHead(); refused != Verdict::NeedMore)
                return {refused, pos};
            if (m_headInfo.chunked) {
                m_state = State::ChunkedBody;
            } else if (m_headInfo.contentLength > 0) {
                // Followed even when refused, so the body can be discarded to its end.
                m_remaining = m_headInfo.contentLength;
                m_state = State::FixedBody;
                if (m_headInfo.contentLength > m_maxBodyBytes)
                    return {Verdict::BodyTooLarge, pos};
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
            if (p.trailerFrom >= 0) {
                m_cutFrom = pos + p.trailerFrom;
                m_cutLength = p.trailerLength;
            }
            pos += p.consumed;
            if (p.malformed)
                return {refuse(Verdict::Malformed,
                               QStringLiteral("The request's chunked body is malformed.")),
                        pos};
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

RequestFramer::Verdict RequestFramer::refuse(Verdict verdict, const QString &problem)
{
    m_headInfo.problem = problem;
    return verdict;
}

RequestFramer::Verdict RequestFramer::parseHead()
{
    const QByteArrayView head = m_head;
    const qsizetype firstLineEnd = head.indexOf('\n');
    const QByteArrayView requestLine =
        (firstLineEnd < 0 ? head : head.first(firstLineEnd)).trimmed();
    const QString notHttp = QStringLiteral("The request is not valid HTTP/1.1.");
    const qsizetype space1 = requestLine.indexOf(' ');
    const qsizetype space2 = space1 < 0 ? -1 : requestLine.indexOf(' ', space1 + 1);
    if (space1 <= 0 || space2 < 0 || requestLine.indexOf(' ', space2 + 1) >= 0)
        return refuse(Verdict::Malformed, notHttp);
    const QByteArrayView method = requestLine.first(space1);
    const QByteArrayView target = requestLine.sliced(space1 + 1, space2 - space1 - 1);
    const QByteArrayView version = requestLine.sliced(space2 + 1);
    static const QByteArrayView kMethods[] = {"GET",   "POST", "PUT",    "DELETE",
                                              "PATCH", "HEAD", "OPTIONS"};
    if (std::find(std::begin(kMethods), std::end(kMethods), method) == std::end(kMethods) ||
        target.isEmpty() || !version.startsWith("HTTP/"))
        return refuse(Verdict::Malformed, notHttp);
    for (char c : requestLine)
        if (uchar(c) < 0x20 || c == 0x7f)
            return refuse(Verdict::Malformed, notHttp);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const QByteArrayView v = version.sliced(5);
        const bool wellFormed =
            v.size() == 3 && std::isdigit(uchar(v[0])) && v[1] == '.' && std::isdigit(uchar(v[2]));
        return wellFormed ? refuse(Verdict::VersionNotSupported,
                                   QStringLiteral("LLMux speaks HTTP/1.1 (and 1.0) only."))
                          : refuse(Verdict::Malformed, notHttp);
    }
    // Origin-form only ("*" for OPTIONS): LLMux is not a proxy, and an absolute-form target would
    // carry a second host name besides the Host header.
    const bool asterisk = target == "*" && method == "OPTIONS";
    if (!target.startsWith('/') && !asterisk)
        return refuse(Verdict::Malformed,
                      QStringLiteral("The request target must be a path starting with '/'."));
    m_headInfo.method = method.toByteArray();
    m_headInfo.target = target.toByteArray();
    m_headInfo.httpMinorVersion = version.back() - '0';
    m_headInfo.raw = m_head;
    bool keepAliveRequested = false;
    bool sawLength = false;
    int fields = 0;
    int hosts = 0;
    int origins = 0;
    // Read in place: no header is copied unless LLMux acts on it.
    for (qsizetype from = firstLineEnd < 0 ? head.size() : firstLineEnd + 1; from < head.size();) {
        qsizetype to = head.indexOf('\n', from);
        if (to < 0)
            to = head.size();
        QByteArrayView line = head.sliced(from, to - from);
        from = to + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (++fields > kMaxHeaderFields)
            return refuse(Verdict::TooManyHeaders,
                          QStringLiteral("The request has more than %1 header fields.")
                              .arg(kMaxHeaderFields));
        const qsizetype colon = line.indexOf(':');
        // A name that is not a token also catches obsolete line folding (leading whitespace).
        if (colon <= 0 || !isToken(line.first(colon)))
            return refuse(Verdict::Malformed, QStringLiteral("A request header is malformed."));
        const QByteArrayView rawValue = line.sliced(colon + 1);
        for (char c : rawValue)
            if ((uchar(c) < 0x20 && c != '\t') || c == 0x7f)
                return refuse(Verdict::Malformed,
                              QStringLiteral("A request header contains a control character."));
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = rawValue.trimmed();
        const auto is = [&name](QByteArrayView lower) {
            return name.compare(lower, Qt::CaseInsensitive) == 0;
        };
        if (is("host")) {
            ++hosts;
        } else if (is("origin")) {
            ++origins;
        } else if (is("content-length")) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (sawLength && length != m_headInfo.contentLength))
                return refuse(Verdict::Malformed,
                              QStringLiteral("The request's Content-Length is not valid."));
            sawLength = true;
            m_headInfo.contentLength = length;
        } else if (is("transfer-encoding")) {
            // Only "chunked" as the final coding is meaningful for a request body.
            if (!value.toByteArray().toLower().endsWith("chunked"))
                return refuse(Verdict::Malformed,
                              QStringLiteral("Only chunked transfer coding is supported."));
            m_headInfo.chunked = true;
        } else if (is("expect")) {
            m_headInfo.expectsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (is("connection")) {
            const QByteArray v = value.toByteArray().toLower();
            if (v.contains("close"))
                m_headInfo.closeRequested = true;
            if (v.contains("keep-alive"))
                keepAliveRequested = true;
        }
    }
    if (hosts != 1)
        return refuse(Verdict::Malformed,
                      hosts == 0 ? QStringLiteral("The request has no Host header.")
                                 : QStringLiteral("The request has more than one Host header."));
    if (origins > 1)
        return refuse(Verdict::Malformed,
                      QStringLiteral("The request has more than one Origin header."));
    if (m_headInfo.chunked && sawLength) // a classic request-smuggling shape
        return refuse(Verdict::Malformed,
                      QStringLiteral("The request has both Content-Length and Transfer-Encoding."));
    if (m_headInfo.httpMinorVersion == 0 && !keepAliveRequested)
        m_headInfo.closeRequested = true;
    return Verdict::NeedMore;
}

HeaderList RequestFramer::Head::headers() const
{
    HeaderList out;
    const QByteArrayView head = raw;
    qsizetype from = head.indexOf('\n');
    if (from < 0)
        return out;
    for (++from; from < head.size();) {
        qsizetype to = head.indexOf('\n', from);
        if (to < 0)
            to = head.size();
        const QByteArrayView line = head.sliced(from, to - from);
        from = to + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            out.append({line.first(colon).toByteArray().toLower(),
                        line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return out;
}

} // namespace llmux
