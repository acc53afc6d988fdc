#pragma once

#include "core/translate/TranslationSupport.h"

namespace llmux {

// An OpenAI Chat Completions request as a Gemini generateContent body (the model goes in the URL,
// not the body): systemInstruction, user/model contents with inlineData images, functionCall and
// functionResponse parts (names looked up from earlier tool calls), generationConfig, tools as
// functionDeclarations with JSON Schema parameters.
class OpenAiToGeminiRequest
{
public:
    static Json translate(const Json &request, TranslationNotes &notes);

    // Gemini 3 rejects a replayed function call without the thought signature it came with; this
    // value, documented by Google for conversations from elsewhere, skips that check.
    static constexpr const char *kUnknownThoughtSignature = "skip_thought_signature_validator";
};

} // namespace llmux
