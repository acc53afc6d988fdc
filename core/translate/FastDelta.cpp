#include "core/translate/FastDelta.h"

#include "core/translate/TranslationSupport.h"

#include <cstring>
#include <string_view>

namespace llmux {
namespace {

std::string_view view(QByteArrayView data)
{
    return std::string_view(data.data(), size_t(data.size()));
}

// Runs on every event of a stream. glibc's memmem is several times faster than Qt 6.4's hashing
// search and than std::string_view::find, whose first byte here is always the common '"'.
bool contains(std::string_view haystack, std::string_view needle, size_t from = 0)
{
    if (from > haystack.size())
        return false;
#ifdef __GLIBC__
    return ::memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
#else
    return haystack.find(needle, from) != std::string_view::npos;
#endif
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
    static constexpr std::string_view kPatterns[] = {R"("choices":[{"index":0,"delta":{"content":)",
                                                     R"("choices":[{"delta":{"content":)"};
    // The delta itself is checked to hold content only; what else could change the meaning of
    // the chunk is a finish reason, a usage report or an error.
    const std::string_view haystack = view(data);
    if (contains(haystack, R"("finish_reason":")") || contains(haystack, R"("usage":{)") ||
        contains(haystack, R"("error")"))
        return std::nullopt;
    for (std::string_view pattern : kPatterns) {
        const size_t at = haystack.find(pattern);
        if (at == std::string_view::npos)
            continue;
        qsizetype end = 0;
        std::optional<std::string> text =
            stringAt(data, qsizetype(at) + qsizetype(pattern.size()), end);
        // The delta must end right after the content, and there must be one choice only.
        if (!text || end >= data.size() || data[end] != '}' ||
            contains(haystack, R"("delta")", size_t(end)))
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
