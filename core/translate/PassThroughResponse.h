#pragma once

#include "core/translate/ApiFormat.h"
#include "core/translate/ResponseTranslator.h"

namespace llmux {

// The answer of a provider that speaks the client's own format: bytes go through unchanged, only
// the token usage is read on the way. For OpenAI streams, the usage-only chunk LLMux asked for on
// the client's behalf is held back unless the client asked for it too.
class PassThroughResponse : public ResponseTranslator
{
public:
    PassThroughResponse(ApiFormat format, bool clientWantsUsage);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &) override {}
    TokenUsage usage() const override { return m_usage; }
    QByteArray completedResponse() const override { return m_completed; }

private:
    void readAnthropicUsage(QByteArrayView json);
    void readGeminiUsage(QByteArrayView json);
    // A Responses body or final stream event: its usage, and the response (unless it failed).
    void readResponses(const QByteArray &json, bool finalEvent);

    ApiFormat m_format;
    bool m_clientWantsUsage;
    TokenUsage m_usage;
    QByteArray m_completed; // a Responses answer's final response object
};

} // namespace llmux
