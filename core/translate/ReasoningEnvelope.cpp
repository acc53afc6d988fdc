#include "core/translate/ReasoningEnvelope.h"

namespace llmux {
namespace {
constexpr std::string_view kPrefix = "llmux1:";
} // namespace

std::string ReasoningEnvelope::encode() const
{
    const Json inner = {{"text", text}};
    return std::string(kPrefix) + json::toBytes(inner).toBase64().toStdString();
}

std::optional<ReasoningEnvelope> ReasoningEnvelope::decode(const std::string &encryptedContent)
{
    if (encryptedContent.rfind(kPrefix, 0) != 0)
        return std::nullopt;
    const QByteArray::FromBase64Result bytes = QByteArray::fromBase64Encoding(
        QByteArray::fromStdString(encryptedContent.substr(kPrefix.size())),
        QByteArray::AbortOnBase64DecodingErrors);
    // A client could hide a deeply nested document here, past the request's own nesting check.
    if (!bytes || json::nestsDeeperThan(bytes.decoded, 8))
        return std::nullopt;
    const Json inner =
        Json::parse(bytes.decoded.constData(), bytes.decoded.constData() + bytes.decoded.size(),
                    nullptr, false);
    if (!inner.is_object())
        return std::nullopt;
    return ReasoningEnvelope{json::str(inner, "text")};
}

} // namespace llmux
