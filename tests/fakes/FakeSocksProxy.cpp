#include "fakes/FakeSocksProxy.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>
#include <QtEndian>

#include <initializer_list>
#include <utility>

namespace llmux::test {

namespace {

// RFC 1928 and RFC 1929 codes.
constexpr char kVersion = 0x05;
constexpr char kAuthVersion = 0x01;
constexpr char kNoAuth = 0x00;
constexpr char kUserPassword = 0x02;
constexpr char kNoAcceptableMethod = char(0xFF);
constexpr char kConnect = 0x01;
constexpr char kIPv4 = 0x01;
constexpr char kDomainName = 0x03;
constexpr char kIPv6 = 0x04;
enum Reply : char {
    Succeeded = 0x00,
    GeneralFailure = 0x01,
    NetworkUnreachable = 0x03,
    HostUnreachable = 0x04,
    ConnectionRefused = 0x05,
    CommandNotSupported = 0x07,
    AddressTypeNotSupported = 0x08,
};

Reply replyFor(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return ConnectionRefused;
    case QAbstractSocket::HostNotFoundError:
        return HostUnreachable;
    case QAbstractSocket::NetworkError:
        return NetworkUnreachable;
    default:
        return GeneralFailure;
    }
}

QByteArray bytes(std::initializer_list<char> list)
{
    return QByteArray(list.begin(), qsizetype(list.size()));
}

quint16 portAt(const QByteArray &data, qsizetype at)
{
    return qFromBigEndian<quint16>(data.constData() + at);
}

} // namespace

// One client of the proxy: negotiates the method, checks credentials, reads the request, dials
// the target, replies and then relays bytes both ways until either side closes, closing the
// other after it has written what it still holds.
class FakeSocksProxy::Connection : public QObject
{
public:
    Connection(FakeSocksProxy *proxy, QTcpSocket *client);

private:
    enum class State { Greeting, Authenticating, Requesting, Dialing, Relaying, Done };

    void onClientReadyRead();
    // Each takes one complete message off the buffer; false while it is incomplete or when the
    // handshake stops there.
    bool readGreeting();
    bool readCredentials();
    bool readRequest();
    void onTargetConnected();
    void onTargetError();
    void reply(Reply code, const QHostAddress &bound = {}, quint16 port = 0);
    void close();
    void forward(QTcpSocket *from, QTcpSocket *to);
    void onClosed(QTcpSocket *closed, QTcpSocket *other);

    FakeSocksProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_target = nullptr;
    QByteArray m_buffer; // the handshake being read, then what the client sent while we dialled
    State m_state = State::Greeting;
};

FakeSocksProxy::Connection::Connection(FakeSocksProxy *proxy, QTcpSocket *client)
    : QObject(proxy)
    , m_proxy(proxy)
    , m_client(client)
{
    client->setParent(this);
    client->setSocketOption(QAbstractSocket::LowDelayOption, 1); // streams pass piece by piece
    connect(client, &QTcpSocket::readyRead, this, &Connection::onClientReadyRead);
    connect(client, &QTcpSocket::disconnected, this, [this] { onClosed(m_client, m_target); });
}

void FakeSocksProxy::Connection::onClientReadyRead()
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
    bool more = true;
    while (more) {
        switch (m_state) {
        case State::Greeting:
            more = readGreeting();
            break;
        case State::Authenticating:
            more = readCredentials();
            break;
        case State::Requesting:
            more = readRequest();
            break;
        default:
            more = false; // early tunnel bytes, kept for the target
        }
    }
}

bool FakeSocksProxy::Connection::readGreeting()
{
    if (m_buffer.size() < 2)
        return false;
    if (m_buffer[0] != kVersion) {
        close(); // SOCKS4 or not SOCKS at all: no reply we could give is understood
        return false;
    }
    const qsizetype count = quint8(m_buffer[1]);
    if (m_buffer.size() < 2 + count)
        return false;
    const QByteArray methods = m_buffer.mid(2, count);
    m_buffer.remove(0, 2 + count);

    const bool needCredentials = !m_proxy->m_user.isNull();
    const char wanted = needCredentials ? kUserPassword : kNoAuth;
    if (!methods.contains(wanted)) {
        if (needCredentials)
            ++m_proxy->m_authFailures;
        m_client->write(bytes({kVersion, kNoAcceptableMethod}));
        close();
        return false;
    }
    m_client->write(bytes({kVersion, wanted}));
    m_state = needCredentials ? State::Authenticating : State::Requesting;
    return true;
}

bool FakeSocksProxy::Connection::readCredentials()
{
    if (m_buffer.size() < 2)
        return false;
    if (m_buffer[0] != kAuthVersion) {
        close();
        return false;
    }
    const qsizetype userLength = quint8(m_buffer[1]);
    if (m_buffer.size() < 2 + userLength + 1)
        return false;
    const qsizetype passwordLength = quint8(m_buffer[2 + userLength]);
    if (m_buffer.size() < 3 + userLength + passwordLength)
        return false;
    const QByteArray user = m_buffer.mid(2, userLength);
    const QByteArray password = m_buffer.mid(3 + userLength, passwordLength);
    m_buffer.remove(0, 3 + userLength + passwordLength);

    if (user != m_proxy->m_user || password != m_proxy->m_password) {
        ++m_proxy->m_authFailures;
        m_client->write(bytes({kAuthVersion, 0x01}));
        close();
        return false;
    }
    m_client->write(bytes({kAuthVersion, 0x00}));
    m_state = State::Requesting;
    return true;
}

bool FakeSocksProxy::Connection::readRequest()
{
    if (m_buffer.size() < 5) // the shortest request is longer: even a domain's length comes first
        return false;
    if (m_buffer[0] != kVersion) {
        close();
        return false;
    }
    const char command = m_buffer[1];
    const char addressType = m_buffer[3];
    qsizetype addressLength = 0;
    switch (addressType) {
    case kIPv4:
        addressLength = 4;
        break;
    case kIPv6:
        addressLength = 16;
        break;
    case kDomainName:
        addressLength = 1 + quint8(m_buffer[4]);
        break;
    default:
        reply(AddressTypeNotSupported);
        close();
        return false;
    }
    const qsizetype length = 4 + addressLength + 2;
    if (m_buffer.size() < length)
        return false;
    QString host;
    if (addressType == kIPv4)
        host = QHostAddress(qFromBigEndian<quint32>(m_buffer.constData() + 4)).toString();
    else if (addressType == kIPv6)
        host = QHostAddress(reinterpret_cast<const quint8 *>(m_buffer.constData() + 4)).toString();
    else
        host = QString::fromLatin1(m_buffer.mid(5, addressLength - 1));
    const quint16 port = portAt(m_buffer, 4 + addressLength);
    m_buffer.remove(0, length);

    if (command != kConnect) {
        reply(CommandNotSupported);
        close();
        return false;
    }
    const QString authorityHost = addressType == kIPv6 ? QStringLiteral("[%1]").arg(host) : host;
    m_proxy->m_lastTarget = authorityHost % u':' % QString::number(port);
    m_state = State::Dialing;
    m_target = new QTcpSocket(this);
    m_target->setProxy(QNetworkProxy::NoProxy); // never through an application proxy: ourselves
    connect(m_target, &QTcpSocket::connected, this, &Connection::onTargetConnected);
    connect(m_target, &QTcpSocket::errorOccurred, this, &Connection::onTargetError);
    connect(m_target, &QTcpSocket::readyRead, this, [this] { forward(m_target, m_client); });
    connect(m_target, &QTcpSocket::disconnected, this, [this] { onClosed(m_target, m_client); });
    m_target->connectToHost(host, port);
    return false;
}

void FakeSocksProxy::Connection::onTargetConnected()
{
    m_state = State::Relaying;
    m_target->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_proxy->m_tunnels;
    reply(Succeeded, m_target->localAddress(), m_target->localPort());
    if (!m_buffer.isEmpty())
        m_target->write(std::exchange(m_buffer, {}));
}

void FakeSocksProxy::Connection::onTargetError()
{
    if (m_state != State::Dialing)
        return; // a relay ends through disconnected()
    reply(replyFor(m_target->error()));
    close();
}

// A reply to the request, carrying the address the proxy dialled from (zeros on failure).
void FakeSocksProxy::Connection::reply(Reply code, const QHostAddress &bound, quint16 port)
{
    bool mappable = false;
    const quint32 v4 = bound.toIPv4Address(&mappable);
    const bool isIPv4 = bound.isNull() || mappable;
    QByteArray message = bytes({kVersion, char(code), 0x00, isIPv4 ? kIPv4 : kIPv6});
    if (isIPv4) {
        char address[4];
        qToBigEndian(v4, address);
        message.append(address, 4);
    } else {
        const Q_IPV6ADDR v6 = bound.toIPv6Address();
        message.append(reinterpret_cast<const char *>(v6.c), 16);
    }
    char portBytes[2];
    qToBigEndian(port, portBytes);
    message.append(portBytes, 2);
    m_client->write(message);
}

void FakeSocksProxy::Connection::close()
{
    m_state = State::Done;
    m_buffer.clear();
    if (m_target)
        m_target->abort();
    m_client->disconnectFromHost(); // after writing the refusal
}

void FakeSocksProxy::Connection::forward(QTcpSocket *from, QTcpSocket *to)
{
    const QByteArray data = from->readAll();
    if (to && to->state() == QAbstractSocket::ConnectedState && !data.isEmpty())
        to->write(data);
}

void FakeSocksProxy::Connection::onClosed(QTcpSocket *closed, QTcpSocket *other)
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

FakeSocksProxy::FakeSocksProxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeSocksProxy::onNewConnection);
}

FakeSocksProxy::~FakeSocksProxy() = default;

bool FakeSocksProxy::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

QString FakeSocksProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("socks5"));
    url.setHost(m_server.serverAddress().toString());
    url.setPort(port());
    return url.toString();
}

void FakeSocksProxy::requireCredentials(const QByteArray &user, const QByteArray &password)
{
    m_user = user.isNull() ? QByteArray("") : user;
    m_password = password;
}

void FakeSocksProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        new Connection(this, socket);
}

} // namespace llmux::test
