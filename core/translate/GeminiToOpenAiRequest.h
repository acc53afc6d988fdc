#pragma once

#include "core/translate/TranslationSupport.h"

namespace llmux {

// A Gemini generateContent request (what Gemini CLI and the @google/genai SDK send) as an OpenAI
// Chat Completions request, the hub every provider format is reached from. The model and whether
// to stream come from the URL, so the caller puts them into the body first ("model", "stream").
// systemInstruction becomes a system message; user/model contents become messages, inlineData
// and fileData parts image_url parts, thought parts reasoning_content, functionCall parts
// tool_calls (ids made up where Gemini gave none) and functionResponse parts tool messages
// answering them in order; functionDeclarations become function tools with their schemas in
// JSON Schema's spelling (Gemini's upper-case OpenAPI types lowered); toolConfig and
// generationConfig their Chat equivalents. Gemini's own tools (googleSearch, codeExecution) are
// left out with a note.
class GeminiToOpenAiRequest
{
public:
    static Json translate(const Json &request, TranslationNotes &notes);

    // A Gemini (OpenAPI-subset) schema in JSON Schema's spelling: lower-case type names, nullable
    // as a union with null.
    static Json jsonSchema(const Json &geminiSchema);
};

} // namespace llmux
