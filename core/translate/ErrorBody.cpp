#include "core/translate/ErrorBody.h"

#include <nlohmann/json.hpp>

namespace llmux {
namespace {

QByteArray dump(const nlohmann::ordered_json &body)
{
    return QByteArray::fromStdString(
        body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

} // namespace

QByteArray ErrorBody::openAiType(int status)
{
    switch (status) {
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 429:
        return "rate_limit_error";
    case 502:
    case 504:
        return "upstream_error";
    default:
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}

QByteArray ErrorBody::openAi(int status, QByteArrayView code, const QString &message)
{
    return dump({{"error",
                  {{"message", message.toStdString()},
                   {"type", openAiType(status).toStdString()},
                   {"param", nullptr},
                   {"code", std::string(code.data(), code.size())}}}});
}

QByteArray ErrorBody::anthropicType(int status)
{
    switch (status) {
    case 400:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 402:
        return "billing_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 503:
    case 529:
        return "overloaded_error";
    case 504:
        return "timeout_error";
    default:
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

QByteArray ErrorBody::anthropic(int status, const QString &message, QByteArrayView type)
{
    const QByteArray t = type.isEmpty() ? anthropicType(status) : type.toByteArray();
    return dump({{"type", "error"},
                 {"error", {{"type", t.toStdString()}, {"message", message.toStdString()}}}});
}

QByteArray ErrorBody::geminiStatus(int status)
{
    switch (status) {
    case 400:
    case 413:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 402:
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 405:
        return "UNIMPLEMENTED";
    case 429:
        return "RESOURCE_EXHAUSTED";
    case 499:
        return "CANCELLED";
    case 503:
    case 529:
        return "UNAVAILABLE";
    case 504:
        return "DEADLINE_EXCEEDED";
    default:
        return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
}

QByteArray ErrorBody::gemini(int status, const QString &message)
{
    return dump({{"error",
                  {{"code", status},
                   {"message", message.toStdString()},
                   {"status", geminiStatus(status).toStdString()}}}});
}

QByteArray ErrorBody::openAiCode(int status, QByteArrayView code)
{
    if (status == 429 && !code.startsWith("insufficient_quota"))
        return "rate_limit_exceeded";
    return code.toByteArray();
}

QString ErrorBody::withRetryHint(int status, const QString &message, QByteArrayView retryAfter)
{
    bool ok = false;
    const double seconds = retryAfter.toByteArray().trimmed().toDouble(&ok);
    if (status != 429 || !ok || seconds < 0 ||
        message.contains(QLatin1String("try again in"), Qt::CaseInsensitive))
        return message;
    return message + QStringLiteral(" Please try again in %1s.").arg(seconds);
}

QByteArray ErrorBody::forClient(ApiFormat client, int status, QByteArrayView code,
                                const QString &message, QByteArrayView retryAfter)
{
    switch (client) {
    case ApiFormat::AnthropicMessages:
        return anthropic(status, message);
    case ApiFormat::GeminiGenerate:
        return gemini(status, message);
    case ApiFormat::OpenAiChat:
    case ApiFormat::OpenAiResponses:
        break;
    }
    return openAi(status, openAiCode(status, code), withRetryHint(status, message, retryAfter));
}

QByteArray ErrorBody::streamEvent(ApiFormat client, int status, QByteArrayView code,
                                  const QString &message)
{
    if (client == ApiFormat::AnthropicMessages)
        return "event: error\ndata: " + anthropic(status, message) + "\n\n";
    if (client == ApiFormat::GeminiGenerate)
        return "data: " + gemini(status, message) + "\n\n";
    if (client == ApiFormat::OpenAiResponses)
        return "event: response.failed\ndata: " +
               dump({{"type", "response.failed"},
                     {"sequence_number", 0},
                     {"response",
                      {{"object", "response"},
                       {"status", "failed"},
                       {"error",
                        {{"code", openAiCode(status, code).toStdString()},
                         {"message", message.toStdString()}}}}}}) +
               "\n\n";
    return "data: " + openAi(status, code, message) + "\n\n";
}

} // namespace llmux
