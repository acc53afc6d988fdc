#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <map>

namespace llmux {

// An OpenAI Chat Completions answer (the hub format) as a Gemini GenerateContentResponse, or as
// the stream Gemini sends with ?alt=sse: one GenerateContentResponse per event, text and thought
// parts as they arrive, each function call whole (Gemini never splits one) once its arguments are
// complete, the finishReason and usageMetadata on the last event; no terminator event.
class OpenAiToGeminiResponse : public ResponseTranslator
{
public:
    explicit OpenAiToGeminiResponse(std::string clientModel);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }
    QByteArray streamFailure(int status, QByteArrayView code, const QString &message) override;

    static std::string finishReason(const std::string &chatReason);
    // Chat usage as Gemini usageMetadata.
    static Json usageMetadata(const Json &chatUsage);

private:
    struct PendingCall
    {
        std::string id;
        std::string name;
        std::string arguments;
        std::string signature;
    };
    Json response(Json parts, const std::string &finish) const;
    void readUsage(const Json &chatUsage);
    void emitEnd(QList<SseEvent> &out);
    Json callPart(const PendingCall &call) const;
    static QByteArray errorEvent(int status, const std::string &message);

    std::string m_model;
    std::string m_responseId;
    TokenUsage m_usage;
    Json m_usageMetadata;
    std::map<int, PendingCall> m_calls; // Chat tool_calls index -> the call so far
    std::string m_finishReason;
    bool m_done = false;
};

} // namespace llmux
