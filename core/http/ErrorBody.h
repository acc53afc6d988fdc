#pragma once

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
};

} // namespace llmux
