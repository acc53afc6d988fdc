#pragma once

#include "core/translate/TranslationSupport.h"

#include <optional>

namespace llmux {

// The encrypted_content of a Responses reasoning item that LLMux made itself: what a provider
// needs back from its earlier turns, carried out to the client and back in on the next turn —
// the reasoning text (DeepSeek, Kimi with tools), Anthropic's signed thinking blocks (required
// with thinking and tools) and Gemini's thought signatures (by call id). Opaque to clients
// ("llmux1:" and base64 JSON); content made by OpenAI is not this and is left alone.
struct ReasoningEnvelope
{
    std::string text;
    Json thinkingBlocks = Json::array();     // the hub's chat::kThinkingBlocks
    Json thoughtSignatures = Json::object(); // call id -> Gemini thought signature

    bool empty() const
    {
        return text.empty() && thinkingBlocks.empty() && thoughtSignatures.empty();
    }
    std::string encode() const;
    // nullopt when the content is not one of LLMux's own.
    static std::optional<ReasoningEnvelope> decode(const std::string &encryptedContent);
};

} // namespace llmux
