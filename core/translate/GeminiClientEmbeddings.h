#pragma once

#include "core/translate/ApiFormat.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <memory>

namespace llmux {

// Gemini's embedContent and batchEmbedContents from a Gemini client (the @google/genai SDK's
// embedContent, Gemini CLI's memory), to any provider with embeddings: a Gemini provider gets one
// batchEmbedContents request naming its own model, an OpenAI-compatible one an /embeddings
// request; the vectors come back as embedContent's {"embedding"} or batchEmbedContents'
// {"embeddings"}.
class GeminiClientEmbeddings
{
public:
    // batch: the client called batchEmbedContents (else embedContent).
    static Json toGemini(const Json &body, bool batch, const std::string &upstreamModel);
    static Json toOpenAi(const Json &body, bool batch, const std::string &upstreamModel,
                         TranslationNotes &notes);
    static std::unique_ptr<ResponseTranslator> response(ApiFormat upstream, bool batch);
};

} // namespace llmux
