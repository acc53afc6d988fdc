#pragma once

#include <QtGlobal>

namespace llmux {

// Limits that protect the gateway from clients: Qt 6.4's QHttpServer itself has none.
struct HttpLimits
{
    qsizetype maxHeaderBytes = 64 * 1024;
    qsizetype maxBodyBytes = 32 * 1024 * 1024;
    int idleTimeoutMs = 60000;
    int maxConnections = 1024;
    // Connections one remote address may hold; loopback clients share one address and are held
    // in check by eviction instead (see SharedSocketListener).
    int maxConnectionsPerAddress = 256;
    // A request head must be complete this long after its first byte (slow-header attacks).
    int headTimeoutMs = 10000;
    // A body must arrive at least this fast, measured over windows of bodyRateWindowMs.
    int minBodyBytesPerSecond = 1024;
    int bodyRateWindowMs = 5000;
    // Request bodies held in memory by all connections together. Each body counts twice: the
    // socket buffer and the parser's copy both hold it until the request is complete.
    qint64 maxBodyBytesInFlight = 512LL * 1024 * 1024;
    // How long a refused request's body is read and discarded so the client sees the answer.
    int drainTimeoutMs = 10000;
};

} // namespace llmux
