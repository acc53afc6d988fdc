#pragma once

#include "tests/fakes/FakeAnthropicUpstream.h"
#include "tests/fakes/FakeGeminiUpstream.h"
#include "tests/fakes/FakeOpenAiUpstream.h"

#include <QString>

namespace llmux::test {

class GatewayFixture;

// Fake Anthropic, Gemini and Azure providers beside the fixture's OpenAI-compatible one, with
// public model names for each behaviour the fakes can play (see FakeScenario):
//   OpenAI-compatible: claude-x, claude-tool, claude-think, claude-429, claude-cut, emb
//   Anthropic:         sonnet, sonnet-tool, sonnet-think, sonnet-thinktool, sonnet-529
//   Gemini:            gem, gem-tool, gem-think, gem-429, gem-embed
//   Azure:             az (deployment "my-deployment")
//   OpenAI with the Responses API: gpt-r, gpt-r-tool, gpt-r-think (Responses requests go to its
//                      own /responses), gpt-t (the same fake, set to translate); its codex
//                      models answer only there, as OpenAI's do: codex (gpt-5-codex, known
//                      from the presets), codex-tool and codex-think (learnt from the refusal)
//   OpenAI-compatible without it, only for the test of the automatic probe: compat-x
class ProviderZoo
{
public:
    // Starts the fakes and adds providers and models; pass to GatewayFixture::start's setup.
    QString addTo(GatewayFixture &fixture);

    FakeAnthropicUpstream anthropic;
    FakeGeminiUpstream gemini;
    FakeOpenAiUpstream azure;
    FakeUpstream openAi{FakeUpstream::Dialect::OpenAiResponses};
    FakeOpenAiUpstream compatible; // without the Responses API, set to auto: compat-x
};

} // namespace llmux::test
