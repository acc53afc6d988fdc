#pragma once

#include "core/domain/Records.h"

#include <QByteArrayView>

#include <optional>

namespace llmux {

// Token counts reported by an upstream, and what they cost at a model's price.
struct TokenUsage
{
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;

    bool isEmpty() const { return !promptTokens && !completionTokens; }

    // Reads the "usage" object of an OpenAI chat.completion or chat.completion.chunk without
    // parsing the rest of the document (a response can be large; the usage object is tiny).
    static std::optional<TokenUsage> fromOpenAiJson(QByteArrayView json);
    std::optional<double> cost(const std::optional<ModelPrice> &price) const;
};

} // namespace llmux
