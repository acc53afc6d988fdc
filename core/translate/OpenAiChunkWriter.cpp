#include "core/translate/OpenAiChunkWriter.h"

namespace llmux {

OpenAiChunkWriter::OpenAiChunkWriter(std::string model, qint64 created)
    : m_model(std::move(model))
    , m_created(created)
{
    setId("chatcmpl-llmux");
}

void OpenAiChunkWriter::setId(const std::string &id)
{
    m_id = id;
    m_prefix =
        "{\"id\":" + json::toBytes(Json(m_id)) +
        ",\"object\":\"chat.completion.chunk\",\"created\":" + QByteArray::number(m_created) +
        ",\"model\":" + json::toBytes(Json(m_model)) + ",\"choices\":";
}

QByteArray OpenAiChunkWriter::chunk(const Json &delta, const std::string &finishReason, int index)
{
    QByteArray out = m_prefix;
    out += "[{\"index\":" + QByteArray::number(index) + ",\"delta\":";
    out += json::toBytes(delta);
    out += ",\"logprobs\":null,\"finish_reason\":";
    out += finishReason.empty() ? QByteArray("null") : json::toBytes(Json(finishReason));
    out += "}]}";
    return out;
}

QByteArray OpenAiChunkWriter::usageChunk(const Json &usage)
{
    return m_prefix + "[],\"usage\":" + json::toBytes(usage) + '}';
}

} // namespace llmux
