#include "core/translate/GeminiToOpenAiRequest.h"

#include "core/translate/ChatReading.h"

#include <deque>
#include <map>

namespace llmux {
namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

using json::field;

std::string lower(std::string text)
{
    for (char &c : text)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Builds the Chat messages from the contents, in order.
class MessageBuilder
{
public:
    explicit MessageBuilder(TranslationNotes &notes)
        : m_notes(notes)
    {}

    void system(const std::string &text)
    {
        if (!text.empty())
            m_messages.push_back({{"role", "system"}, {"content", text}});
    }

    void content(const Json &content)
    {
        if (!content.is_object())
            throw TranslationError(QStringLiteral("contents: every entry must be an object."));
        const std::string role = json::str(content, "role", "user");
        const Json *parts = field(content, "parts", "parts");
        if (!parts || !parts->is_array())
            throw TranslationError(QStringLiteral("contents: every entry needs parts."));
        if (role == "model")
            modelTurn(*parts);
        else if (role == "user" || role == "function" || role == "tool")
            userTurn(*parts);
        else
            throw TranslationError(QStringLiteral("contents: unknown role \"%1\".").arg(qs(role)));
    }

    Json take() { return std::move(m_messages); }

private:
    void modelTurn(const Json &parts)
    {
        Json message = {{"role", "assistant"}, {"content", nullptr}};
        std::string text, reasoning;
        Json calls = Json::array();
        for (const Json &part : parts) {
            if (const Json *call = field(part, "functionCall", "function_call")) {
                const std::string name = json::str(*call, "name");
                std::string id = json::str(*call, "id");
                if (id.empty())
                    id = "call_" + name + "_" + std::to_string(m_madeUpIds++);
                m_pending[name].push_back(id);
                Json toolCall = {
                    {"id", id},
                    {"type", "function"},
                    {"function",
                     {{"name", name}, {"arguments", call->value("args", Json::object()).dump()}}}};
                if (const Json *signature = field(part, "thoughtSignature", "thought_signature");
                    signature && signature->is_string())
                    chat::setThoughtSignature(toolCall, signature->get<std::string>());
                calls.push_back(std::move(toolCall));
            } else if (part.value("thought", false)) {
                reasoning += json::str(part, "text");
            } else if (json::has(part, "text")) {
                text += json::str(part, "text");
            } else {
                m_notes.drop(QStringLiteral("contents.parts"),
                             QStringLiteral("a model part other than text or functionCall"));
            }
        }
        if (!text.empty() || calls.empty())
            message["content"] = text;
        if (!reasoning.empty())
            message["reasoning_content"] = reasoning;
        if (!calls.empty())
            message["tool_calls"] = std::move(calls);
        m_messages.push_back(std::move(message));
    }

    void userTurn(const Json &parts)
    {
        Json chatParts = Json::array();
        for (const Json &part : parts) {
            if (const Json *answer = field(part, "functionResponse", "function_response")) {
                toolAnswer(*answer);
            } else if (json::has(part, "text")) {
                chatParts.push_back({{"type", "text"}, {"text", json::str(part, "text")}});
            } else if (const Json *inline_ = field(part, "inlineData", "inline_data")) {
                const std::string mime =
                    json::str(*inline_, "mimeType", json::str(*inline_, "mime_type"));
                chatParts.push_back(
                    {{"type", "image_url"},
                     {"image_url",
                      {{"url", "data:" + mime + ";base64," + json::str(*inline_, "data")}}}});
            } else if (const Json *file = field(part, "fileData", "file_data")) {
                chatParts.push_back(
                    {{"type", "image_url"},
                     {"image_url",
                      {{"url", json::str(*file, "fileUri", json::str(*file, "file_uri"))}}}});
            } else {
                m_notes.drop(QStringLiteral("contents.parts"),
                             QStringLiteral("a user part with no Chat equivalent"));
            }
        }
        if (chatParts.empty())
            return;
        bool textOnly = true;
        std::string text;
        for (const Json &part : chatParts) {
            textOnly = textOnly && part["type"] == "text";
            if (textOnly)
                text += part["text"].get<std::string>();
        }
        m_messages.push_back(
            {{"role", "user"}, {"content", textOnly ? Json(text) : std::move(chatParts)}});
    }

    // A function's result answers the oldest unanswered call of that name (or the call it names).
    void toolAnswer(const Json &answer)
    {
        const std::string name = json::str(answer, "name");
        std::string id = json::str(answer, "id");
        auto &pending = m_pending[name];
        if (!id.empty()) {
            for (auto it = pending.begin(); it != pending.end(); ++it)
                if (*it == id) {
                    pending.erase(it);
                    break;
                }
        } else if (!pending.empty()) {
            id = pending.front();
            pending.pop_front();
        } else {
            id = "call_" + name + "_" + std::to_string(m_madeUpIds++);
        }
        const Json response = answer.value("response", Json::object());
        m_messages.push_back(
            {{"role", "tool"},
             {"tool_call_id", id},
             {"content", response.is_string() ? response.get<std::string>() : response.dump()}});
    }

    TranslationNotes &m_notes;
    Json m_messages = Json::array();
    std::map<std::string, std::deque<std::string>> m_pending; // name -> unanswered call ids
    int m_madeUpIds = 0;
};

Json toolChoice(const Json &config)
{
    const Json *calling = field(config, "functionCallingConfig", "function_calling_config");
    if (!calling)
        return Json();
    const std::string mode = json::str(*calling, "mode", "AUTO");
    if (mode == "NONE")
        return "none";
    if (mode == "ANY" || mode == "VALIDATED") {
        const Json *allowed = field(*calling, "allowedFunctionNames", "allowed_function_names");
        if (allowed && allowed->is_array() && allowed->size() == 1 && (*allowed)[0].is_string())
            return {{"type", "function"}, {"function", {{"name", (*allowed)[0]}}}};
        return "required";
    }
    return "auto";
}

std::string effortFor(const Json &thinking)
{
    const Json *budget = field(thinking, "thinkingBudget", "thinking_budget");
    if (const std::string level = lower(json::str(thinking, "thinkingLevel")); !level.empty())
        return level == "minimal" ? "low" : level;
    if (!budget || !budget->is_number_integer() || budget->get<int>() < 0)
        return {}; // dynamic: the provider decides
    const int tokens = budget->get<int>();
    return tokens == 0 ? "none" : tokens <= 1024 ? "low" : tokens <= 8192 ? "medium" : "high";
}

} // namespace

Json GeminiToOpenAiRequest::jsonSchema(const Json &schema)
{
    if (schema.is_array()) {
        Json out = Json::array();
        for (const Json &item : schema)
            out.push_back(jsonSchema(item));
        return out;
    }
    if (!schema.is_object())
        return schema;
    Json out = Json::object();
    for (const auto &[key, value] : schema.items()) {
        if (key == "type" && value.is_string())
            out["type"] = lower(value.get<std::string>());
        else if (key == "nullable")
            continue; // folded into type below
        else if (key == "properties" && value.is_object()) {
            Json properties = Json::object();
            for (const auto &[name, property] : value.items())
                properties[name] = jsonSchema(property);
            out["properties"] = std::move(properties);
        } else if (key == "items" || key == "anyOf" || key == "additionalProperties")
            out[key] = jsonSchema(value);
        else
            out[key] = value;
    }
    if (schema.value("nullable", false) && out.contains("type") && out["type"].is_string())
        out["type"] = Json::array({out["type"], "null"});
    return out;
}

Json GeminiToOpenAiRequest::translate(const Json &in, TranslationNotes &notes)
{
    MessageBuilder messages(notes);
    if (const Json *system = field(in, "systemInstruction", "system_instruction")) {
        std::string text;
        if (system->is_string())
            text = system->get<std::string>();
        else if (const Json *parts = field(*system, "parts", "parts"); parts && parts->is_array())
            for (const Json &part : *parts)
                text += json::str(part, "text");
        messages.system(text);
    }
    const Json *contents = field(in, "contents", "contents");
    if (!contents || !contents->is_array())
        throw TranslationError(QStringLiteral("The request needs \"contents\", a list of turns."));
    for (const Json &content : *contents)
        messages.content(content);

    Json out = {{"model", in.at("model")}, {"messages", messages.take()}};
    if (in.value("stream", false)) {
        out["stream"] = true;
        out["stream_options"] = {{"include_usage", true}};
    }
    if (const Json *tools = field(in, "tools", "tools"); tools && tools->is_array()) {
        Json functions = Json::array();
        for (const Json &tool : *tools) {
            const Json *declarations = field(tool, "functionDeclarations", "function_declarations");
            if (!declarations) {
                if (tool.is_object() && !tool.empty())
                    notes.drop(QStringLiteral("tools"),
                               QStringLiteral("\"%1\" is a tool Google runs itself")
                                   .arg(qs(tool.begin().key())));
                continue;
            }
            for (const Json &d : *declarations) {
                Json function = {{"name", json::str(d, "name")}};
                if (json::has(d, "description"))
                    function["description"] = d["description"];
                if (const Json *schema = field(d, "parametersJsonSchema", "parameters_json_schema"))
                    function["parameters"] = *schema;
                else if (const Json *parameters = field(d, "parameters", "parameters"))
                    function["parameters"] = jsonSchema(*parameters);
                else
                    function["parameters"] = {{"type", "object"}, {"properties", Json::object()}};
                functions.push_back({{"type", "function"}, {"function", std::move(function)}});
            }
        }
        if (!functions.empty())
            out["tools"] = std::move(functions);
    }
    if (const Json *config = field(in, "toolConfig", "tool_config");
        config && out.contains("tools"))
        if (Json choice = toolChoice(*config); !choice.is_null())
            out["tool_choice"] = std::move(choice);
    if (const Json *config = field(in, "generationConfig", "generation_config")) {
        for (const auto &[key, value] : config->items()) {
            if (value.is_null())
                continue;
            if (key == "temperature")
                out["temperature"] = value;
            else if (key == "topP" || key == "top_p")
                out["top_p"] = value;
            else if (key == "maxOutputTokens" || key == "max_output_tokens")
                out["max_tokens"] = value;
            else if (key == "stopSequences" || key == "stop_sequences")
                out["stop"] = value;
            else if (key == "candidateCount" || key == "candidate_count")
                out["n"] = value;
            else if (key == "seed")
                out["seed"] = value;
            else if (key == "presencePenalty" || key == "presence_penalty")
                out["presence_penalty"] = value;
            else if (key == "frequencyPenalty" || key == "frequency_penalty")
                out["frequency_penalty"] = value;
            else if (key == "thinkingConfig" || key == "thinking_config") {
                if (const std::string effort = effortFor(value); !effort.empty())
                    out["reasoning_effort"] = effort;
            } else if (key == "responseMimeType" || key == "response_mime_type") {
                if (value == "application/json" && !out.contains("response_format"))
                    out["response_format"] = {{"type", "json_object"}};
            } else if (key == "responseJsonSchema" || key == "response_json_schema" ||
                       key == "responseSchema" || key == "response_schema") {
                const bool gemini = key == "responseSchema" || key == "response_schema";
                out["response_format"] = {
                    {"type", "json_schema"},
                    {"json_schema",
                     {{"name", "response"}, {"schema", gemini ? jsonSchema(value) : value}}}};
            } else {
                notes.drop(QStringLiteral("generationConfig.") + qs(key),
                           QStringLiteral("no Chat equivalent"));
            }
        }
    }
    if (json::has(in, "safetySettings") || json::has(in, "cachedContent"))
        notes.drop(QStringLiteral("safetySettings/cachedContent"),
                   QStringLiteral("Gemini settings other providers do not have"));
    return out;
}

} // namespace llmux
