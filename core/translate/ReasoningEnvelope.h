#pragma once

#include "core/translate/TranslationSupport.h"

#include <optional>

namespace llmux {

// The encrypted_content of a Responses reasoning item that LLMux made itself: the reasoning a
// provider streamed, carried out to the client and back in on the next turn, so that providers
// which want their earlier reasoning back (DeepSeek, Kimi with tools) get it. Opaque to clients
// ("llmux1:" and base64 JSON); content made by OpenAI is not this and is left alone.
struct ReasoningEnvelope
{
    std::string text;

    std::string encode() const;
    // nullopt when the content is not one of LLMux's own.
    static std::optional<ReasoningEnvelope> decode(const std::string &encryptedContent);
};

} // namespace llmux
