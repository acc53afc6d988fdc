#pragma once

#include "common/Result.h"

#include <QHostAddress>

#include <vector>

namespace llmux {

// The gateway's listening sockets, one per worker thread. On Linux each is its own socket on the
// same port (SO_REUSEPORT), so the kernel spreads new connections evenly over the workers;
// elsewhere they are duplicates of one socket. The port is first claimed by an ordinary socket,
// so a port another program (or another LLMux) holds is reported as busy, never shared.
class ListeningSockets
{
public:
    struct Bound
    {
        std::vector<qintptr> descriptors; // the caller owns them
        QHostAddress address;
        quint16 port = 0;
        bool spreadByKernel = false;
    };
    static Result<Bound> open(const QHostAddress &host, quint16 port, int count);
};

} // namespace llmux
