#include "core/translate/TokenCounting.h"

#include "core/translate/BodyOnlyResponse.h"

namespace llmux {
namespace {

// Renames the one count a vendor answers with into the client's field.
class CountResponse : public BodyOnlyResponse
{
public:
    CountResponse(const char *from, const char *to)
        : m_from(from)
        , m_to(to)
    {}
    QByteArray translateBody(const QByteArray &body) override
    {
        const Json in = json::parse(body);
        const Json &count = in.at(m_from);
        if (count.is_number_integer())
            m_usage.promptTokens = count.get<qint64>();
        return json::toBytes({{m_to, count}});
    }

private:
    const char *m_from;
    const char *m_to;
};

} // namespace

Json GeminiCountTokens::request(Json generateBody, const std::string &upstreamModel)
{
    generateBody["model"] =
        upstreamModel.rfind("models/", 0) == 0 ? upstreamModel : "models/" + upstreamModel;
    return {{"generateContentRequest", std::move(generateBody)}};
}

std::unique_ptr<ResponseTranslator> GeminiCountTokens::response()
{
    return std::make_unique<CountResponse>("totalTokens", "input_tokens");
}

Json AnthropicCountTokens::request(const Json &messagesBody)
{
    Json out = Json::object();
    for (const char *key : {"model", "system", "messages", "tools", "tool_choice", "thinking"})
        if (json::has(messagesBody, key))
            out[key] = messagesBody[key];
    return out;
}

std::unique_ptr<ResponseTranslator> AnthropicCountTokens::response()
{
    return std::make_unique<CountResponse>("input_tokens", "totalTokens");
}

} // namespace llmux
