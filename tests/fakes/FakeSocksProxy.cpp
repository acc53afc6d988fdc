#include "tests/fakes/FakeSocksProxy.h"

#include "tests/fakes/FakeTunnel.h"

#include <QTcpSocket>
#include <QUrl>
#include <QtEndian>

#include <initializer_list>

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
// the target, replies and then relays (FakeTunnel).
class FakeSocksProxy::Connection : public FakeTunnel
{
public:
    Connection(FakeSocksProxy *proxy, QTcpSocket *client)
        : FakeTunnel(proxy, client)
        , m_proxy(proxy)
    {}

private:
    enum class Phase { Greeting, Authenticating, Requesting, Done };

    void onHandshakeData() override;
    // Each takes one complete message off the buffer; false while it is incomplete or when the
    // handshake stops there.
    bool readGreeting();
    bool readCredentials();
    bool readRequest();
    void onTargetConnected() override;
    void onTargetFailed() override;
    void reply(Reply code, const QHostAddress &bound = {}, quint16 port = 0);
    void stop();

    FakeSocksProxy *m_proxy;
    Phase m_phase = Phase::Greeting;
};

void FakeSocksProxy::Connection::onHandshakeData()
{
    bool more = true;
    while (more) {
        switch (m_phase) {
        case Phase::Greeting:
            more = readGreeting();
            break;
        case Phase::Authenticating:
            more = readCredentials();
            break;
        case Phase::Requesting:
            more = readRequest();
            break;
        case Phase::Done:
            more = false;
        }
    }
}

void FakeSocksProxy::Connection::stop()
{
    m_phase = Phase::Done;
    close();
}

bool FakeSocksProxy::Connection::readGreeting()
{
    if (buffer().size() < 2)
        return false;
    if (buffer()[0] != kVersion) {
        stop(); // SOCKS4 or not SOCKS at all: no reply we could give is understood
        return false;
    }
    const qsizetype count = quint8(buffer()[1]);
    if (buffer().size() < 2 + count)
        return false;
    const QByteArray methods = buffer().mid(2, count);
    buffer().remove(0, 2 + count);

    const bool needCredentials = !m_proxy->m_user.isNull();
    const char wanted = needCredentials ? kUserPassword : kNoAuth;
    if (!methods.contains(wanted)) {
        if (needCredentials)
            ++m_proxy->m_authFailures;
        client()->write(bytes({kVersion, kNoAcceptableMethod}));
        stop();
        return false;
    }
    client()->write(bytes({kVersion, wanted}));
    m_phase = needCredentials ? Phase::Authenticating : Phase::Requesting;
    return true;
}

bool FakeSocksProxy::Connection::readCredentials()
{
    if (buffer().size() < 2)
        return false;
    if (buffer()[0] != kAuthVersion) {
        stop();
        return false;
    }
    const qsizetype userLength = quint8(buffer()[1]);
    if (buffer().size() < 2 + userLength + 1)
        return false;
    const qsizetype passwordLength = quint8(buffer()[2 + userLength]);
    if (buffer().size() < 3 + userLength + passwordLength)
        return false;
    const QByteArray user = buffer().mid(2, userLength);
    const QByteArray password = buffer().mid(3 + userLength, passwordLength);
    buffer().remove(0, 3 + userLength + passwordLength);

    if (user != m_proxy->m_user || password != m_proxy->m_password) {
        ++m_proxy->m_authFailures;
        client()->write(bytes({kAuthVersion, 0x01}));
        stop();
        return false;
    }
    client()->write(bytes({kAuthVersion, 0x00}));
    m_phase = Phase::Requesting;
    return true;
}

bool FakeSocksProxy::Connection::readRequest()
{
    if (buffer().size() < 5) // the shortest request is longer: even a domain's length comes first
        return false;
    if (buffer()[0] != kVersion) {
        stop();
        return false;
    }
    const char command = buffer()[1];
    const char addressType = buffer()[3];
    qsizetype addressLength = 0;
    switch (addressType) {
    case kIPv4:
        addressLength = 4;
        break;
    case kIPv6:
        addressLength = 16;
        break;
    case kDomainName:
        addressLength = 1 + quint8(buffer()[4]);
        break;
    default:
        reply(AddressTypeNotSupported);
        stop();
        return false;
    }
    const qsizetype length = 4 + addressLength + 2;
    if (buffer().size() < length)
        return false;
    QString host;
    if (addressType == kIPv4)
        host = QHostAddress(qFromBigEndian<quint32>(buffer().constData() + 4)).toString();
    else if (addressType == kIPv6)
        host = QHostAddress(reinterpret_cast<const quint8 *>(buffer().constData() + 4)).toString();
    else
        host = QString::fromLatin1(buffer().mid(5, addressLength - 1));
    const quint16 port = portAt(buffer(), 4 + addressLength);
    buffer().remove(0, length);

    if (command != kConnect) {
        reply(CommandNotSupported);
        stop();
        return false;
    }
    const QString authorityHost = addressType == kIPv6 ? QStringLiteral("[%1]").arg(host) : host;
    m_proxy->m_lastTarget = authorityHost % u':' % QString::number(port);
    m_phase = Phase::Done;
    dial(host, port);
    return false;
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
    client()->write(message);
}

void FakeSocksProxy::Connection::onTargetConnected()
{
    ++m_proxy->m_tunnels;
    reply(Succeeded, target()->localAddress(), target()->localPort());
    startRelay();
}

void FakeSocksProxy::Connection::onTargetFailed()
{
    reply(replyFor(target()->error()));
    close();
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
