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
};

} // namespace llmux
