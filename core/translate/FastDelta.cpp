#include "translate/FastDelta.h"

#include "translate/TranslationSupport.h"

namespace llmux {
namespace {

bool containsAny(QByteArrayView data, std::initializer_list<const char *> needles)
{
    for (const char *needle : needles)
        if (data.contains(needle))
            return true;
    return false;
}

} // namespace

std::optional<std::string> FastDelta::stringAt(QByteArrayView data, qsizetype quote, qsizetype &end)
{
    if (quote >= data.size() || data[quote] != '"')
        return std::nullopt;
    bool escaped = false;
    for (qsizetype i = quote + 1; i < data.size(); ++i) {
        const char c = data[i];
        if (c == '\\') {
            escaped = true;
            ++i;
        } else if (c == '"') {
            end = i + 1;
            const QByteArrayView literal = data.sliced(quote, end - quote);
            if (!escaped) // plain UTF-8 between the quotes; control characters would be invalid
                return std::string(literal.data() + 1, size_t(literal.size() - 2));
            const Json decoded =
                Json::parse(literal.begin(), literal.end(), nullptr, /*allow_exceptions=*/false);
            if (!decoded.is_string())
                return std::nullopt;
            return decoded.get<std::string>();
        } else if (static_cast<unsigned char>(c) < 0x20) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<std::string> FastDelta::openAiText(QByteArrayView data)
{
    static constexpr QByteArrayView kPatterns[] = {R"("choices":[{"index":0,"delta":{"content":)",
                                                   R"("choices":[{"delta":{"content":)"};
    if (containsAny(data, {"\"tool_calls\"", "\"reasoning", "\"usage\":{", "\"error\"",
                           "\"finish_reason\":\"", "\"refusal\":\""}))
        return std::nullopt;
    for (QByteArrayView pattern : kPatterns) {
        const qsizetype at = data.indexOf(pattern);
        if (at < 0)
            continue;
        qsizetype end = 0;
        std::optional<std::string> text = stringAt(data, at + pattern.size(), end);
        // The delta must end right after the content, and there must be one choice only.
        if (!text || end >= data.size() || data[end] != '}' || data.indexOf("\"delta\"", end) >= 0)
            return std::nullopt;
        return text;
    }
    return std::nullopt;
}

std::optional<FastDelta::AnthropicText> FastDelta::anthropicText(QByteArrayView data)
{
    static constexpr QByteArrayView kStart = R"({"type":"content_block_delta","index":)";
    static constexpr QByteArrayView kDelta = R"(,"delta":{"type":"text_delta","text":)";
    if (!data.startsWith(kStart))
        return std::nullopt;
    qsizetype pos = kStart.size();
    int index = 0;
    const qsizetype digits = pos;
    while (pos < data.size() && data[pos] >= '0' && data[pos] <= '9' && pos - digits < 6)
        index = index * 10 + (data[pos++] - '0');
    if (pos == digits || !data.sliced(pos).startsWith(kDelta))
        return std::nullopt;
    qsizetype end = 0;
    std::optional<std::string> text = stringAt(data, pos + kDelta.size(), end);
    if (!text || data.sliced(end).trimmed() != "}}")
        return std::nullopt;
    return AnthropicText{index, std::move(*text)};
}

} // namespace llmux
