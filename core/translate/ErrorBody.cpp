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

QByteArray ErrorBody::forClient(ApiFormat client, int status, QByteArrayView code,
                                const QString &message)
{
    return client == ApiFormat::AnthropicMessages ? anthropic(status, message)
                                                  : openAi(status, code, message);
}

QByteArray ErrorBody::streamEvent(ApiFormat client, int status, QByteArrayView code,
                                  const QString &message)
{
    if (client == ApiFormat::AnthropicMessages)
        return "event: error\ndata: " + anthropic(status, message) + "\n\n";
    if (client == ApiFormat::OpenAiResponses)
        return "event: response.failed\ndata: " +
               dump({{"type", "response.failed"},
                     {"sequence_number", 0},
                     {"response",
                      {{"object", "response"},
                       {"status", "failed"},
                       {"error",
                        {{"code", std::string(code.data(), code.size())},
                         {"message", message.toStdString()}}}}}}) +
               "\n\n";
    return "data: " + openAi(status, code, message) + "\n\n";
}

} // namespace llmux
