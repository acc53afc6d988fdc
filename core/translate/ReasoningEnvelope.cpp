#include "core/translate/ReasoningEnvelope.h"

namespace llmux {
namespace {
constexpr std::string_view kPrefix = "llmux1:";
} // namespace

std::string ReasoningEnvelope::encode() const
{
    Json inner = {{"text", text}};
    if (!thinkingBlocks.empty())
        inner["thinking"] = thinkingBlocks;
    if (!thoughtSignatures.empty())
        inner["signatures"] = thoughtSignatures;
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
    ReasoningEnvelope envelope{json::str(inner, "text")};
    // Only well-formed entries go on: they end up in a provider's request.
    if (const auto blocks = inner.find("thinking"); blocks != inner.end() && blocks->is_array())
        for (const Json &block : *blocks)
            if (block.is_object() && (json::str(block, "signature").size() > 0 ||
                                      json::str(block, "redacted").size() > 0))
                envelope.thinkingBlocks.push_back(
                    json::has(block, "redacted")
                        ? Json{{"redacted", json::str(block, "redacted")}}
                        : Json{{"thinking", json::str(block, "thinking")},
                               {"signature", json::str(block, "signature")}});
    if (const auto signatures = inner.find("signatures");
        signatures != inner.end() && signatures->is_object())
        for (const auto &[callId, signature] : signatures->items())
            if (signature.is_string())
                envelope.thoughtSignatures[callId] = signature;
    return envelope;
}

} // namespace llmux
