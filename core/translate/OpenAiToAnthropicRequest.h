#pragma once

#include "core/translate/TranslationSupport.h"

namespace llmux {

// An OpenAI Chat Completions request as an Anthropic Messages request: system and developer
// messages become the top-level system prompt, tool messages become tool_result blocks of one user
// turn, consecutive same-role turns are merged, max_tokens gets a default when the client set
// none (Anthropic requires it).
class OpenAiToAnthropicRequest
{
public:
    static constexpr int kDefaultMaxTokens = 4096;
    static Json translate(const Json &request, TranslationNotes &notes);
};

} // namespace llmux
