#pragma once

#include "core/domain/GatewayError.h"
#include "core/domain/ModelCapabilities.h"
#include "core/providers/ProviderAdapter.h"
#include "core/translate/ApiFormat.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/TranslationSupport.h"

#include <memory>
#include <optional>

namespace llmux {

// Reads a client's request body and makes the body the provider gets: the upstream model name,
// the usage chunk asked for on streams, answer lengths and reasoning fitted to the model's
// capabilities, and translation when the formats differ — plus the
// translator that brings the answer back. A body that needs nothing but what is already there is
// sent as the client's own bytes.
class RequestShaper
{
public:
    struct Inbound
    {
        Json body;
        QString model;
        bool stream = false;
        bool batch = false;                // UrlFacts::batch
        std::optional<GatewayError> error; // set: the request is refused with it
    };
    // What the URL says about a request whose format puts it there (Gemini: the model, and
    // whether the method streams); the body then carries neither.
    struct UrlFacts
    {
        QString model;
        bool stream = false;
        bool batch = false; // batchEmbedContents rather than embedContent
    };
    static Inbound read(const QByteArray &body, const std::optional<UrlFacts> &url = std::nullopt);
    // Longer model names are refused (400) before anything echoes or records them.
    static constexpr size_t kMaxModelNameBytes = 256;

    struct Outbound
    {
        QByteArray body;
        bool stream = false;
        ApiFormat upstreamFormat = ApiFormat::OpenAiChat;
        std::unique_ptr<ResponseTranslator> translator;
        TranslationNotes notes;
        std::optional<GatewayError> error; // set: this target cannot take the request
    };
    static Outbound shape(Inbound in, const QByteArray &clientBytes, Operation operation,
                          ApiFormat client, ApiFormat upstream, const QString &upstreamModel,
                          const ModelCapabilities &capabilities = {});
};

} // namespace llmux
