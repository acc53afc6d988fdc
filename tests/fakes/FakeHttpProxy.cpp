#include "tests/fakes/FakeHttpProxy.h"

#include "tests/fakes/FakeTunnel.h"

#include <QTcpSocket>
#include <QUrl>

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

// One client of the proxy: reads the CONNECT head, checks credentials, dials the target,
// answers 200 and then relays (FakeTunnel).
class FakeHttpProxy::Connection : public FakeTunnel
{
public:
    Connection(FakeHttpProxy *proxy, QTcpSocket *client)
        : FakeTunnel(proxy, client)
        , m_proxy(proxy)
    {}

private:
    void onHandshakeData() override;
    void onHead(const QByteArray &head);
    void onTargetConnected() override;
    void onTargetFailed() override;
    void refuse(const QByteArray &status, const QByteArray &extraHeaders = {},
                const QByteArray &body = {});

    FakeHttpProxy *m_proxy;
};

void FakeHttpProxy::Connection::onHandshakeData()
{
    QByteArray &data = buffer();
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0) {
        if (data.size() > kMaxHeadBytes)
            refuse("431 Request Header Fields Too Large");
        return;
    }
    const QByteArray head = data.left(end);
    data.remove(0, end + 4); // what follows is early tunnel data, kept for the target
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
    dial(QString::fromLatin1(host), quint16(port));
}

void FakeHttpProxy::Connection::onTargetConnected()
{
    ++m_proxy->m_tunnels;
    client()->write("HTTP/1.1 200 Connection established\r\n\r\n");
    startRelay();
}

void FakeHttpProxy::Connection::onTargetFailed()
{
    refuse("502 Bad Gateway", {},
           "cannot reach " % m_proxy->m_lastTarget.toLatin1() % ": " %
               target()->errorString().toUtf8() % '\n');
}

// Answers with an error and closes: "Connection: close" tells clients such as Qt to come back on
// a new connection after a 407 rather than resend on this one.
void FakeHttpProxy::Connection::refuse(const QByteArray &status, const QByteArray &extraHeaders,
                                       const QByteArray &body)
{
    client()->write("HTTP/1.1 " % status % "\r\n" % extraHeaders %
                    "Content-Type: text/plain\r\nContent-Length: " %
                    QByteArray::number(body.size()) %
                    "\r\nConnection: close\r\nProxy-Connection: close\r\n\r\n" % body);
    close();
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
