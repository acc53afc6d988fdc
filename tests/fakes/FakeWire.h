#pragma once

// Internal to the fakes: what one vendor's wire format looks like. The connection (FakeConnection)
// speaks HTTP and plays the scenarios; a FakeWire only turns requests into calls and calls into
// bytes, so each vendor's format lives in one file (OpenAiWire.cpp, AnthropicWire.cpp,
// GeminiWire.cpp).

#include "tests/fakes/FakeUpstream.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace llmux::test {

using Json = nlohmann::json;

struct FakeRequest
{
    QByteArray method, path, body;                // path as sent, query included
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    int serial = 0;                               // 1 for the fake's first request, for ids

    QByteArray header(const QByteArray &lowerName) const;
    QByteArray route() const; // the path without the query
    QByteArray query(const QByteArray &name) const;
};

struct FakeReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray headers; // extra header lines, each ending in \r\n
    QByteArray body;
};

// One framed piece of a stream (an SSE event, or an element of a JSON array), written as one HTTP
// chunk. Lead parts go out before any content and are never held back; Text parts are the content
// pieces that chunks-/cut-/stall- count and space out; Frame parts are the rest.
struct FakeEvent
{
    enum class Part { Lead, Text, Frame };
    Part part;
    QByteArray bytes;
};

struct FakeStream
{
    QByteArray contentType = "text/event-stream";
    QByteArray headers;
    QList<FakeEvent> events;
};

// A generation request as the wire understood it, with the reply the scenario asks for.
struct FakeTurn
{
    int endpoint = 0; // the wire's own tag (e.g. chat or legacy completions)
    int serial = 0;
    std::string model;
    std::string id;
    qint64 created = 0;
    bool stream = false;
    bool includeUsage = false;
    QString prompt;    // text of the last user message
    QString tool;      // name of the first declared tool, if any
    QStringList words; // the reply text, streamed one word and a space per piece
    bool callTool = false;
    bool customTool = false; // tool is a freeform one (the Responses API's "custom")
    bool think = false;
    // The conversation ends with a tool's result: a tool-calling model now answers in text
    // (about the result, which becomes the prompt) instead of calling again.
    bool toolAnswered = false;
};

// What a request asks for: either a ready reply (listings, embeddings, token counts, rejections),
// or a generation the connection plays. The scenario comes from model.
struct FakeCall
{
    QByteArray model;
    std::optional<FakeReply> reply;
    FakeTurn turn;
};

class FakeWire
{
public:
    virtual ~FakeWire() = default;
    virtual QString baseUrl(quint16 port) const = 0;
    virtual FakeCall route(const FakeRequest &request) const = 0;
    virtual FakeReply error(int status, const QString &message, int serial) const = 0;
    virtual FakeReply reply(const FakeTurn &turn) const = 0;
    virtual FakeStream stream(const FakeTurn &turn) const = 0;
};

std::unique_ptr<FakeWire> makeOpenAiWire(bool responses);
std::unique_ptr<FakeWire> makeAnthropicWire();
std::unique_ptr<FakeWire> makeGeminiWire();

// What all dialects share, so that tests can compare them.
namespace fakewire {

inline constexpr int kThoughtTokens = 3;
inline constexpr const char *kThinking = "Thinking it over.";
inline constexpr const char *kSignature = "sig-fake";
inline constexpr const char *kToolPreamble = "Let me check.";
// {"city":"Paris"} in the fragments a streamed tool call sends.
inline const QList<std::string> kArgumentFragments = {"{\"ci", "ty\":\"Pa", "ris\"}"};

Json toolArguments();
Json parse(const QByteArray &body); // discarded (is_discarded()) when not JSON
QByteArray dump(const Json &json);
// Text of a message content: a string, or the text of its parts ({"text": ...}).
QString textOf(const Json &content);
// The words the fake answers with, the same in every dialect.
QStringList replyWords(const QString &prompt);
// One piece of a stream: a word and the space after it.
std::string piece(const QString &word);
// A deterministic 8-dimension embedding of text (multiples of 1/128, exact as float32).
QList<double> embedding(const std::string &text);
// The embedding as OpenAI's encoding_format "base64": little-endian float32s.
std::string embeddingBase64(const QList<double> &values);

} // namespace fakewire

} // namespace llmux::test
