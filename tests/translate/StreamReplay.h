#pragma once

#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <QFile>
#include <QString>

#include <map>

// QCOMPARE for JSON values, printing both sides when they differ.
#define JCOMPARE(actual, expected)                                                                 \
    QCOMPARE(QString::fromStdString(llmux::Json(actual).dump()),                                   \
             QString::fromStdString(llmux::Json(expected).dump()))

namespace llmux::test {

// Whether a translator noted that it left `field` out ("field: why").
bool noted(const TranslationNotes &notes, const QString &field);

// Fixture files (vendor transcripts) under tests/fixtures/translate.
QByteArray fixture(const QString &relativePath);
Json fixtureJson(const QString &relativePath);

// Feeds a provider's SSE transcript through a translator in small, uneven pieces (as a network
// delivers it) and returns what the client would receive.
QList<SseEvent> replayStream(ResponseTranslator &translator, const QByteArray &transcript,
                             int pieceSize = 37);

// What an Anthropic SDK builds from a Messages event stream, after checking the sequence is one
// the SDK accepts: message_start first, deltas only inside an open block, message_delta then
// message_stop last. `problem` says what was wrong, if anything.
struct AnthropicMessage
{
    Json message; // content blocks with text, thinking, tool_use input parsed
    QString problem;
    QString errorType; // from an "error" event
    QStringList eventTypes;
};
AnthropicMessage accumulateAnthropic(const QList<SseEvent> &events);

// What an OpenAI SDK builds from chat.completion.chunk events, after checking every chunk is a
// chunk and [DONE] comes last.
struct OpenAiMessage
{
    std::string content, reasoning, finishReason;
    Json toolCalls = Json::array(); // [{id, name, arguments (string), extra_content}]
    Json usage;
    bool done = false;
    QString problem;
    QString error; // message of an {"error":...} event
};
OpenAiMessage accumulateOpenAi(const QList<SseEvent> &events);

// What Codex and the OpenAI SDK build from a Responses event stream, after checking it keeps the
// rules they rely on: response.created first with the response id every later response object
// repeats; sequence_number 0, 1, 2, ... on every event; each output item added once at a fresh
// output_index, its deltas only while it is open, its output_item.done once; one final
// response.completed / .incomplete / .failed, last.
struct ResponsesResult
{
    Json response;                             // the final response object
    Json items = Json::array();                // the output items, as output_item.done carried them
    std::map<std::string, std::string> deltas; // item id -> its text / arguments from deltas
    QString problem;
    QStringList eventTypes;
};
ResponsesResult accumulateResponses(const QList<SseEvent> &events);

// What a Gemini client (@google/genai, Gemini CLI) builds from a ?alt=sse stream, after checking
// every event is a GenerateContentResponse, function calls come whole and the finish reason (with
// the usage) comes on the last event only.
struct GeminiResult
{
    std::string text, thoughts, finishReason;
    Json calls = Json::array(); // the functionCall parts, with their thoughtSignature
    Json usage;
    QString problem;
};
GeminiResult accumulateGemini(const QList<SseEvent> &events);

} // namespace llmux::test
