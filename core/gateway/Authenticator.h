#pragma once

#include "core/config/GatewayConfig.h"
#include "core/domain/GatewayError.h"
#include "core/http/InboundRequest.h"

namespace llmux {

// Checks the gateway key a client presents (Authorization: Bearer or x-api-key) against the
// stored hashes, comparing every candidate in constant time.
class Authenticator
{
public:
    struct Outcome
    {
        const AcceptedKey *key = nullptr;
        GatewayError error; // without a key: why (401)
    };

    static Outcome authenticate(const GatewayConfig &config, const InboundRequest &request,
                                const QDateTime &now);
    static QByteArray presentedKey(const InboundRequest &request);
};

} // namespace llmux
