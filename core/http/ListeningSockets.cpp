#include "core/http/ListeningSockets.h"

#include <cstring>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
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

void closeDescriptors(std::vector<qintptr> &descriptors)
{
    for (qintptr fd : descriptors)
        ::close(int(fd));
    descriptors.clear();
}
#else
void closeDescriptors(std::vector<qintptr> &descriptors)
{
    descriptors.clear(); // never filled: no kernel spreading here
}
#endif

// Says what failed; what to do about it depends on where the address came from (a command-line
// option, the Settings page), so the caller adds that.
QString busyMessage(const QHostAddress &host, quint16 port, const QString &why)
{
    return QStringLiteral("Cannot listen on %1:%2: %3. Another program (or another LLMux) may be "
                          "using that port.")
        .arg(host.toString())
        .arg(port)
        .arg(why);
}

} // namespace

HandoffAcceptor::HandoffAcceptor(QObject *parent)
    : QTcpServer(parent)
{}

void HandoffAcceptor::incomingConnection(qintptr descriptor)
{
    m_handoff(descriptor);
}

ListeningSockets::Bound::Bound(Bound &&other) noexcept = default;
ListeningSockets::Bound &ListeningSockets::Bound::operator=(Bound &&other) noexcept = default;

ListeningSockets::Bound::~Bound()
{
    closeDescriptors(descriptors);
}

ListenerMode ListeningSockets::effectiveMode(ListenerMode requested)
{
    if (requested != ListenerMode::Automatic)
        return requested;
#ifdef Q_OS_LINUX
    if (qgetenv("LLMUX_LISTENER") != "single")
        return ListenerMode::KernelSpread;
#endif
    return ListenerMode::SingleAcceptor;
}

Result<ListeningSockets::Bound> ListeningSockets::open(const QHostAddress &host, quint16 port,
                                                       int count, ListenerMode mode)
{
    Bound bound;
    auto acceptor = std::make_unique<HandoffAcceptor>();
    // Claims the port the ordinary way: fails if anyone holds it, and picks one for port 0.
    if (!acceptor->listen(host, port))
        return Status::failure(busyMessage(host, port, acceptor->errorString()));
    bound.address = acceptor->serverAddress();
    bound.port = acceptor->serverPort();
    if (effectiveMode(mode) == ListenerMode::SingleAcceptor) {
        bound.acceptor = std::move(acceptor);
        return bound;
    }
#ifdef Q_OS_LINUX
    acceptor.reset();
    for (int i = 0; i < count; ++i) {
        const int fd = reusePortSocket(host, bound.port);
        if (fd < 0)
            break;
        bound.descriptors.push_back(fd);
    }
    if (int(bound.descriptors.size()) == count)
        return bound;
    closeDescriptors(bound.descriptors);
    // No SO_REUSEPORT here (an old kernel, a sandbox): the portable path.
    acceptor = std::make_unique<HandoffAcceptor>();
    if (!acceptor->listen(host, bound.port))
        return Status::failure(busyMessage(host, bound.port, acceptor->errorString()));
    bound.acceptor = std::move(acceptor);
#else
    Q_UNUSED(count);
    bound.acceptor = std::move(acceptor); // kernel spreading is Linux's alone
#endif
    return bound;
}

} // namespace llmux
