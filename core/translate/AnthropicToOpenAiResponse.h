#pragma once

#include "core/translate/OpenAiChunkWriter.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <map>

namespace llmux {

// An Anthropic Message (or Messages event stream) as an OpenAI chat.completion (or
// chat.completion.chunk events ending with data: [DONE]). Thinking becomes reasoning_content,
// tool_use blocks become tool_calls with their arguments streamed as they arrive.
class AnthropicToOpenAiResponse : public ResponseTranslator
{
public:
    // includeUsage: the client asked for the final usage chunk (stream_options.include_usage).
    AnthropicToOpenAiResponse(std::string clientModel, bool includeUsage);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }

    static std::string finishReason(const std::string &stopReason);

private:
    static void push(QList<SseEvent> &out, QByteArray data);
    void readUsage(const Json &usage);
    Json openAiUsage() const;

    std::string m_model;
    bool m_includeUsage;
    qint64 m_created;
    OpenAiChunkWriter m_writer;
    TokenUsage m_usage;
    qint64 m_input = 0, m_cacheRead = 0, m_cacheWrite = 0, m_output = 0;
    std::map<int, int> m_toolIndex; // content block index -> tool_calls index
    bool m_done = false;
    bool m_stopped = false;
};

} // namespace llmux
