#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace llmux {

struct ChatMessage
{
    QString role; // "system", "user" or "assistant"
    QString content;
    QString speaker; // who the transcript names (the model, for a reply); never sent
};

// One streamed chat completion as the Playground sends it to the gateway: the model, the
// parameters, the conversation so far. Knows its JSON body and how to write it as a curl command
// that names the key only as $LLMUX_API_KEY, never the key itself.
struct ChatRequest
{
    QString model;
    QString systemPrompt;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    QList<ChatMessage> messages; // user and assistant turns, oldest first

    // The OpenAI Chat Completions body, streamed with the usage chunk at the end.
    QByteArray body() const;
    // A shell command that sends the same request to the gateway at baseUrl (".../v1").
    QString curlCommand(const QString &baseUrl) const;
};

} // namespace llmux
