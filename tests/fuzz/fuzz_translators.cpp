// Every translator: requests from each client format to each provider format, and answers (whole
// bodies and streams, in any pieces) from each provider format to each client format. Whatever
// arrives, a translator returns or throws a std::exception, which the gateway turns into a clean
// error; what it returns is JSON.
#include "core/http/SseParser.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/Translation.h"
#include "core/translate/TranslationSupport.h"
#include "tests/fuzz/FuzzInput.h"

#include <cstdlib>
#include <exception>

namespace {

using namespace llmux;

constexpr ApiFormat kFormats[] = {ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
                                  ApiFormat::GeminiGenerate, ApiFormat::OpenAiResponses};
constexpr ApiFormat kClients[] = {ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
                                  ApiFormat::GeminiGenerate, ApiFormat::OpenAiResponses};

void mustBeJson(const QByteArray &bytes)
{
    if (Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false)
            .is_discarded())
        std::abort();
}

void translateRequest(QByteArrayView bytes)
{
    if (json::nestsDeeperThan(bytes, 200))
        return; // the gateway refuses it before any translator sees it
    const Json body = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (body.is_discarded())
        return;
    for (ApiFormat client : kFormats)
        for (ApiFormat upstream : kFormats) {
            TranslationNotes notes;
            const Result<Json> out = Translation::request(client, upstream, body, notes);
            if (out)
                mustBeJson(json::toBytes(*out));
        }
}

// Answers in the client's own format are passed through as they came (whatever the provider
// sent); only translated ones are LLMux's to get right.
void translateBody(ApiFormat upstream, QByteArrayView bytes)
{
    for (ApiFormat client : kClients) {
        const auto t = Translation::response(client, upstream, "m", false);
        try {
            const QByteArray out = t->translateBody(bytes.toByteArray());
            if (client != upstream)
                mustBeJson(out);
        } catch (const std::exception &) {
        }
    }
}

void translateStream(ApiFormat upstream, qsizetype piece, QByteArrayView bytes, bool usage)
{
    for (ApiFormat client : kClients) {
        const auto t = Translation::response(client, upstream, "m", usage);
        SseParser parser;
        QList<SseEvent> out;
        try {
            for (const QByteArrayView chunk : fuzz::pieces(bytes, piece))
                for (const SseParser::Event &e : parser.feed(chunk))
                    t->translateEvent(e, out);
            t->finish(out);
        } catch (const std::exception &) {
        }
        if (client != upstream)
            for (const SseEvent &e : out)
                if (e.raw.isEmpty() && e.data != "[DONE]")
                    mustBeJson(e.data);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::FuzzInput in(data, size);
    const uint8_t mode = in.choice();
    const ApiFormat upstream = kFormats[(mode >> 2) % 4];
    switch (mode & 3) {
    case 0:
        translateRequest(in.rest());
        break;
    case 1:
        translateBody(upstream, in.rest());
        break;
    default:
        translateStream(upstream, fuzz::pieceSize(in.choice()), in.rest(), mode & 0x40);
        break;
    }
    return 0;
}
