#pragma once

#include "core/common/Result.h"

#include <QHostAddress>
#include <QTcpServer>

#include <functional>
#include <memory>
#include <vector>

namespace llmux {

// How connections reach the gateway's worker threads.
enum class ListenerMode {
    // Linux: SO_REUSEPORT where it works, the single acceptor otherwise. LLMUX_LISTENER=single
    // in the environment picks the single acceptor, so the portable path is tested on Linux.
    Automatic,
    // Every worker has its own socket on the port (SO_REUSEPORT) and the kernel spreads new
    // connections over them: no hand-off hop. Linux only.
    KernelSpread,
    // One ordinary listening socket accepts on the gateway's thread and hands each connection
    // to the next worker: plain Qt, the same on every system.
    SingleAcceptor,
};

// Accepts connections on the gateway's own thread and passes each descriptor on; it never reads
// from a connection.
class HandoffAcceptor : public QTcpServer
{
    Q_OBJECT
public:
    using Handoff = std::function<void(qintptr descriptor)>;
    explicit HandoffAcceptor(QObject *parent = nullptr);
    void setHandoff(Handoff handoff) { m_handoff = std::move(handoff); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Handoff m_handoff;
};

// The gateway's listening sockets for a number of workers, bound before any worker starts so a
// port that is busy is reported while whatever listened before still runs. The port is always
// claimed by an ordinary socket first, so a port another program (or another LLMux) holds is
// reported as busy, never shared.
class ListeningSockets
{
public:
    struct Bound
    {
        Bound() = default;
        Bound(Bound &&other) noexcept;
        Bound &operator=(Bound &&other) noexcept;
        ~Bound(); // closes descriptors nobody took

        // KernelSpread: one descriptor per worker; the workers take them (and clear this).
        std::vector<qintptr> descriptors;
        // SingleAcceptor: the listening server, on the calling thread.
        std::unique_ptr<HandoffAcceptor> acceptor;
        QHostAddress address;
        quint16 port = 0;
    };
    static Result<Bound> open(const QHostAddress &host, quint16 port, int count,
                              ListenerMode mode = ListenerMode::Automatic);
    // Automatic resolved for this system and environment.
    static ListenerMode effectiveMode(ListenerMode requested);
};

} // namespace llmux
