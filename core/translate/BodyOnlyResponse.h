#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

namespace llmux {

// A translator for answers that are single JSON bodies, never streams (embeddings, token counts).
class BodyOnlyResponse : public ResponseTranslator
{
public:
    void translateEvent(const SseParser::Event &, QList<SseEvent> &) override
    {
        throw TranslationError(QStringLiteral("this endpoint does not stream"));
    }
    void finish(QList<SseEvent> &) override {}
    TokenUsage usage() const override { return m_usage; }

protected:
    TokenUsage m_usage;
};

} // namespace llmux
