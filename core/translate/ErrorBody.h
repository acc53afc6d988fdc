#pragma once

#include "core/translate/ApiFormat.h"

#include <QByteArray>
#include <QString>

namespace llmux {

// Error bodies in the format of the client's API, so SDKs raise their usual error types.
class ErrorBody
{
public:
    // {"error":{"message","type","param","code"}} as OpenAI sends it.
    static QByteArray openAi(int status, QByteArrayView code, const QString &message);
    static QByteArray openAiType(int status);
    // {"type":"error","error":{"type","message"}} as Anthropic sends it; the type follows the
    // status unless a more precise one is given (e.g. "overloaded_error").
    static QByteArray anthropic(int status, const QString &message, QByteArrayView type = {});
    static QByteArray anthropicType(int status);
    // {"error":{"code","message","status"}} as Google's APIs send it (google.rpc.Status).
    static QByteArray gemini(int status, const QString &message);
    static QByteArray geminiStatus(int status);

    // retryAfter: seconds, when known. OpenAI's clients read the code and, on a rate limit,
    // "Please try again in Ns." in the message (Codex waits that long before retrying).
    static QByteArray forClient(ApiFormat client, int status, QByteArrayView code,
                                const QString &message, QByteArrayView retryAfter = {});
    // The code OpenAI would give: a 429 is "rate_limit_exceeded" unless it is about quota.
    static QByteArray openAiCode(int status, QByteArrayView code);
    // message, with OpenAI's retry sentence on a 429 whose wait is known.
    static QString withRetryHint(int status, const QString &message, QByteArrayView retryAfter);
    // The same error as the last event of a stream that has already begun.
    static QByteArray streamEvent(ApiFormat client, int status, QByteArrayView code,
                                  const QString &message);
};

} // namespace llmux
