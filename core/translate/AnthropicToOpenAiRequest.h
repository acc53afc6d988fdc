#pragma once

#include "core/translate/TranslationSupport.h"

namespace llmux {

// An Anthropic Messages request (what Claude Code and the Anthropic SDK send) as an OpenAI Chat
// Completions request: system blocks become a system message, tool_use/tool_result blocks become
// tool_calls and tool messages, images become image_url parts, thinking becomes reasoning_content.
class AnthropicToOpenAiRequest
{
public:
    static Json translate(const Json &request, TranslationNotes &notes);
};

} // namespace llmux
