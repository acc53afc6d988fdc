#pragma once

#include "core/translate/ApiFormat.h"

#include <QByteArray>
#include <QString>

namespace llmux {

// Turns a provider's error response (OpenAI, Anthropic or Gemini error JSON, or an HTML page) into
// the client's error format, keeping the status (except Anthropic's non-standard 529, which OpenAI
// clients get as 503) and the vendor's message and error type. Errors already in the client's
// format pass through unchanged.
class UpstreamErrorMapper
{
public:
    struct ClientError
    {
        int status = 0;
        QByteArray body;
        QString summary; // for the request log
    };

    static ClientError map(ApiFormat upstream, ApiFormat client, int status, const QByteArray &body,
                           const QString &provider);

    struct VendorError
    {
        QString message;
        QByteArray type; // e.g. "rate_limit_exceeded", "overloaded_error", "RESOURCE_EXHAUSTED"
        bool parsed = false;
    };
    static VendorError read(const QByteArray &body);
};

} // namespace llmux
