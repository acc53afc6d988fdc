#pragma once

#include "config/GatewayConfig.h"

namespace llmux {

// Turns the model name a client asked for into a provider and that provider's model name: first a
// configured public name (alias), then "provider/model" to address a provider directly.
class ModelResolver
{
public:
    struct Resolution
    {
        std::optional<ModelTarget> target;
        int status = 0; // 404 when nothing matches
        QByteArray code;
        QString message;
    };

    static Resolution resolve(const GatewayConfig &config, const QString &requested);
};

} // namespace llmux
