#include "core/translate/UpstreamErrorMapper.h"

#include "core/translate/ErrorBody.h"
#include "core/translate/TranslationSupport.h"

namespace llmux {
namespace {

// Anthropic error types for Google's status names where the meaning is the same.
QByteArray anthropicTypeFor(const QByteArray &vendorType, int status)
{
    if (vendorType == "RESOURCE_EXHAUSTED" || vendorType == "rate_limit_exceeded")
        return "rate_limit_error";
    if (vendorType == "UNAVAILABLE" || vendorType == "overloaded_error")
        return "overloaded_error";
    if (vendorType == "UNAUTHENTICATED" || vendorType == "invalid_api_key")
        return "authentication_error";
    if (vendorType == "PERMISSION_DENIED")
        return "permission_error";
    if (vendorType == "NOT_FOUND" || vendorType == "model_not_found")
        return "not_found_error";
    static const QByteArrayList anthropicTypes = {
        "invalid_request_error", "authentication_error", "permission_error", "not_found_error",
        "request_too_large",     "rate_limit_error",     "api_error",        "overloaded_error",
        "billing_error",         "timeout_error"};
    if (anthropicTypes.contains(vendorType))
        return vendorType;
    return ErrorBody::anthropicType(status);
}

} // namespace

UpstreamErrorMapper::VendorError UpstreamErrorMapper::read(const QByteArray &body)
{
    VendorError out;
    Json parsed = Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    // Gemini's streaming endpoints wrap the error in an array.
    if (parsed.is_array() && parsed.size() == 1)
        parsed = parsed[0];
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
        const Json &error = parsed["error"];
        out.message = QString::fromStdString(json::str(error, "message"));
        std::string type = json::str(error, "status"); // Gemini
        if (type.empty())
            type = json::str(error, "code"); // OpenAI
        if (type.empty())
            type = json::str(error, "type"); // OpenAI, Anthropic
        out.type = QByteArray::fromStdString(type);
        out.parsed = true;
    } else if (parsed.is_object() && parsed.contains("message")) {
        out.message = QString::fromStdString(json::str(parsed, "message"));
        out.parsed = true;
    }
    if (out.message.isEmpty())
        out.message = QString::fromUtf8(body.trimmed().left(300)).simplified();
    return out;
}

int UpstreamErrorMapper::statusOfStreamError(const VendorError &error)
{
    const QByteArray type = error.type.toLower();
    if (type.contains("overloaded"))
        return 529;
    if (type.contains("rate_limit") || type == "resource_exhausted")
        return 429;
    if (type == "unavailable")
        return 503;
    if (type.contains("api_error") || type.contains("server_error") || type == "internal")
        return 500;
    return 502;
}

bool UpstreamErrorMapper::meansOutOfBalance(int status, const QByteArray &body)
{
    if (status == 402)
        return true;
    if (status != 0 && status != 400 && status != 403 && status != 429)
        return false;
    const VendorError error = read(body);
    const QString text =
        error.message.toLower() + QLatin1Char(' ') + QString::fromLatin1(error.type).toLower();
    return text.contains(QLatin1String("insufficient_quota")) ||
           text.contains(QLatin1String("insufficient balance")) ||
           text.contains(QLatin1String("credit balance")) ||
           text.contains(QLatin1String("billing"));
}

bool UpstreamErrorMapper::meansContextTooLong(const VendorError &error)
{
    const QString text =
        error.message.toLower() + QLatin1Char(' ') + QString::fromLatin1(error.type).toLower();
    for (const char *words :
         {"context_length_exceeded", "maximum context length", "context length", "context window",
          "prompt is too long", "exceed context limit", "exceeds the maximum number of tokens"})
        if (text.contains(QLatin1String(words)))
            return true;
    return false;
}

bool UpstreamErrorMapper::meansResponsesOnly(int status, const QByteArray &body)
{
    if (status != 400 && status != 404)
        return false;
    return read(body).message.toLower().contains(QLatin1String("only supported in v1/responses"));
}

QByteArray UpstreamErrorMapper::retryDelayIn(const QByteArray &body)
{
    const Json parsed =
        Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    const Json error = parsed.is_object() ? parsed.value("error", Json()) : Json();
    if (const auto details = error.is_object() ? error.find("details") : error.end();
        error.is_object() && details != error.end() && details->is_array())
        for (const Json &detail : *details) {
            const std::string delay = json::str(detail, "retryDelay"); // "35s", "0.5s"
            if (delay.size() > 1 && delay.back() == 's')
                return QByteArray::fromStdString(delay.substr(0, delay.size() - 1));
        }
    return {};
}

QByteArray UpstreamErrorMapper::openAiCode(int status, const QByteArray &body)
{
    const VendorError vendor = read(body);
    // Gemini words a per-minute limit like OpenAI's empty account, but says when to retry.
    if (vendor.type == "insufficient_quota" ||
        (meansOutOfBalance(status, body) && retryDelayIn(body).isEmpty()))
        return "insufficient_quota";
    if (meansContextTooLong(vendor))
        return "context_length_exceeded";
    const QByteArray type = vendor.type.toLower();
    if (status == 429 || type.contains("rate_limit") || type == "resource_exhausted")
        return "rate_limit_exceeded";
    return vendor.type.isEmpty() ? QByteArray("upstream_error") : vendor.type;
}

UpstreamErrorMapper::ClientError UpstreamErrorMapper::map(ApiFormat upstream, ApiFormat client,
                                                          int status, const QByteArray &body,
                                                          const QString &provider,
                                                          QByteArrayView retryAfter)
{
    ClientError out;
    out.status = status;
    const QByteArray trimmed = body.trimmed();
    const VendorError vendor = read(body);
    out.summary = QStringLiteral("%1 returned HTTP %2: %3")
                      .arg(provider)
                      .arg(status)
                      .arg(QString::fromUtf8(trimmed.left(500)));
    if (upstream == client && vendor.parsed) {
        out.body = body;
        return out;
    }
    const QString message = vendor.parsed ? QStringLiteral("%1 (provider '%2', HTTP %3)")
                                                .arg(vendor.message, provider)
                                                .arg(status)
                                          : QStringLiteral("Provider '%1' returned HTTP %2: %3")
                                                .arg(provider)
                                                .arg(status)
                                                .arg(vendor.message);
    if (client == ApiFormat::AnthropicMessages) {
        out.body = ErrorBody::anthropic(status, message, anthropicTypeFor(vendor.type, status));
        return out;
    }
    if (status == 529)
        out.status = 503; // Anthropic's "overloaded"; other clients know 503
    const QByteArray wait = retryAfter.isEmpty() ? retryDelayIn(body) : retryAfter.toByteArray();
    out.body = ErrorBody::forClient(client, out.status, openAiCode(status, body), message, wait);
    return out;
}

} // namespace llmux
