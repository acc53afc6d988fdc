#pragma once

#include "core/translate/TranslationSupport.h"

#include <QByteArray>

namespace llmux {

// Writes chat.completion.chunk events for translated streams. The envelope (id, created, model)
// is the same for every chunk of a stream, so it is rendered once and only the delta is
// serialised per chunk: streams are the hot path of translation.
class OpenAiChunkWriter
{
public:
    OpenAiChunkWriter(std::string model, qint64 created);

    void setId(const std::string &id);
    const std::string &id() const { return m_id; }

    // {"id",...,"choices":[{"index":i,"delta":delta,"logprobs":null,"finish_reason":...}]}
    QByteArray chunk(const Json &delta, const std::string &finishReason = {}, int index = 0);
    // The final usage-only chunk: "choices":[] and the usage object.
    QByteArray usageChunk(const Json &usage);

private:
    std::string m_model;
    qint64 m_created;
    std::string m_id;
    QByteArray m_prefix; // up to and including "choices":
};

} // namespace llmux
