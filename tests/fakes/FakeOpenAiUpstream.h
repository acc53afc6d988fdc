#pragma once

#include "tests/fakes/FakeUpstream.h"

namespace llmux::test {

// The fake OpenAI-compatible provider: /v1/chat/completions (chat.completion JSON,
// chat.completion.chunk SSE ending in [DONE]), /v1/completions, /v1/embeddings, /v1/models.
class FakeOpenAiUpstream : public FakeUpstream
{
public:
    explicit FakeOpenAiUpstream(QObject *parent = nullptr)
        : FakeUpstream(Dialect::OpenAi, parent)
    {}
};

} // namespace llmux::test
