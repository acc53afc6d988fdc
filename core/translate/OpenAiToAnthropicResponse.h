#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <map>

namespace llmux {

// An OpenAI Chat Completions answer (chat.completion, or chat.completion.chunk events) as an
// Anthropic Message, or as the Messages event sequence: message_start, ping, per content block
// content_block_start / _delta / _stop, message_delta with stop reason and usage, message_stop.
// reasoning_content becomes thinking blocks, tool_calls become tool_use blocks.
class OpenAiToAnthropicResponse : public ResponseTranslator
{
public:
    // clientModel is the model name the client asked for; the answer carries it back.
    explicit OpenAiToAnthropicResponse(std::string clientModel);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }

    static std::string stopReason(const std::string &finishReason);
    // OpenAI usage (prompt tokens include cached ones) as Anthropic usage (they do not).
    static Json usageOf(const Json &openAiUsage);

private:
    enum class Block { None, Text, Thinking, Tool };

    void start(const Json &chunk, QList<SseEvent> &out);
    void openBlock(Block kind, Json contentBlock, QList<SseEvent> &out);
    void closeBlock(QList<SseEvent> &out);
    void delta(int index, const char *type, const char *field, const std::string &value,
               QList<SseEvent> &out);
    void finishMessage(QList<SseEvent> &out);
    void readUsage(const Json &usage);

    std::string m_model;
    TokenUsage m_usage;
    Json m_anthropicUsage;
    bool m_started = false;
    bool m_done = false;
    Block m_open = Block::None;
    int m_openIndex = -1;
    int m_nextIndex = 0;
    std::map<int, int> m_toolBlocks; // OpenAI tool_calls index -> content block index
    std::string m_stopReason;
};

} // namespace llmux
