#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/ResponsesToOpenAiRequest.h"
#include "core/translate/TranslationSupport.h"

#include <map>
#include <vector>

namespace llmux {

// An OpenAI Chat Completions answer (the hub format) as an OpenAI Responses answer: a response
// object, or the Responses event stream as Codex reads it. response.created and .in_progress
// first; each output item (reasoning, message, function_call, custom_tool_call) is announced with
// output_item.added, grows by its delta events and ends with its .done events and
// output_item.done, which carries the whole item; then response.completed (or .incomplete when
// the provider stopped at its token limit, or .failed) with the usage. Every event has a
// sequence_number; no [DONE]. The .done events repeat an item's whole text, so an item's text is
// kept until it is done.
class OpenAiToResponsesResponse : public ResponseTranslator
{
public:
    // clientRequest: the Responses request, for its custom tool names (their calls go back as
    // custom_tool_call), whether reasoning comes as a summary, and the settings a response echoes.
    OpenAiToResponsesResponse(std::string clientModel, const Json &clientRequest);

    QByteArray translateBody(const QByteArray &body) override;
    void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) override;
    void finish(QList<SseEvent> &out) override;
    TokenUsage usage() const override { return m_usage; }
    QByteArray streamFailure(int status, QByteArrayView code, const QString &message) override;
    QByteArray completedResponse() const override;

    // Chat usage as Responses usage.
    static Json usageOf(const Json &chatUsage);

private:
    struct Item
    {
        enum class Kind { Reasoning, Message, FunctionCall, CustomToolCall };
        Kind kind = Kind::Message;
        std::string id;
        int outputIndex = 0;
        std::string text; // message text, reasoning text, or the call's arguments
        std::string callId;
        std::string name;  // as the client knows it
        std::string space; // a namespace tool's namespace
        // Reasoning: what goes back to the provider inside encrypted_content.
        Json thinkingBlocks = Json::array();     // Anthropic's, signed
        size_t thinkingFrom = 0;                 // text after the last signed block
        Json thoughtSignatures = Json::object(); // Gemini's, by call id
        bool partOpen = false;                   // a summary part or reasoning text was announced
        bool done = false;
    };

    void start(const Json &chunk, QList<SseEvent> &out);
    void send(const char *type, Json fields, QList<SseEvent> &out);
    Item &openItem(Item::Kind kind, QList<SseEvent> &out, std::string callId = {},
                   const std::string &chatName = {});
    // A call's kind and client-side name from the name of the Chat function that stood for it.
    void nameCall(Item &item, const std::string &chatName) const;
    void addText(const std::string &text, QList<SseEvent> &out);
    void addReasoning(const std::string &text, QList<SseEvent> &out);
    // The open reasoning item, opened when there is none.
    Item &reasoningItem(QList<SseEvent> &out);
    void addThinkingBlock(const Json &event, QList<SseEvent> &out);
    void closeItem(Item &item, QList<SseEvent> &out);
    void closeAll(QList<SseEvent> &out);
    void complete(QList<SseEvent> &out);
    void fail(const std::string &code, const std::string &message, QList<SseEvent> &out);
    // sealed: with encrypted_content (what the client asked for, or for the store).
    Json itemJson(const Item &item, bool finished, bool sealed) const;
    Json responseJson(const char *status, const Json &output) const;
    void readUsage(const Json &chatUsage);
    // The custom tool's input from the arguments of the function that stands for it.
    static std::string customInput(const std::string &arguments);

    std::string m_model;
    std::string m_id;
    qint64 m_createdAt = 0;
    Json m_echo; // request settings every response object repeats
    ResponsesToOpenAiRequest::ToolNames m_tools;
    bool m_reasoningAsSummary = false;
    bool m_includeEncrypted = false;
    bool m_sealed = false; // signatures are kept (asked for, or stored)
    bool m_completed = false;

    TokenUsage m_usage;
    Json m_responsesUsage;
    std::vector<Item> m_items;
    int m_openMessage = -1;         // index into m_items, -1 when none is open
    int m_openReasoning = -1;       // likewise
    std::map<int, int> m_toolItems; // Chat tool_calls index -> index into m_items
    std::string m_finishReason;
    qint64 m_sequence = 0;
    bool m_started = false;
    bool m_done = false;
};

} // namespace llmux
