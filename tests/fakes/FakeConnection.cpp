#include "tests/fakes/FakeConnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace llmux::test {

namespace {
// The word a flood's template piece carries, replaced by a large filler in every flood chunk.
constexpr char kFloodMark[] = "FLOODMARK";
} // namespace

FakeConnection::FakeConnection(FakeUpstream *owner, QTcpSocket *socket)
    : QObject(socket)
    , m_owner(owner)
    , m_wire(*owner->m_wire)
    , m_socket(socket)
{
    ++m_owner->m_openConnections;
    connect(socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        finishRequest();
        m_socket->deleteLater();
    });
}

FakeConnection::~FakeConnection()
{
    finishRequest();
    --m_owner->m_openConnections;
}

void FakeConnection::onReadyRead()
{
    m_buffer += m_socket->readAll();
    processNext();
}

// Takes one complete request off the buffer, if there is one.
bool FakeConnection::takeRequest(FakeRequest &r)
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    r.method = requestLine.value(0);
    r.path = requestLine.value(1);
    qint64 length = 0;
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        r.headers.append({name, value});
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "transfer-encoding" && value.contains("chunked"))
            chunked = true;
    }
    qsizetype pos = headEnd + 4;
    if (chunked) {
        QByteArray body;
        while (true) {
            const qsizetype nl = m_buffer.indexOf("\r\n", pos);
            if (nl < 0)
                return false;
            const qint64 size =
                m_buffer.mid(pos, nl - pos).split(';').first().toLongLong(nullptr, 16);
            if (size == 0) {
                const qsizetype end = m_buffer.indexOf("\r\n\r\n", nl - 2 < pos ? pos : nl - 2);
                if (end < 0)
                    return false;
                pos = end + 4;
                break;
            }
            if (m_buffer.size() < nl + 2 + size + 2)
                return false;
            body += m_buffer.mid(nl + 2, size);
            pos = nl + 2 + size + 2;
        }
        r.body = body;
    } else {
        if (m_buffer.size() < pos + length)
            return false;
        r.body = m_buffer.mid(pos, length);
        pos += length;
    }
    m_buffer.remove(0, pos);
    return true;
}

void FakeConnection::processNext()
{
    while (!m_busy) {
        FakeRequest r;
        if (!takeRequest(r))
            return;
        m_busy = true;
        r.serial = ++m_owner->m_requests;
        ++m_owner->m_inFlight;
        m_owner->m_maxInFlight = qMax(m_owner->m_maxInFlight, m_owner->m_inFlight);
        m_owner->m_lastBody = r.body;
        m_owner->m_lastPath = r.path;
        m_owner->m_lastHeaders = r.headers;
        m_owner->m_keysSeen.append(FakeUpstream::apiKeyOf(r.headers));
        serve(r);
    }
}

void FakeConnection::finishRequest()
{
    if (!m_busy)
        return;
    m_busy = false;
    --m_owner->m_inFlight;
}

void FakeConnection::done()
{
    finishRequest();
    QMetaObject::invokeMethod(this, &FakeConnection::processNext, Qt::QueuedConnection);
}

void FakeConnection::serve(const FakeRequest &r)
{
    m_call = m_wire.route(r);
    m_events.clear();
    m_next = 0;
    m_pieces = 0;
    m_chunkDelayMs = 0;
    m_stopAfter = -1;
    m_cut = false;
    m_floodChunks = 0;
    m_floodWritten = 0;
    m_floodAt = -1;
    if (m_call.reply && m_call.reply->status >= 400) {
        respond(*m_call.reply); // a request the vendor would refuse: no scenario
        return;
    }
    if (m_owner->rejects(r)) {
        // Some providers echo the credential they were sent; LLMux must not pass it on.
        respond(m_wire.error(401,
                             QStringLiteral("Incorrect API key provided: %1.")
                                 .arg(QString::fromUtf8(FakeUpstream::apiKeyOf(r.headers))),
                             r.serial));
        return;
    }
    FakeTurn &turn = m_call.turn;
    turn.words = fakewire::replyWords(turn.prompt);
    const FakeScenario s = FakeScenario::fromModel(m_call.model);
    switch (s.kind) {
    case FakeScenario::Kind::Error:
        respond(m_wire.error(s.status, QStringLiteral("Fake upstream error %1").arg(s.status),
                             r.serial));
        return;
    case FakeScenario::Kind::StreamError:
        if (turn.stream) {
            streamError(s.status);
            return;
        }
        respond(m_wire.error(s.status, QStringLiteral("Fake upstream error %1").arg(s.status),
                             r.serial));
        return;
    case FakeScenario::Kind::Flaky:
        if (r.serial % 2 == 1) {
            respond(m_wire.error(s.status, QStringLiteral("Fake upstream error %1").arg(s.status),
                                 r.serial));
            return;
        }
        break;
    case FakeScenario::Kind::FailFirst:
        if (m_owner->countForModel(m_call.model) < s.count) {
            respond(m_wire.error(s.status, QStringLiteral("Fake upstream error %1").arg(s.status),
                                 r.serial));
            return;
        }
        break;
    case FakeScenario::Kind::Html:
        respond(
            {s.status, "text/html", {}, "<html><body><h1>Service Unavailable</h1></body></html>"});
        return;
    case FakeScenario::Kind::Hang:
        return;
    case FakeScenario::Kind::Slow:
        later(s.delayMs, [this] { answer(); });
        return;
    case FakeScenario::Kind::Chunks:
        turn.words.clear();
        for (int i = 0; i < s.count; ++i)
            turn.words << QStringLiteral("tok%1").arg(i);
        m_chunkDelayMs = s.delayMs;
        break;
    case FakeScenario::Kind::Flood:
        m_floodChunks = s.count * 64;
        break;
    case FakeScenario::Kind::Cut:
    case FakeScenario::Kind::Stall:
        m_stopAfter = s.count;
        m_cut = s.kind == FakeScenario::Kind::Cut;
        break;
    case FakeScenario::Kind::Tool:
        turn.callTool = !turn.tool.isEmpty() && !turn.toolAnswered;
        break;
    case FakeScenario::Kind::Think:
        turn.think = true;
        break;
    case FakeScenario::Kind::ThinkTool:
        turn.callTool = !turn.tool.isEmpty() && !turn.toolAnswered;
        turn.think = true;
        break;
    case FakeScenario::Kind::Success:
        break;
    }
    answer();
}

void FakeConnection::streamError(int status)
{
    const bool anthropic = m_owner->dialect() == FakeUpstream::Dialect::Anthropic;
    const char *type = status == 529   ? "overloaded_error"
                       : status == 429 ? "rate_limit_error"
                                       : "api_error";
    Json error = {{"type", type}, {"message", "Fake in-stream error"}};
    QByteArray event;
    if (anthropic)
        event = "event: error\ndata: " + fakewire::dump({{"type", "error"}, {"error", error}});
    else
        event = "data: " + fakewire::dump({{"error", error}});
    event += "\n\n";
    writeHead(200, "text/event-stream", 0, true, {});
    writeChunk(event);
    if (open())
        m_socket->write("0\r\n\r\n");
    done();
}

void FakeConnection::answer()
{
    if (m_call.reply) {
        sendBody(*m_call.reply);
        return;
    }
    FakeTurn &turn = m_call.turn;
    if (m_floodChunks > 0) {
        // Many large chunks at once, built from a template piece: JSON-encoding megabytes per
        // request would make the fake, not the gateway, the slow part (notably under sanitizers).
        turn.stream = true;
        turn.words = {QString::fromLatin1(kFloodMark)};
        FakeStream stream = m_wire.stream(turn);
        for (qsizetype i = 0; i < stream.events.size() && m_floodAt < 0; ++i) {
            const QByteArray &bytes = stream.events.at(i).bytes;
            const qsizetype mark = bytes.indexOf(kFloodMark);
            if (stream.events.at(i).part != FakeEvent::Part::Text || mark < 0)
                continue;
            m_floodAt = i;
            m_floodPrefix = bytes.left(mark) + "tok";
            m_floodSuffix = bytes.mid(mark + qsizetype(sizeof kFloodMark) - 1);
        }
        startStream(std::move(stream));
        return;
    }
    if (!turn.stream) {
        sendBody(m_wire.reply(turn));
        return;
    }
    startStream(m_wire.stream(turn));
}

void FakeConnection::sendBody(const FakeReply &reply)
{
    if (m_stopAfter >= 0 && m_cut) {
        writeHead(reply.status, reply.contentType, reply.body.size() + 100, false, reply.headers);
        if (open())
            m_socket->write(reply.body.left(reply.body.size() / 2));
        drop();
        return;
    }
    if (m_chunkDelayMs > 0) {
        later(m_chunkDelayMs * int(m_call.turn.words.size()), [this, reply] { respond(reply); });
        return;
    }
    respond(reply);
}

void FakeConnection::startStream(FakeStream stream)
{
    writeHead(200, stream.contentType, 0, true, stream.headers);
    m_events = std::move(stream.events);
    m_next = 0;
    m_pieces = 0;
    streamNext();
}

void FakeConnection::streamNext()
{
    // Without a delay the events go out in one loop (a recursion would overflow the stack on long
    // streams).
    while (m_next < m_events.size()) {
        const FakeEvent &event = m_events.at(m_next);
        if (event.part != FakeEvent::Part::Lead && m_stopAfter >= 0 && m_pieces >= m_stopAfter) {
            if (m_cut)
                drop();
            return; // a stall: the connection stays open and silent
        }
        if (m_next == m_floodAt) {
            if (!writeFloodSlice()) {
                // Back to the event loop between slices so the bytes start moving at once and
                // the fake never blocks its thread for long (seconds in a sanitizer build).
                later(0, [this] { streamNext(); });
                return;
            }
            ++m_next;
            continue;
        }
        ++m_next;
        writeChunk(event.bytes);
        if (event.part == FakeEvent::Part::Text) {
            ++m_pieces;
            if (m_chunkDelayMs > 0) {
                later(m_chunkDelayMs, [this] { streamNext(); });
                return;
            }
        }
    }
    if (open())
        m_socket->write("0\r\n\r\n");
    done();
}

bool FakeConnection::writeFloodSlice()
{
    static const QByteArray filler = "-" + QByteArray(16 * 1024, 'x');
    constexpr int kChunksPerSlice = 64; // 1 MB
    for (int n = 0; n < kChunksPerSlice && m_floodWritten < m_floodChunks; ++n, ++m_floodWritten)
        writeChunk(m_floodPrefix + QByteArray::number(m_floodWritten) + filler + m_floodSuffix);
    m_socket->flush();
    return m_floodWritten >= m_floodChunks;
}

void FakeConnection::writeHead(int status, const QByteArray &contentType, qint64 length,
                               bool chunked, const QByteArray &extra)
{
    if (!open())
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) +
                      " Fake\r\nContent-Type: " + contentType + "\r\n" + extra;
    head += chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                    : "Content-Length: " + QByteArray::number(length) + "\r\n";
    m_socket->write(head + "\r\n");
}

void FakeConnection::respond(const FakeReply &reply)
{
    writeHead(reply.status, reply.contentType, reply.body.size(), false, reply.headers);
    if (open())
        m_socket->write(reply.body);
    done();
}

void FakeConnection::writeChunk(const QByteArray &data)
{
    if (!open())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

bool FakeConnection::open() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void FakeConnection::drop()
{
    m_socket->flush();
    m_socket->abort();
}

void FakeConnection::later(int ms, std::function<void()> f)
{
    QTimer::singleShot(ms, this, std::move(f));
}

} // namespace llmux::test
