#pragma once

#include "core/domain/TokenUsage.h"
#include "core/http/SseParser.h"

#include <QByteArray>
#include <QList>

namespace llmux {

// One server-sent event going to the client. An event with raw bytes is forwarded as they are.
struct SseEvent
{
    QByteArray event; // "event:" field, empty for OpenAI-style streams
    QByteArray data;
    QByteArray raw;

    QByteArray render() const
    {
        if (!raw.isEmpty())
            return raw;
        QByteArray out;
        out.reserve(event.size() + data.size() + 16);
        if (!event.isEmpty())
            out += "event: " + event + '\n';
        return out + "data: " + data + "\n\n";
    }
};

// Turns a provider's successful answer into the client's format: a whole body, or a stream one
// event at a time as events arrive (never buffering the whole stream). Also reads the token usage
// on the way. Bodies and events it cannot understand throw (nlohmann::json::exception or
// TranslationError); the relay turns that into an error in the client's format.
class ResponseTranslator
{
public:
    virtual ~ResponseTranslator() = default;

    virtual QByteArray translateBody(const QByteArray &body) = 0;
    virtual void translateEvent(const SseParser::Event &event, QList<SseEvent> &out) = 0;
    // The provider's stream ended cleanly; closes the client's stream (or reports that the
    // provider stopped before finishing).
    virtual void finish(QList<SseEvent> &out) = 0;
    virtual TokenUsage usage() const = 0;
    // The events that end a stream already begun with an error, when the client's format needs
    // the translator's state for them (a Responses stream's response id and sequence numbers);
    // empty: ErrorBody::streamEvent's event does.
    virtual QByteArray streamFailure(int status, QByteArrayView code, const QString &message)
    {
        Q_UNUSED(status);
        Q_UNUSED(code);
        Q_UNUSED(message);
        return {};
    }
    // A Responses answer that completed, as the response object to keep for the next turn
    // (with everything the provider needs back, encrypted_content included); empty otherwise.
    virtual QByteArray completedResponse() const { return {}; }
};

} // namespace llmux
