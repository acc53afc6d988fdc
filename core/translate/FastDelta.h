#pragma once

#include <QByteArrayView>

#include <optional>
#include <string>

namespace llmux {

// Recognises the one event that makes up most of every stream — a bare text delta — without
// parsing the whole event: an OpenAI chunk whose first choice's delta holds only "content" and
// whose finish_reason is null, or an Anthropic content_block_delta carrying a text_delta. Anything
// else (tool calls, reasoning, usage, errors, other choices, unusual field order) is declined and
// goes through the full parser, so a false "no" costs speed, never correctness.
class FastDelta
{
public:
    // The text of an OpenAI chat.completion.chunk that only adds text to choice 0.
    static std::optional<std::string> openAiText(QByteArrayView data);

    struct AnthropicText
    {
        int index = 0;
        std::string text;
    };
    // The block index and text of an Anthropic text_delta event.
    static std::optional<AnthropicText> anthropicText(QByteArrayView data);

    // The JSON string literal starting at data[quote] decoded, with end set past its closing
    // quote; nullopt when it is not a valid literal.
    static std::optional<std::string> stringAt(QByteArrayView data, qsizetype quote,
                                               qsizetype &end);
};

} // namespace llmux
