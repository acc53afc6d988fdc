#include "core/translate/GeminiEmbeddings.h"

#include "core/translate/BodyOnlyResponse.h"

#include <QtEndian>

namespace llmux {
namespace {

std::string modelPath(const std::string &model)
{
    return model.rfind("models/", 0) == 0 ? model : "models/" + model;
}

class EmbeddingsResponse : public BodyOnlyResponse
{
public:
    EmbeddingsResponse(std::string model, bool base64)
        : m_model(std::move(model))
        , m_base64(base64)
    {}

    QByteArray translateBody(const QByteArray &body) override
    {
        const Json in = json::parse(body);
        Json data = Json::array();
        int index = 0;
        for (const Json &embedding : in.at("embeddings")) {
            const Json &values = embedding.at("values");
            Json vector;
            if (m_base64) {
                QByteArray bytes(qsizetype(values.size() * 4), Qt::Uninitialized);
                for (size_t i = 0; i < values.size(); ++i)
                    qToLittleEndian(values[i].get<float>(), bytes.data() + i * 4);
                vector = bytes.toBase64().toStdString();
            } else {
                vector = values;
            }
            data.push_back(
                {{"object", "embedding"}, {"index", index++}, {"embedding", std::move(vector)}});
        }
        // Gemini's embedding endpoints report no token counts.
        return json::toBytes({{"object", "list"},
                              {"data", std::move(data)},
                              {"model", m_model},
                              {"usage", {{"prompt_tokens", 0}, {"total_tokens", 0}}}});
    }

private:
    std::string m_model;
    bool m_base64;
};

} // namespace

Json GeminiEmbeddings::request(const Json &in, const std::string &upstreamModel,
                               TranslationNotes &notes)
{
    const Json &input = in.at("input");
    Json texts = input.is_string() ? Json::array({input}) : input;
    Json requests = Json::array();
    for (const Json &text : texts) {
        if (!text.is_string())
            throw TranslationError(QStringLiteral(
                "input: Gemini embeds text; token arrays cannot be sent to a Gemini model."));
        Json r = {{"model", modelPath(upstreamModel)},
                  {"content", {{"parts", Json::array({{{"text", text}}})}}}};
        if (json::has(in, "dimensions"))
            r["outputDimensionality"] = in["dimensions"];
        requests.push_back(std::move(r));
    }
    if (json::has(in, "user"))
        notes.drop(QStringLiteral("user"), QStringLiteral("no Gemini equivalent"));
    return {{"requests", std::move(requests)}};
}

std::unique_ptr<ResponseTranslator> GeminiEmbeddings::response(std::string clientModel, bool base64)
{
    return std::make_unique<EmbeddingsResponse>(std::move(clientModel), base64);
}

} // namespace llmux
