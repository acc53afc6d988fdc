#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <memory>

namespace llmux {

// Counting a conversation's tokens with another vendor's counter, after the conversation itself
// was translated into that vendor's generate request.

// Against Gemini's countTokens (for Anthropic clients): the conversation in a
// generateContentRequest, and {"totalTokens"} back as {"input_tokens"}.
class GeminiCountTokens
{
public:
    static Json request(Json generateBody, const std::string &upstreamModel);
    static std::unique_ptr<ResponseTranslator> response();
};

// Against Anthropic's /v1/messages/count_tokens (for Gemini clients): only the fields it takes
// (model, system, messages, tools, tool_choice, thinking), and {"input_tokens"} back as
// {"totalTokens"}.
class AnthropicCountTokens
{
public:
    static Json request(const Json &messagesBody);
    static std::unique_ptr<ResponseTranslator> response();
};

} // namespace llmux
