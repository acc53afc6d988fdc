#include "fakes/FakeOpenAiUpstream.h"

#include "fakes/FakeScenario.h"

#include <QDateTime>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <nlohmann/json.hpp>

namespace llmux::test {

using Json = nlohmann::json;

// One client connection of the fake: reads requests one after another (keep-alive, pipelining)
// and plays the scenario of each.
class FakeConnection : public QObject
{
public:
    FakeConnection(FakeOpenAiUpstream *owner, QTcpSocket *socket)
        : QObject(socket)
        , m_owner(owner)
        , m_socket(socket)
    {
        ++m_owner->m_openConnections;
        connect(socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this, [this] {
            finishRequest();
            m_socket->deleteLater();
        });
    }
    ~FakeConnection() override
    {
        finishRequest();
        --m_owner->m_openConnections;
    }

private:
    struct Request
    {
        QByteArray method, path, body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        processNext();
    }

    // Takes one complete request off the buffer, if there is one.
    bool takeRequest(Request &r)
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

    void processNext()
    {
        while (!m_busy) {
            Request r;
            if (!takeRequest(r))
                return;
            m_busy = true;
            ++m_owner->m_requests;
            ++m_owner->m_inFlight;
            m_owner->m_maxInFlight = qMax(m_owner->m_maxInFlight, m_owner->m_inFlight);
            m_owner->m_lastBody = r.body;
            m_owner->m_lastPath = r.path;
            m_owner->m_lastHeaders = r.headers;
            serve(r);
        }
    }

    void finishRequest()
    {
        if (!m_busy)
            return;
        m_busy = false;
        --m_owner->m_inFlight;
    }

    void done()
    {
        finishRequest();
        QMetaObject::invokeMethod(this, &FakeConnection::processNext, Qt::QueuedConnection);
    }

    void writeHead(int status, const QByteArray &contentType, qint64 length, bool chunked,
                   const QByteArray &extra = {})
    {
        if (!open())
            return;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) +
                          " Fake\r\nContent-Type: " + contentType + "\r\n" + extra;
        head += chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                        : "Content-Length: " + QByteArray::number(length) + "\r\n";
        m_socket->write(head + "\r\n");
    }

    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const QByteArray &extra = {})
    {
        writeHead(status, contentType, body.size(), false, extra);
        if (open())
            m_socket->write(body);
        done();
    }

    bool open() const { return m_socket->state() == QAbstractSocket::ConnectedState; }

    void writeChunk(const QByteArray &data)
    {
        if (!open())
            return;
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    }

    static QByteArray errorBody(int status, const QString &message)
    {
        const char *type = status == 429   ? "rate_limit_error"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
        return QByteArray::fromStdString(Json{
            {"error",
             {{"message", message.toStdString()},
              {"type", type},
              {"param", nullptr},
              {"code", "fake_error"}}}}.dump());
    }

    Json chunk(const Json &delta, const Json &finish) const
    {
        Json c = {{"id", m_id},
                  {"object", "chat.completion.chunk"},
                  {"created", m_created},
                  {"model", m_model},
                  {"system_fingerprint", "fp_fake"},
                  {"choices", Json::array({{{"index", 0},
                                            {"delta", delta},
                                            {"logprobs", nullptr},
                                            {"finish_reason", finish}}})}};
        if (m_includeUsage)
            c["usage"] = nullptr;
        return c;
    }

    static Json usage()
    {
        return {{"prompt_tokens", FakeOpenAiUpstream::kPromptTokens},
                {"completion_tokens", FakeOpenAiUpstream::kCompletionTokens},
                {"total_tokens",
                 FakeOpenAiUpstream::kPromptTokens + FakeOpenAiUpstream::kCompletionTokens}};
    }

    void event(const Json &json)
    {
        writeChunk("data: " + QByteArray::fromStdString(json.dump()) + "\n\n");
    }

    void serve(const Request &r)
    {
        if (r.path == "/v1/models" && r.method == "GET") {
            const Json list = {{"object", "list"},
                               {"data", Json::array({{{"id", "gpt-fake"},
                                                      {"object", "model"},
                                                      {"created", 1700000000},
                                                      {"owned_by", "fake"}}})}};
            respond(200, "application/json", QByteArray::fromStdString(list.dump()));
            return;
        }
        if (r.path != "/v1/chat/completions" || r.method != "POST") {
            respond(
                404, "application/json",
                errorBody(404, QStringLiteral("Unknown path %1").arg(QString::fromLatin1(r.path))));
            return;
        }
        const Json request =
            Json::parse(r.body.constData(), r.body.constData() + r.body.size(), nullptr, false);
        if (!request.is_object()) {
            respond(400, "application/json",
                    errorBody(400,
                              QStringLiteral("We could not parse the JSON body of your request.")));
            return;
        }
        m_model = request.value("model", "");
        m_stream = request.value("stream", false);
        m_includeUsage = m_stream && request.contains("stream_options") &&
                         request["stream_options"].is_object() &&
                         request["stream_options"].value("include_usage", false);
        m_id = "chatcmpl-fake-" + std::to_string(m_owner->m_requests);
        m_created = QDateTime::currentSecsSinceEpoch();
        QString lastUser;
        if (request.contains("messages") && request["messages"].is_array()) {
            for (const Json &m : request["messages"])
                if (m.is_object() && m.value("role", "") == "user" && m.contains("content") &&
                    m["content"].is_string())
                    lastUser = QString::fromStdString(m["content"].get<std::string>());
        }
        m_reply =
            QStringLiteral("Hello from fake upstream: %1").arg(lastUser).split(QLatin1Char(' '));

        const FakeScenario s = FakeScenario::fromModel(QByteArray::fromStdString(m_model));
        switch (s.kind) {
        case FakeScenario::Kind::Error:
            respond(s.status, "application/json",
                    errorBody(s.status, QStringLiteral("Fake upstream error %1").arg(s.status)),
                    s.status == 429 ? "Retry-After: 1\r\n" : "");
            return;
        case FakeScenario::Kind::Html:
            respond(s.status, "text/html",
                    "<html><body><h1>Service Unavailable</h1></body></html>");
            return;
        case FakeScenario::Kind::Hang:
            return;
        case FakeScenario::Kind::Slow:
            later(s.delayMs, [this] { answer(); });
            return;
        case FakeScenario::Kind::Chunks:
            m_reply.clear();
            for (int i = 0; i < s.count; ++i)
                m_reply << QStringLiteral("tok%1").arg(i);
            m_chunkDelayMs = s.delayMs;
            answer();
            return;
        case FakeScenario::Kind::Flood:
            flood(s.count * 64);
            return;
        case FakeScenario::Kind::Cut:
        case FakeScenario::Kind::Stall:
            m_stopAfter = s.count;
            m_cut = s.kind == FakeScenario::Kind::Cut;
            answer();
            return;
        case FakeScenario::Kind::Success:
            answer();
            return;
        }
    }

    void later(int ms, std::function<void()> f) { QTimer::singleShot(ms, this, std::move(f)); }

    void answer()
    {
        if (!m_stream) {
            const QString text = m_reply.join(QLatin1Char(' '));
            const Json completion = {{"id", m_id},
                                     {"object", "chat.completion"},
                                     {"created", m_created},
                                     {"model", m_model},
                                     {"choices", Json::array({{{"index", 0},
                                                               {"message",
                                                                {{"role", "assistant"},
                                                                 {"content", text.toStdString()},
                                                                 {"refusal", nullptr}}},
                                                               {"logprobs", nullptr},
                                                               {"finish_reason", "stop"}}})},
                                     {"usage", usage()},
                                     {"system_fingerprint", "fp_fake"}};
            const QByteArray body = QByteArray::fromStdString(completion.dump());
            if (m_stopAfter >= 0 && m_cut) {
                writeHead(200, "application/json", body.size() + 100, false);
                m_socket->write(body.left(body.size() / 2));
                m_socket->flush();
                m_socket->abort();
                return;
            }
            if (m_chunkDelayMs > 0) {
                later(m_chunkDelayMs * int(m_reply.size()),
                      [this, body] { respond(200, "application/json", body); });
                return;
            }
            respond(200, "application/json", body);
            return;
        }
        writeHead(200, "text/event-stream", 0, true, "Cache-Control: no-cache\r\n");
        event(chunk({{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr));
        m_next = 0;
        streamNext();
    }

    // Many large chunks at once, built from a template: JSON-encoding megabytes per request would
    // make the fake, not the gateway, the slow part (notably under the sanitizers).
    void flood(int chunks)
    {
        writeHead(200, "text/event-stream", 0, true, "Cache-Control: no-cache\r\n");
        const QByteArray prefix =
            "data: {\"id\":\"" + QByteArray::fromStdString(m_id) +
            "\",\"object\":\"chat.completion.chunk\",\"created\":" + QByteArray::number(m_created) +
            ",\"model\":\"" + QByteArray::fromStdString(m_model) +
            "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok";
        const QByteArray filler = "-" + QByteArray(16 * 1024, 'x');
        const QByteArray suffix = "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
        for (int i = 0; i < chunks; ++i)
            writeChunk(prefix + QByteArray::number(i) + filler + suffix);
        m_reply.clear();
        m_next = 0;
        streamNext();
    }

    void streamNext()
    {
        // Without a delay the chunks go out in one loop (a recursion would overflow the stack on
        // long streams).
        do {
            if (m_stopAfter >= 0 && m_next >= m_stopAfter) {
                if (m_cut) {
                    m_socket->flush();
                    m_socket->abort();
                }
                return; // a stall: the connection stays open and silent
            }
            if (m_next >= m_reply.size())
                break;
            const QString piece = m_reply.at(m_next++) + QLatin1Char(' ');
            event(chunk({{"content", piece.toStdString()}}, nullptr));
            if (m_chunkDelayMs > 0) {
                later(m_chunkDelayMs, [this] { streamNext(); });
                return;
            }
        } while (true);
        event(chunk(Json::object(), "stop"));
        if (m_includeUsage) {
            Json last = {
                {"id", m_id},       {"object", "chat.completion.chunk"}, {"created", m_created},
                {"model", m_model}, {"system_fingerprint", "fp_fake"},   {"choices", Json::array()},
                {"usage", usage()}};
            event(last);
        }
        writeChunk("data: [DONE]\n\n");
        if (open())
            m_socket->write("0\r\n\r\n");
        m_chunkDelayMs = 0;
        m_stopAfter = -1;
        done();
    }

    FakeOpenAiUpstream *m_owner;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    bool m_busy = false;
    std::string m_model;
    std::string m_id;
    qint64 m_created = 0;
    bool m_stream = false;
    bool m_includeUsage = false;
    QStringList m_reply;
    qsizetype m_next = 0;
    int m_chunkDelayMs = 0;
    int m_stopAfter = -1;
    bool m_cut = false;
};

FakeOpenAiUpstream::FakeOpenAiUpstream(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeOpenAiUpstream::onNewConnection);
}

bool FakeOpenAiUpstream::listen(const QHostAddress &address, quint16 port)
{
    m_server.setMaxPendingConnections(1024);
    return m_server.listen(address, port);
}

QString FakeOpenAiUpstream::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

qint64 FakeOpenAiUpstream::unsentBytes() const
{
    qint64 total = 0;
    for (const QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
        total += socket->bytesToWrite();
    return total;
}

void FakeOpenAiUpstream::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new FakeConnection(this, socket);
    }
}

} // namespace llmux::test
