#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

namespace llmux {

// OpenAI /v1/embeddings against Gemini: the input strings become one batchEmbedContents request,
// the vectors come back as an OpenAI embedding list — as float arrays, or as base64 of
// little-endian float32 when the client asked for encoding_format "base64" (the openai SDKs do
// by default).
class GeminiEmbeddings
{
public:
    static Json request(const Json &openAiRequest, const std::string &upstreamModel,
                        TranslationNotes &notes);
    static std::unique_ptr<ResponseTranslator> response(std::string clientModel, bool base64);
};

} // namespace llmux
