#pragma once

#include "core/translate/TranslationSupport.h"

namespace llmux {

// A Chat Completions request (the hub) as an OpenAI Responses request, for models offered only
// through the Responses API (OpenAI's codex and pro models): system messages become
// instructions, messages become input items, an assistant's tool_calls become function_call
// items and tool messages their function_call_output. The provider is asked not to store the
// exchange (store: false), as Chat Completions does not either.
class OpenAiToResponsesRequest
{
public:
    static Json translate(const Json &chat, TranslationNotes &notes);
};

} // namespace llmux
