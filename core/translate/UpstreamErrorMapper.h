#pragma once

#include "core/translate/ApiFormat.h"

#include <QByteArray>
#include <QString>

namespace llmux {

// The one place that reads providers' errors (OpenAI, Anthropic or Gemini error JSON, an error
// event inside a stream, or an HTML page): what they say, what they mean (out of credit, which
// status a stream's error event stands for), and the same error in the client's format, keeping
// the status (except Anthropic's non-standard 529, which OpenAI clients get as 503) and the
// vendor's message and type. Errors already in the client's format pass through unchanged. What
// to do about an error is routing's business (routing/FailurePolicy).
class UpstreamErrorMapper
{
public:
    struct ClientError
    {
        int status = 0;
        QByteArray body;
        QString summary; // for the request log
    };

    // retryAfter: the provider's Retry-After, for OpenAI clients' "try again in" hint.
    static ClientError map(ApiFormat upstream, ApiFormat client, int status, const QByteArray &body,
                           const QString &provider, QByteArrayView retryAfter = {});

    struct VendorError
    {
        QString message;
        QByteArray type; // e.g. "rate_limit_exceeded", "overloaded_error", "RESOURCE_EXHAUSTED"
        bool parsed = false;
    };
    static VendorError read(const QByteArray &body);

    // The HTTP status an error event stands for when a provider sends one inside a stream that
    // began with 200 (Anthropic's "overloaded_error" is 529, a rate limit 429, ...; 502 when the
    // type says nothing).
    static int statusOfStreamError(const VendorError &error);
    // Whether a refusal says the account has no money or quota left (402, or the providers' own
    // words on a 400, 403 or 429, or an error event in a stream: status 0); a 5xx that mentions
    // billing is an outage, not this.
    static bool meansOutOfBalance(int status, const QByteArray &body);
    // Whether a refusal says the prompt does not fit the model's context window, in any
    // provider's words.
    static bool meansContextTooLong(const VendorError &error);
    // Whether an OpenAI-compatible provider refused a Chat request because the model is offered
    // only through the Responses API ("This model is only supported in v1/responses and not in
    // v1/chat/completions.").
    static bool meansResponsesOnly(int status, const QByteArray &body);
    // The error code OpenAI would use for it, which OpenAI's clients act on (Codex:
    // context_length_exceeded, insufficient_quota, rate_limit_exceeded), else the vendor's type.
    // status: 0 for an error event inside a stream.
    static QByteArray openAiCode(int status, const QByteArray &body);
    // The seconds a Google error's RetryInfo asks to wait ("35" for "35s"), or empty.
    static QByteArray retryDelayIn(const QByteArray &body);
};

} // namespace llmux
