#pragma once

#include "tests/fakes/FakeUpstream.h"

namespace llmux::test {

// The fake Google Gemini provider: /v1beta/models/{model}:generateContent, :streamGenerateContent
// (SSE with ?alt=sse, else a streamed JSON array), :countTokens, :embedContent,
// :batchEmbedContents, and /v1beta/models. The scenario is the {model} of the path. Requires an
// API key (x-goog-api-key or ?key=); a key starting with "bad" is refused as invalid.
class FakeGeminiUpstream : public FakeUpstream
{
public:
    explicit FakeGeminiUpstream(QObject *parent = nullptr)
        : FakeUpstream(Dialect::Gemini, parent)
    {}
};

} // namespace llmux::test
