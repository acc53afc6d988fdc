#pragma once

#include "core/domain/TokenUsage.h"
#include "core/translate/TranslationSupport.h"

namespace llmux::chat {

// Reading the hub's own format — a Chat Completions message, stream delta or usage object — the
// same way in every translator that turns it into a client's format.

// DeepSeek and Qwen call it reasoning_content, OpenRouter and vLLM call it reasoning.
inline std::string reasoningOf(const Json &messageOrDelta)
{
    std::string text = json::str(messageOrDelta, "reasoning_content");
    return text.empty() ? json::str(messageOrDelta, "reasoning") : text;
}

// Anthropic's thinking blocks as the hub carries them between LLMux's own translators, so that
// their signatures survive a trip through a client that only knows the text: a message holds
// them all ([{"thinking", "signature"} | {"redacted"}], in order); a stream delta holds one event
// ({"signature"} ending the thinking streamed since the last one, or {"redacted"}). Never sent to
// an OpenAI-compatible provider (Translation strips it).
inline constexpr const char *kThinkingBlocks = "llmux_thinking";

inline const Json *thinkingBlocksOf(const Json &messageOrDelta)
{
    const auto found = messageOrDelta.find(kThinkingBlocks);
    return found == messageOrDelta.end() || found->is_null() ? nullptr : &*found;
}

// Gemini's thought signature on a hub tool call (Google's own OpenAI-compatible field).
inline std::string thoughtSignatureOf(const Json &toolCall)
{
    const auto extra = toolCall.find("extra_content");
    if (extra == toolCall.end() || !extra->is_object())
        return {};
    return json::str(extra->value("google", Json::object()), "thought_signature");
}

inline void setThoughtSignature(Json &toolCall, const std::string &signature)
{
    toolCall["extra_content"] = {{"google", {{"thought_signature", signature}}}};
}

// Message content as text: a string, or the text of its parts.
inline std::string textOf(const Json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const Json &part : content)
            text += json::str(part, "text");
    return text;
}

// Prompt tokens read from a cache (included in prompt_tokens).
inline qint64 cachedPromptTokens(const Json &usage)
{
    if (const auto details = usage.find("prompt_tokens_details");
        details != usage.end() && details->is_object())
        return details->value("cached_tokens", 0);
    return usage.value("prompt_cache_hit_tokens", 0); // DeepSeek
}

// Completion tokens spent on reasoning (included in completion_tokens).
inline qint64 reasoningTokens(const Json &usage)
{
    if (const auto details = usage.find("completion_tokens_details");
        details != usage.end() && details->is_object())
        return details->value("reasoning_tokens", 0);
    return 0;
}

// The counts the request log records, where the usage has them as integers.
inline void readTokenUsage(const Json &usage, TokenUsage &into)
{
    if (auto it = usage.find("prompt_tokens"); it != usage.end() && it->is_number_integer())
        into.promptTokens = it->get<qint64>();
    if (auto it = usage.find("completion_tokens"); it != usage.end() && it->is_number_integer())
        into.completionTokens = it->get<qint64>();
}

} // namespace llmux::chat
