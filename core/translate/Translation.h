#pragma once

#include "core/common/Result.h"
#include "core/translate/ApiFormat.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <memory>

namespace llmux {

// The one place that knows which translator carries a client's format to a provider's and back.
// OpenAI Chat is the hub: every other pair (Anthropic, Gemini, Responses, either way) goes
// through it, one translator per format and direction.
class Translation
{
public:
    // The client's request in the provider's format. Fields the provider cannot represent are
    // listed in notes; a request that cannot be carried over faithfully is a failure meant for a
    // 400 answer.
    static Result<Json> request(ApiFormat client, ApiFormat upstream, const Json &body,
                                TranslationNotes &notes);

    // Reads the provider's answer back into the client's format. clientWantsUsage: an OpenAI
    // client asked for the final usage chunk. clientRequest: the request as the client sent it
    // (a Responses answer needs its custom tools and settings).
    static std::unique_ptr<ResponseTranslator> response(ApiFormat client, ApiFormat upstream,
                                                        const std::string &clientModel,
                                                        bool clientWantsUsage,
                                                        const Json &clientRequest = Json());
};

} // namespace llmux
