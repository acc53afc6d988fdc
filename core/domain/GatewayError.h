#pragma once

#include <QByteArray>
#include <QString>

namespace llmux {

// Why the gateway refuses a request itself, as opposed to a provider's own error: the HTTP
// status, a stable machine-readable code ("model_not_found") and a message for a person. The one
// type every check on the request path returns; translate/ErrorBody writes it in the client's
// format.
struct GatewayError
{
    int status = 400;
    QByteArray code;
    QString message;
    // Whole seconds after which trying again can help (a Retry-After header); empty: no advice.
    QByteArray retryAfter;
};

} // namespace llmux
