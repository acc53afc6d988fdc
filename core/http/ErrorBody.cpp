#include "http/ErrorBody.h"

#include <nlohmann/json.hpp>

namespace llmux {

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
    nlohmann::json body = {{"error",
                            {{"message", message.toStdString()},
                             {"type", openAiType(status).toStdString()},
                             {"param", nullptr},
                             {"code", std::string(code.data(), code.size())}}}};
    return QByteArray::fromStdString(
        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace llmux
