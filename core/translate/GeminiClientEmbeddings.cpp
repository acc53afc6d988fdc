#include "core/translate/GeminiClientEmbeddings.h"

#include "core/translate/BodyOnlyResponse.h"

namespace llmux {
namespace {

// The EmbedContentRequests of a call: the one of embedContent (its body), or batch's list.
Json requestsOf(const Json &body, bool batch)
{
    if (!batch)
        return Json::array({body});
    const Json *requests = json::field(body, "requests", "requests");
    if (!requests || !requests->is_array() || requests->empty())
        throw TranslationError(QStringLiteral("requests: at least one request is required."));
    return *requests;
}

const Json &contentOf(const Json &request)
{
    const Json *content = json::field(request, "content", "content");
    if (!content || !content->is_object())
        throw TranslationError(QStringLiteral("content: the text to embed is required."));
    return *content;
}

std::string textOf(const Json &content)
{
    std::string text;
    if (const auto parts = content.find("parts"); parts != content.end() && parts->is_array())
        for (const Json &part : *parts) {
            if (json::has(part, "text"))
                text += json::str(part, "text");
            else
                throw TranslationError(
                    QStringLiteral("content.parts: only text can be embedded here."));
        }
    return text;
}

class EmbeddingsBack : public BodyOnlyResponse
{
public:
    EmbeddingsBack(ApiFormat upstream, bool batch)
        : m_upstream(upstream)
        , m_batch(batch)
    {}

    QByteArray translateBody(const QByteArray &body) override
    {
        const Json in = json::parse(body);
        Json embeddings = Json::array();
        if (m_upstream == ApiFormat::GeminiGenerate) {
            embeddings = in.at("embeddings");
        } else {
            // OpenAI's list, by index; its usage counts the prompt.
            std::vector<std::pair<int, Json>> byIndex;
            for (const Json &item : in.at("data"))
                byIndex.emplace_back(item.value("index", 0), item.at("embedding"));
            std::sort(byIndex.begin(), byIndex.end(),
                      [](const auto &a, const auto &b) { return a.first < b.first; });
            for (auto &[index, values] : byIndex)
                embeddings.push_back({{"values", std::move(values)}});
            if (const auto usage = in.find("usage"); usage != in.end() && usage->is_object())
                if (auto prompt = usage->find("prompt_tokens");
                    prompt != usage->end() && prompt->is_number_integer()) {
                    m_usage.promptTokens = prompt->get<qint64>();
                    m_usage.completionTokens = 0;
                }
        }
        if (m_batch)
            return json::toBytes({{"embeddings", std::move(embeddings)}});
        if (embeddings.empty())
            throw TranslationError(QStringLiteral("the provider returned no embedding"));
        return json::toBytes({{"embedding", std::move(embeddings.front())}});
    }

private:
    ApiFormat m_upstream;
    bool m_batch;
};

} // namespace

Json GeminiClientEmbeddings::toGemini(const Json &body, bool batch,
                                      const std::string &upstreamModel)
{
    const std::string model =
        upstreamModel.rfind("models/", 0) == 0 ? upstreamModel : "models/" + upstreamModel;
    Json requests = Json::array();
    for (Json request : requestsOf(body, batch)) {
        contentOf(request);       // present
        request["model"] = model; // Gemini wants the URL's model in every request
        requests.push_back(std::move(request));
    }
    return {{"requests", std::move(requests)}};
}

Json GeminiClientEmbeddings::toOpenAi(const Json &body, bool batch,
                                      const std::string &upstreamModel, TranslationNotes &notes)
{
    Json input = Json::array();
    Json dimensions;
    for (const Json &request : requestsOf(body, batch)) {
        input.push_back(textOf(contentOf(request)));
        if (const Json *size =
                json::field(request, "outputDimensionality", "output_dimensionality");
            size && size->is_number_integer())
            dimensions = *size;
        if (json::field(request, "taskType", "task_type") || json::field(request, "title", "title"))
            notes.drop(QStringLiteral("taskType"), QStringLiteral("no OpenAI equivalent"));
    }
    Json out = {{"model", upstreamModel}, {"input", std::move(input)}};
    if (!dimensions.is_null())
        out["dimensions"] = dimensions;
    return out;
}

std::unique_ptr<ResponseTranslator> GeminiClientEmbeddings::response(ApiFormat upstream, bool batch)
{
    return std::make_unique<EmbeddingsBack>(upstream, batch);
}

} // namespace llmux
