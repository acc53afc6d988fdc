#pragma once

#include "core/config/GatewayConfig.h"
#include "core/domain/GatewayError.h"

namespace llmux {

// Turns the model name a client asked for into a route: the targets (provider and that provider's
// model name) that can serve it. In order: a model alias, a route with that exact name,
// "provider/model" to address a provider directly, then wildcard routes, most specific first.
class ModelResolver
{
public:
    struct Resolution
    {
        std::optional<Route> route;
        GatewayError error; // without a route: why (404 when nothing matches)

        // The first target, the only one unless a route has several.
        const ModelTarget *target() const
        {
            return route && !route->targets.isEmpty() ? &route->targets.first() : nullptr;
        }
    };

    static Resolution resolve(const GatewayConfig &config, const QString &requested);

    // The names a client can send as they are: enabled model aliases, then enabled routes that
    // are not patterns, without duplicates (case-insensitively). What model pickers offer.
    static QStringList publicNames(const GatewayConfig &config);
};

} // namespace llmux
