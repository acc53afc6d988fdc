#pragma once

#include "core/domain/GatewayError.h"
#include "core/translate/TranslationSupport.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace llmux {

class ResponseStore;

// The Responses API's conversation state on LLMux's own store, the same with every provider:
// previous_response_id puts the stored conversation in front of a request's input, and an
// answered request with store (the default) is kept for the next turn and for GET and DELETE
// /v1/responses/{id}. Scoped to the gateway key that made it.
class StoredResponses
{
public:
    // What a request says about its own storing, read before its input is expanded.
    struct Turn
    {
        bool store = true;
        QString previousId;
        QByteArray ownInput; // JSON array: the input items this request adds
    };

    // Reads store and previous_response_id; with a previous response, replaces the input with
    // the conversation so far followed by this input, and removes previous_response_id. An
    // unknown id (or one of another key) is a 400 previous_response_not_found.
    static std::optional<GatewayError> expand(Json &body, const ResponseStore &store, qint64 keyId,
                                              Turn &turn);
    // Keeps an answered turn (when it asked to be stored).
    static void remember(ResponseStore &store, const Turn &turn, qint64 keyId,
                         const QByteArray &response);

    // Longer ids are refused before they are looked up or echoed.
    static constexpr qsizetype kMaxIdLength = 200;
    // How far back a conversation is followed, and how big it may grow, before the oldest turns
    // are left out.
    static constexpr int kMaxTurns = 5000;
    static constexpr qint64 kMaxHistoryBytes = 64LL * 1024 * 1024;
};

} // namespace llmux
