#include "http/ListeningSockets.h"

#include <QTcpServer>

#include <cstring>

#include <unistd.h>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <sys/socket.h>
#endif

namespace llmux {
namespace {

#ifdef Q_OS_LINUX
// A non-blocking listening socket with SO_REUSEPORT on address:port, or -1.
int reusePortSocket(const QHostAddress &address, quint16 port)
{
    const bool v6 =
        address.protocol() == QAbstractSocket::IPv6Protocol || address == QHostAddress::Any;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int on = 1, off = 0;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    bool ok = ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0;
    if (ok && v6) {
        // QHostAddress::Any means both stacks, as QTcpServer binds it.
        const int v6Only = address == QHostAddress::Any ? off : on;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof v6Only);
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(port);
        const Q_IPV6ADDR ip = address == QHostAddress::Any ? Q_IPV6ADDR{} : address.toIPv6Address();
        std::memcpy(&a.sin6_addr, &ip, sizeof ip);
        ok = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
    } else if (ok) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(address.toIPv4Address());
        ok = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
    }
    if (!ok || ::listen(fd, SOMAXCONN) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}
#endif

QString busyMessage(const QHostAddress &host, quint16 port, const QString &why)
{
    return QStringLiteral("Cannot listen on %1:%2: %3. Another program (or another LLMux) may "
                          "use the port; pick another with --port.")
        .arg(host.toString())
        .arg(port)
        .arg(why);
}

} // namespace

Result<ListeningSockets::Bound> ListeningSockets::open(const QHostAddress &host, quint16 port,
                                                       int count)
{
    Bound bound;
    {
        // Claims the port the ordinary way: fails if anyone holds it, and picks one for port 0.
        QTcpServer probe;
        if (!probe.listen(host, port))
            return Status::failure(busyMessage(host, port, probe.errorString()));
        bound.address = probe.serverAddress();
        bound.port = probe.serverPort();
    }
#ifdef Q_OS_LINUX
    for (int i = 0; i < count; ++i) {
        const int fd = reusePortSocket(host, bound.port);
        if (fd < 0)
            break;
        bound.descriptors.push_back(fd);
    }
    if (int(bound.descriptors.size()) == count) {
        bound.spreadByKernel = true;
        return bound;
    }
    for (qintptr fd : bound.descriptors)
        ::close(int(fd));
    bound.descriptors.clear();
#endif
    QTcpServer shared;
    if (!shared.listen(host, bound.port))
        return Status::failure(busyMessage(host, bound.port, shared.errorString()));
    for (int i = 0; i < count; ++i)
        bound.descriptors.push_back(::dup(int(shared.socketDescriptor())));
    return bound;
}

} // namespace llmux
