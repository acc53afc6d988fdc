#pragma once

#include "core/translate/OpenAiChunkWriter.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <map>

namespace llmux {

// An OpenAI Responses answer (a response object, or its event stream) as a chat.completion (or
// chat.completion.chunk events ending with data: [DONE]): output_text becomes content, reasoning
// summaries and text become reasoning_content, function_call items become tool_calls with their
// arguments streamed as they arrive. An incomplete response ends with "length" (or
// "content_filter"); a failed one with an error in OpenAI's shape.
class ResponsesToOpenAiResponse : public ResponseTranslator
{
public:
    ResponsesToOpenAiResponse(std::string clientModel, bool includeUsage);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }

private:
    static void push(QList<SseEvent> &out, QByteArray data);
    void readUsage(const Json &response);
    Json chatUsage() const;
    std::string finishReason(const Json &response, bool calledTools) const;
    void end(const Json &response, QList<SseEvent> &out);

    std::string m_model;
    bool m_includeUsage;
    qint64 m_created;
    OpenAiChunkWriter m_writer;
    TokenUsage m_usage;
    Json m_responseUsage;                   // the response's own usage object
    std::map<std::string, int> m_toolIndex; // function_call item id -> tool_calls index
    bool m_started = false;
    bool m_done = false;
};

} // namespace llmux
