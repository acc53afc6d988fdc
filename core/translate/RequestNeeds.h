#pragma once

#include "core/domain/ModelCapabilities.h"
#include "core/translate/ApiFormat.h"
#include "core/translate/TranslationSupport.h"

#include <optional>

namespace llmux {

// What a generate request asks of the model that serves it, read from the client's own format:
// tools, images (anywhere in the conversation, tool results included), reasoning, how long the
// prompt is and how long an answer may be. Routes compare it with each target's capabilities.
struct RequestNeeds
{
    bool tools = false;
    bool images = false;
    bool reasoning = false;
    // Tokens of the prompt's text, estimated low (about four bytes of ASCII, two characters of
    // other scripts per token; images and signatures left out) so that only prompts clearly
    // over a context window count as over it.
    qint64 promptTokens = 0;
    std::optional<qint64> maxOutputTokens;

    static RequestNeeds of(ApiFormat client, const Json &body);

    // Why a model with these capabilities cannot serve the request, or empty when it can (an
    // unknown capability counts as present).
    QString unmetBy(const ModelCapabilities &capabilities) const;
};

// Small edits of a client's request so that a model takes it instead of refusing it: an answer
// length over the model's limit is lowered to it, reasoning settings are left out for a model
// that does not reason. Each edit is noted; returns whether the body changed.
class RequestFit
{
public:
    static bool apply(ApiFormat client, Json &body, const ModelCapabilities &capabilities,
                      TranslationNotes &notes);
};

} // namespace llmux
