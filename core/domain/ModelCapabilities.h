#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace llmux {

// What a provider's model can take: tools, images, reasoning, how long a prompt and an answer
// may be, and whether it is offered only through the Responses API. Every field is optional:
// unknown means "assume it can", so a model LLMux knows nothing about is never skipped.
struct ModelCapabilities
{
    std::optional<bool> tools;
    std::optional<bool> images;
    std::optional<bool> reasoning;
    std::optional<qint64> contextWindow;   // tokens, prompt and answer together
    std::optional<qint64> maxOutputTokens; // tokens the model writes at most
    std::optional<bool> responsesOnly;     // served only by /v1/responses (OpenAI's codex models)

    bool isEmpty() const
    {
        return !tools && !images && !reasoning && !contextWindow && !maxOutputTokens &&
               !responsesOnly;
    }
    // These, with each field that `overrides` sets replaced by its value.
    ModelCapabilities overriddenBy(const ModelCapabilities &overrides) const;
    friend bool operator==(const ModelCapabilities &, const ModelCapabilities &) = default;

    // What LLMux knows of a well-known model by its name at the provider ("gpt-4o",
    // "claude-sonnet-4-5", "openai/gpt-4.1" on OpenRouter); empty for the rest.
    static ModelCapabilities presetFor(const QString &upstreamModel);

    // One line for people: "tools, images, reasoning, 200k context, 64k output".
    QString summary() const;
};

// A user's edit of a provider model's capabilities, over the preset.
struct ModelCapabilityRecord
{
    qint64 providerId = 0;
    QString providerName;
    QString upstreamModel;
    ModelCapabilities capabilities;
};

} // namespace llmux
