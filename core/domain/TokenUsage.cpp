#include "core/domain/TokenUsage.h"

#include <nlohmann/json.hpp>

namespace llmux {

std::optional<TokenUsage> TokenUsage::fromOpenAiJson(QByteArrayView json)
{
    // The last "usage" key is the top-level one in practice (it follows "choices").
    const qsizetype key = json.lastIndexOf("\"usage\"");
    if (key < 0)
        return std::nullopt;
    qsizetype pos = key + 7;
    while (pos < json.size() && (json[pos] == ' ' || json[pos] == ':' || json[pos] == '\n' ||
                                 json[pos] == '\r' || json[pos] == '\t'))
        ++pos;
    if (pos >= json.size() || json[pos] != '{')
        return std::nullopt;
    // The usage object holds numbers and nested objects only, so counting braces finds its end.
    int depth = 0;
    qsizetype end = pos;
    bool inString = false;
    for (; end < json.size(); ++end) {
        const char c = json[end];
        if (inString) {
            if (c == '\\')
                ++end;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{')
            ++depth;
        else if (c == '}' && --depth == 0)
            break;
    }
    if (depth != 0)
        return std::nullopt;
    const auto usage =
        nlohmann::json::parse(json.data() + pos, json.data() + end + 1, nullptr, false);
    if (!usage.is_object())
        return std::nullopt;
    TokenUsage out;
    if (auto it = usage.find("prompt_tokens"); it != usage.end() && it->is_number_integer())
        out.promptTokens = it->get<qint64>();
    if (auto it = usage.find("completion_tokens"); it != usage.end() && it->is_number_integer())
        out.completionTokens = it->get<qint64>();
    if (out.isEmpty())
        return std::nullopt;
    return out;
}

std::optional<double> TokenUsage::cost(const std::optional<ModelPrice> &price) const
{
    if (!price || isEmpty())
        return std::nullopt;
    return (promptTokens.value_or(0) * price->inputPerMillion +
            completionTokens.value_or(0) * price->outputPerMillion) /
           1e6;
}

} // namespace llmux
