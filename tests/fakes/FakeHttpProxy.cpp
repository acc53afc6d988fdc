#include "fakes/FakeHttpProxy.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>

#include <utility>

namespace llmux::test {

namespace {

// No client sends a CONNECT head this large; a peer that does is not speaking HTTP.
constexpr qsizetype kMaxHeadBytes = 64 * 1024;

// The credentials of a "Proxy-Authorization: Basic ..." header among the head's lines; null when
// there is none.
QByteArray basicCredentials(const QList<QByteArray> &headerLines)
{
    for (const QByteArray &line : headerLines) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.left(colon).trimmed().toLower() != "proxy-authorization")
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (value.left(6).toLower() != "basic ")
            return QByteArray(""); // another scheme: present, never right
        const auto decoded = QByteArray::fromBase64Encoding(
            value.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        return decoded ? *decoded : QByteArray("");
    }
    return {};
}

} // namespace

// One client of the proxy: reads the CONNECT head, checks credentials, dials the target, answers
// 200 and then relays bytes both ways until either side closes, closing the other after it has
// written what it still holds.
class FakeHttpProxy::Connection : public QObject
{
public:
    Connection(FakeHttpProxy *proxy, QTcpSocket *client);

private:
    enum class State { ReadingHead, Dialing, Relaying, Done };

    void onClientReadyRead();
    void onHead(const QByteArray &head);
    void onTargetConnected();
    void onTargetError();
    void refuse(const QByteArray &status, const QByteArray &extraHeaders = {},
                const QByteArray &body = {});
    void forward(QTcpSocket *from, QTcpSocket *to);
    void onClosed(QTcpSocket *closed, QTcpSocket *other);

    FakeHttpProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_target = nullptr;
    QByteArray m_buffer; // the head being read, then what the client sent while we dialled
    State m_state = State::ReadingHead;
};

FakeHttpProxy::Connection::Connection(FakeHttpProxy *proxy, QTcpSocket *client)
    : QObject(proxy)
    , m_proxy(proxy)
    , m_client(client)
{
    client->setParent(this);
    client->setSocketOption(QAbstractSocket::LowDelayOption, 1); // streams pass piece by piece
    connect(client, &QTcpSocket::readyRead, this, &Connection::onClientReadyRead);
    connect(client, &QTcpSocket::disconnected, this, [this] { onClosed(m_client, m_target); });
}

void FakeHttpProxy::Connection::onClientReadyRead()
{
    if (m_state == State::Relaying) {
        forward(m_client, m_target);
        return;
    }
    if (m_state == State::Done) {
        m_client->readAll();
        return;
    }
    m_buffer += m_client->readAll();
    if (m_state != State::ReadingHead)
        return; // early tunnel bytes, kept for the target
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_buffer.size() > kMaxHeadBytes)
            refuse("431 Request Header Fields Too Large");
        return;
    }
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    onHead(head);
}

void FakeHttpProxy::Connection::onHead(const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.takeFirst().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        refuse("400 Bad Request");
        return;
    }
    if (requestLine[0] != "CONNECT") {
        refuse("405 Method Not Allowed", "Allow: CONNECT\r\n",
               "this proxy only opens CONNECT tunnels\n");
        return;
    }
    const QByteArray authority = requestLine[1];
    m_proxy->m_lastTarget = QString::fromLatin1(authority);
    const qsizetype colon = authority.lastIndexOf(':');
    bool portOk = false;
    const uint port = colon > 0 ? authority.mid(colon + 1).toUInt(&portOk) : 0;
    QByteArray host = authority.left(colon);
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.mid(1, host.size() - 2);
    if (!portOk || port == 0 || port > 65535 || host.isEmpty()) {
        refuse("400 Bad Request", {}, "CONNECT needs host:port\n");
        return;
    }
    if (!m_proxy->m_credentials.isNull()) {
        const QByteArray credentials = basicCredentials(lines);
        if (credentials != m_proxy->m_credentials) {
            if (credentials.isNull())
                ++m_proxy->m_authChallenges;
            else
                ++m_proxy->m_authFailures;
            refuse("407 Proxy Authentication Required",
                   "Proxy-Authenticate: Basic realm=\"fake\"\r\n");
            return;
        }
    }

    m_state = State::Dialing;
    m_target = new QTcpSocket(this);
    m_target->setProxy(QNetworkProxy::NoProxy); // never through an application proxy: ourselves
    connect(m_target, &QTcpSocket::connected, this, &Connection::onTargetConnected);
    connect(m_target, &QTcpSocket::errorOccurred, this, &Connection::onTargetError);
    connect(m_target, &QTcpSocket::readyRead, this, [this] { forward(m_target, m_client); });
    connect(m_target, &QTcpSocket::disconnected, this, [this] { onClosed(m_target, m_client); });
    m_target->connectToHost(QString::fromLatin1(host), quint16(port));
}

void FakeHttpProxy::Connection::onTargetConnected()
{
    m_state = State::Relaying;
    m_target->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_proxy->m_tunnels;
    m_client->write("HTTP/1.1 200 Connection established\r\n\r\n");
    if (!m_buffer.isEmpty())
        m_target->write(std::exchange(m_buffer, {}));
}

void FakeHttpProxy::Connection::onTargetError()
{
    if (m_state != State::Dialing)
        return; // a relay ends through disconnected()
    refuse("502 Bad Gateway", {},
           "cannot reach " % m_proxy->m_lastTarget.toLatin1() % ": " %
               m_target->errorString().toUtf8() % '\n');
}

// Answers with an error and closes: "Connection: close" tells clients such as Qt to come back on
// a new connection after a 407 rather than resend on this one.
void FakeHttpProxy::Connection::refuse(const QByteArray &status, const QByteArray &extraHeaders,
                                       const QByteArray &body)
{
    m_state = State::Done;
    m_buffer.clear();
    m_client->write("HTTP/1.1 " % status % "\r\n" % extraHeaders %
                    "Content-Type: text/plain\r\nContent-Length: " %
                    QByteArray::number(body.size()) %
                    "\r\nConnection: close\r\nProxy-Connection: close\r\n\r\n" % body);
    if (m_target)
        m_target->abort();
    m_client->disconnectFromHost();
}

void FakeHttpProxy::Connection::forward(QTcpSocket *from, QTcpSocket *to)
{
    const QByteArray data = from->readAll();
    if (to && to->state() == QAbstractSocket::ConnectedState && !data.isEmpty())
        to->write(data);
}

void FakeHttpProxy::Connection::onClosed(QTcpSocket *closed, QTcpSocket *other)
{
    if (m_state == State::Relaying)
        forward(closed, other); // the last bytes may come with the close
    m_state = State::Done;
    if (other && other->state() == QAbstractSocket::ConnectedState)
        other->disconnectFromHost(); // after writing what it holds
    else if (other)
        other->abort(); // still dialling
    if (m_client->state() == QAbstractSocket::UnconnectedState &&
        (!m_target || m_target->state() == QAbstractSocket::UnconnectedState))
        deleteLater();
}

FakeHttpProxy::FakeHttpProxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpProxy::onNewConnection);
}

FakeHttpProxy::~FakeHttpProxy() = default;

bool FakeHttpProxy::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

QString FakeHttpProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_server.serverAddress().toString());
    url.setPort(port());
    return url.toString();
}

void FakeHttpProxy::requireCredentials(const QByteArray &user, const QByteArray &password)
{
    m_credentials = user % ':' % password;
}

void FakeHttpProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        new Connection(this, socket);
}

} // namespace llmux::test
