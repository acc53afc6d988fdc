#pragma once

#include "core/translate/OpenAiChunkWriter.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

namespace llmux {

// A Gemini GenerateContentResponse (or its alt=sse stream, which has no end marker) as an OpenAI
// chat.completion (or chat.completion.chunk events ending with data: [DONE]). Thought parts become
// reasoning_content; function calls become tool_calls carrying their thought signature in
// extra_content.google.thought_signature, where Google's own OpenAI layer puts it.
class GeminiToOpenAiResponse : public ResponseTranslator
{
public:
    GeminiToOpenAiResponse(std::string clientModel, bool includeUsage);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }

    static std::string finishReason(const std::string &geminiReason, bool calledTools);
    static Json usageOf(const Json &usageMetadata);

private:
    struct Delta
    {
        std::string text, reasoning;
        Json toolCalls = Json::array();
    };
    Delta readParts(const Json &candidate);
    void readUsage(const Json &response);

    std::string m_model;
    bool m_includeUsage;
    std::string m_id;
    qint64 m_created;
    OpenAiChunkWriter m_writer;
    TokenUsage m_usage;
    Json m_openAiUsage;
    int m_toolCalls = 0;
    bool m_started = false;
    bool m_finished = false; // a finishReason arrived
    bool m_done = false;
};

} // namespace llmux
