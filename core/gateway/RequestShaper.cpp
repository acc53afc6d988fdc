#include "core/gateway/RequestShaper.h"

#include "core/translate/GeminiClientEmbeddings.h"
#include "core/translate/GeminiEmbeddings.h"
#include "core/translate/PassThroughResponse.h"
#include "core/translate/RequestNeeds.h"
#include "core/translate/TokenCounting.h"
#include "core/translate/Translation.h"

namespace llmux {
namespace {

// Streams of OpenAI-format endpoints report usage only when asked; LLMux always asks and
// PassThroughResponse hides the extra chunk from clients that did not. Returns whether the client
// asked itself.
bool requestUsageChunk(Json &body, bool &rewritten)
{
    Json &streamOptions = body["stream_options"];
    if (!streamOptions.is_object())
        streamOptions = Json::object();
    const auto include = streamOptions.find("include_usage");
    const bool clientAsked =
        include != streamOptions.end() && include->is_boolean() && include->get<bool>();
    if (!clientAsked) {
        streamOptions["include_usage"] = true;
        rewritten = true;
    }
    return clientAsked;
}

} // namespace

RequestShaper::Inbound RequestShaper::read(const QByteArray &bytes,
                                           const std::optional<UrlFacts> &url)
{
    Inbound in;
    constexpr int kMaxNesting = 200;
    if (json::nestsDeeperThan(bytes, kMaxNesting)) {
        in.error = GatewayError{
            400,
            "invalid_request",
            QStringLiteral("The request body nests objects and arrays more than %1 levels "
                           "deep; LLMux does not accept it.")
                .arg(kMaxNesting),
            {}};
        return in;
    }
    try {
        in.body = json::parse(bytes);
    } catch (const Json::parse_error &e) {
        in.error = GatewayError{400,
                                "invalid_json",
                                QStringLiteral("The request body is not valid JSON: %1")
                                    .arg(QString::fromUtf8(e.what())),
                                {}};
        return in;
    }
    if (!in.body.is_object()) {
        in.error = GatewayError{
            400, "invalid_request", QStringLiteral("The request body must be a JSON object."), {}};
        return in;
    }
    if (url) {
        if (url->model.isEmpty()) {
            in.error =
                GatewayError{400, "missing_model", QStringLiteral("The URL names no model."), {}};
            return in;
        }
        if (size_t(url->model.toUtf8().size()) > kMaxModelNameBytes) {
            in.error = GatewayError{
                400,
                "invalid_model",
                QStringLiteral("The model name is longer than %1 bytes.").arg(kMaxModelNameBytes),
                {}};
            return in;
        }
        in.model = url->model;
        in.stream = url->stream;
        in.batch = url->batch;
        return in;
    }
    const auto model = in.body.find("model");
    if (model == in.body.end() || !model->is_string() ||
        model->get_ref<const std::string &>().empty()) {
        in.error = GatewayError{
            400, "missing_model", QStringLiteral("The request needs a \"model\" string."), {}};
        return in;
    }
    // Bounded before it is echoed, logged or indexed: a name is never this long, and a long one
    // would be copied into the answer and the request log.
    const std::string &name = model->get_ref<const std::string &>();
    if (name.size() > kMaxModelNameBytes) {
        in.error = GatewayError{
            400,
            "invalid_model",
            QStringLiteral("The model name is %1 bytes long; LLMux accepts names of up to "
                           "%2 bytes.")
                .arg(name.size())
                .arg(kMaxModelNameBytes),
            {}};
        return in;
    }
    in.model = QString::fromStdString(name);
    // LLMux decides on "stream" itself (and translators copy it): anything but a boolean would
    // be read one way here and another way upstream.
    const auto stream = in.body.find("stream");
    if (stream != in.body.end() && !stream->is_boolean() && !stream->is_null()) {
        in.error = GatewayError{
            400, "invalid_request", QStringLiteral("\"stream\" must be true or false."), {}};
        return in;
    }
    in.stream = stream != in.body.end() && stream->is_boolean() && stream->get<bool>();
    return in;
}

RequestShaper::Outbound RequestShaper::shape(Inbound in, const QByteArray &clientBytes,
                                             Operation operation, ApiFormat client,
                                             ApiFormat upstream, const QString &upstreamModel,
                                             const ModelCapabilities &capabilities)
{
    Outbound out;
    out.stream =
        in.stream && (operation == Operation::Generate || operation == Operation::TextCompletions);
    out.upstreamFormat = upstream;
    const std::string clientModel = in.model.toStdString();
    const std::string model = upstreamModel.toStdString();
    bool rewritten = false;
    // Gemini's embeddings, for whichever provider: always reshaped (the batch names the model).
    if (client == ApiFormat::GeminiGenerate && operation == Operation::Embeddings) {
        try {
            out.body = json::toBytes(
                upstream == ApiFormat::GeminiGenerate
                    ? GeminiClientEmbeddings::toGemini(in.body, in.batch, model)
                    : GeminiClientEmbeddings::toOpenAi(in.body, in.batch, model, out.notes));
        } catch (const std::exception &e) {
            out.error = GatewayError{400, "invalid_request", QString::fromUtf8(e.what()), {}};
            return out;
        }
        out.translator = GeminiClientEmbeddings::response(upstream, in.batch);
        return out;
    }
    // An answer longer than the model writes, reasoning for a model that does not reason: asked
    // for in a way the model takes rather than refused.
    if (operation == Operation::Generate &&
        RequestFit::apply(client, in.body, capabilities, out.notes))
        rewritten = true;
    // Gemini's model and method are in the URL, which the provider's adapter writes.
    const bool modelInUrl = client == ApiFormat::GeminiGenerate;
    if (!modelInUrl && in.model != upstreamModel) {
        in.body["model"] = model;
        rewritten = true;
    }

    if (client == upstream || operation == Operation::TextCompletions ||
        (operation != Operation::Generate && upstream != ApiFormat::GeminiGenerate &&
         client != ApiFormat::GeminiGenerate)) {
        // Same format: the body goes as it is, the answer comes back as it is.
        bool clientWantsUsage = false;
        if (out.stream && upstream == ApiFormat::OpenAiChat)
            clientWantsUsage = requestUsageChunk(in.body, rewritten);
        out.body = rewritten ? json::toBytes(in.body) : clientBytes;
        out.translator = std::make_unique<PassThroughResponse>(client, clientWantsUsage);
        return out;
    }

    try {
        if (operation == Operation::Embeddings) {
            const bool base64 = json::str(in.body, "encoding_format") == "base64";
            out.body = json::toBytes(GeminiEmbeddings::request(in.body, model, out.notes));
            out.translator = GeminiEmbeddings::response(clientModel, base64);
            return out;
        }
    } catch (const std::exception &e) {
        out.error = GatewayError{400, "unsupported_request", QString::fromUtf8(e.what()), {}};
        return out;
    }

    if (modelInUrl) {
        in.body["model"] = model;
        in.body["stream"] = out.stream;
    }
    const Result<Json> translated = Translation::request(client, upstream, in.body, out.notes);
    if (!translated) {
        out.error = GatewayError{400, "unsupported_request", translated.error(), {}};
        return out;
    }
    if (operation == Operation::CountTokens) {
        if (upstream == ApiFormat::GeminiGenerate) {
            out.body = json::toBytes(GeminiCountTokens::request(*translated, model));
            out.translator = GeminiCountTokens::response();
        } else if (upstream == ApiFormat::AnthropicMessages) {
            out.body = json::toBytes(AnthropicCountTokens::request(*translated));
            out.translator = AnthropicCountTokens::response();
        } else {
            out.error = GatewayError{400,
                                     "unsupported_endpoint",
                                     QStringLiteral("OpenAI-compatible providers cannot count "
                                                    "tokens; pick a Gemini or Anthropic model."),
                                     {}};
        }
        return out;
    }
    out.body = json::toBytes(*translated);
    bool clientWantsUsage = false;
    if (const auto options = in.body.find("stream_options");
        options != in.body.end() && options->is_object())
        if (const auto include = options->find("include_usage");
            include != options->end() && include->is_boolean())
            clientWantsUsage = include->get<bool>();
    out.translator =
        Translation::response(client, upstream, clientModel, clientWantsUsage, in.body);
    return out;
}

} // namespace llmux
