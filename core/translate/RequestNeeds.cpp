#include "core/translate/RequestNeeds.h"

namespace llmux {
namespace {

// Fields that hold data rather than prompt text (base64 images, signatures).
bool isDataKey(const std::string &key)
{
    return key == "data" || key == "url" || key == "image_url" || key == "file_data" ||
           key == "fileUri" || key == "encrypted_content" || key == "signature" ||
           key == "thoughtSignature" || key == "thought_signature" || key == "llmux_thinking";
}

qint64 textTokens(const std::string &text)
{
    qint64 ascii = 0;
    qint64 other = 0; // code points outside ASCII
    for (const unsigned char c : text) {
        if (c < 0x80)
            ++ascii;
        else if ((c & 0xC0) != 0x80)
            ++other;
    }
    return ascii / 4 + other / 2;
}

bool isImageMime(const Json &part)
{
    for (const char *key : {"mimeType", "mime_type"}) {
        const std::string mime = json::str(part, key);
        if (mime.rfind("image/", 0) == 0)
            return true;
    }
    return false;
}

// An image anywhere in this value, in any vendor's shape.
bool isImage(const Json &object)
{
    const std::string type = json::str(object, "type");
    if (type == "image_url" || type == "image" || type == "input_image")
        return true;
    for (const char *key : {"inlineData", "inline_data", "fileData", "file_data"})
        if (const auto it = object.find(key); it != object.end() && isImageMime(*it))
            return true;
    return false;
}

struct Walk
{
    RequestNeeds &needs;

    void visit(const Json &value, int depth)
    {
        if (depth > 64) // bodies are checked to nest at most 200 deep; content is shallower
            return;
        if (value.is_string()) {
            needs.promptTokens += textTokens(value.get_ref<const std::string &>());
        } else if (value.is_array()) {
            for (const Json &v : value)
                visit(v, depth + 1);
        } else if (value.is_object()) {
            if (!needs.images && isImage(value))
                needs.images = true;
            for (auto it = value.begin(); it != value.end(); ++it)
                if (!isDataKey(it.key()))
                    visit(it.value(), depth + 1);
        }
    }
};

std::optional<qint64> positive(const Json &object, const char *key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer() || it->get<qint64>() <= 0)
        return std::nullopt;
    return it->get<qint64>();
}

bool nonEmptyArray(const Json &body, const char *key)
{
    const auto it = body.find(key);
    return it != body.end() && it->is_array() && !it->empty();
}

// Where each client format keeps the answer's length limit: the object and its key.
QList<std::pair<Json *, const char *>> outputLimitFields(ApiFormat client, Json &body)
{
    switch (client) {
    case ApiFormat::OpenAiChat:
        return {{&body, "max_tokens"}, {&body, "max_completion_tokens"}};
    case ApiFormat::AnthropicMessages:
        return {{&body, "max_tokens"}};
    case ApiFormat::OpenAiResponses:
        return {{&body, "max_output_tokens"}};
    case ApiFormat::GeminiGenerate:
        if (const auto config = body.find("generationConfig");
            config != body.end() && config->is_object())
            return {{&*config, "maxOutputTokens"}};
        return {};
    }
    return {};
}

bool asksForReasoning(ApiFormat client, const Json &body)
{
    switch (client) {
    case ApiFormat::OpenAiChat: {
        const std::string effort = json::str(body, "reasoning_effort");
        return !effort.empty() && effort != "none";
    }
    case ApiFormat::AnthropicMessages: {
        const auto thinking = body.find("thinking");
        return thinking != body.end() && json::str(*thinking, "type") != "disabled" &&
               thinking->is_object();
    }
    case ApiFormat::OpenAiResponses: {
        const auto reasoning = body.find("reasoning");
        return reasoning != body.end() && reasoning->is_object() &&
               json::str(*reasoning, "effort") != "none";
    }
    case ApiFormat::GeminiGenerate: {
        const auto config = body.find("generationConfig");
        if (config == body.end() || !config->is_object())
            return false;
        const auto thinking = config->find("thinkingConfig");
        if (thinking == config->end() || !thinking->is_object())
            return false;
        // A budget of 0 turns thinking off; -1 leaves it to the model.
        const auto budget = thinking->find("thinkingBudget");
        return budget == thinking->end() || !budget->is_number_integer() ||
               budget->get<qint64>() != 0;
    }
    }
    return false;
}

} // namespace

RequestNeeds RequestNeeds::of(ApiFormat client, const Json &body)
{
    RequestNeeds needs;
    if (!body.is_object())
        return needs;
    needs.tools = nonEmptyArray(body, "tools") || nonEmptyArray(body, "functions");
    needs.reasoning = asksForReasoning(client, body);
    Walk walk{needs};
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != "tools" && it.key() != "functions" && it.key() != "model")
            walk.visit(it.value(), 1);
    const Json *limits = &body;
    if (client == ApiFormat::GeminiGenerate) {
        const auto config = body.find("generationConfig");
        limits = config != body.end() ? &*config : nullptr;
    }
    for (const char *key :
         {"max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens"})
        if (limits)
            if (const std::optional<qint64> limit = positive(*limits, key))
                needs.maxOutputTokens = limit;
    return needs;
}

QString RequestNeeds::unmetBy(const ModelCapabilities &c) const
{
    if (images && c.images == false)
        return QStringLiteral("it takes no images");
    if (tools && c.tools == false)
        return QStringLiteral("it takes no tools");
    if (c.contextWindow && promptTokens > *c.contextWindow)
        return QStringLiteral("the prompt (about %1 tokens) is over its context window of %2 "
                              "tokens")
            .arg(promptTokens)
            .arg(*c.contextWindow);
    return QString();
}

bool RequestFit::apply(ApiFormat client, Json &body, const ModelCapabilities &c,
                       TranslationNotes &notes)
{
    if (!body.is_object())
        return false;
    bool changed = false;
    if (c.maxOutputTokens) {
        for (const auto &[object, key] : outputLimitFields(client, body)) {
            const std::optional<qint64> asked = positive(*object, key);
            if (!asked || *asked <= *c.maxOutputTokens)
                continue;
            (*object)[key] = *c.maxOutputTokens;
            notes.drop(QString::fromLatin1(key),
                       QStringLiteral("lowered from %1 to the model's limit of %2")
                           .arg(*asked)
                           .arg(*c.maxOutputTokens));
            changed = true;
        }
        // Anthropic's thinking budget must stay below max_tokens.
        if (client == ApiFormat::AnthropicMessages) {
            const auto thinking = body.find("thinking");
            const std::optional<qint64> budget =
                thinking != body.end() ? positive(*thinking, "budget_tokens") : std::nullopt;
            const qint64 max = positive(body, "max_tokens").value_or(0);
            if (budget && max > 0 && *budget >= max) {
                if (max > 1024)
                    (*thinking)["budget_tokens"] = max - 1;
                else
                    body.erase("thinking");
                notes.drop(QStringLiteral("thinking.budget_tokens"),
                           QStringLiteral("kept below the lowered max_tokens"));
                changed = true;
            }
        }
    }
    if (c.reasoning == false && asksForReasoning(client, body)) {
        switch (client) {
        case ApiFormat::OpenAiChat:
            body.erase("reasoning_effort");
            break;
        case ApiFormat::AnthropicMessages:
            body.erase("thinking");
            break;
        case ApiFormat::OpenAiResponses:
            body.erase("reasoning");
            break;
        case ApiFormat::GeminiGenerate:
            body["generationConfig"].erase("thinkingConfig");
            break;
        }
        notes.drop(QStringLiteral("reasoning"), QStringLiteral("the model does not reason"));
        changed = true;
    }
    return changed;
}

} // namespace llmux
