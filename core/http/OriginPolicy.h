#pragma once

#include "core/http/InboundRequest.h"

#include <QHostAddress>

namespace llmux {

// Keeps web pages on other sites away from the local server. A browser adds an Origin header to
// cross-site requests, and DNS rebinding shows up as a foreign Host header; both are refused unless
// they name this machine. Tools that are not browsers (SDKs, curl, editors) send neither.
class OriginPolicy
{
public:
    explicit OriginPolicy(const QHostAddress &bindAddress = QHostAddress::LocalHost);

    struct Decision
    {
        bool allowed = true;
        QString reason;
        // CORS headers to add for an allowed browser origin.
        HeaderList corsHeaders;
    };

    Decision check(const InboundRequest &request) const;
    static bool isLoopbackHost(QStringView host);

private:
    QHostAddress m_bind;
    bool m_loopbackOnly;
};

} // namespace llmux
