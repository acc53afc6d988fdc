#include "core/translate/ResponsesToOpenAiRequest.h"

#include "core/translate/ChatReading.h"
#include "core/translate/ReasoningEnvelope.h"

#include <map>

namespace llmux {
namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// One content part of a message, as a Chat Completions part.
Json chatPart(const Json &part, TranslationNotes &notes)
{
    const std::string type = json::str(part, "type");
    if (type == "input_text" || type == "output_text" || type == "text" || type == "refusal")
        return {{"type", "text"},
                {"text", type == "refusal" ? json::str(part, "refusal") : json::str(part, "text")}};
    if (type == "input_image") {
        const std::string url = json::str(part, "image_url");
        if (url.empty())
            throw TranslationError(QStringLiteral(
                "input_image: only images given by image_url (https or data URL) can be sent to "
                "this provider; file_id needs OpenAI's file store."));
        Json image = {{"url", url}};
        if (const std::string detail = json::str(part, "detail"); !detail.empty())
            image["detail"] = detail;
        return {{"type", "image_url"}, {"image_url", std::move(image)}};
    }
    if (type == "input_file") {
        const std::string data = json::str(part, "file_data");
        if (data.empty())
            throw TranslationError(QStringLiteral(
                "input_file: only files given inline (file_data) can be sent to this provider."));
        Json file = {{"file_data", data}};
        if (const std::string name = json::str(part, "filename"); !name.empty())
            file["filename"] = name;
        return {{"type", "file"}, {"file", std::move(file)}};
    }
    notes.drop(QStringLiteral("input content part"),
               QStringLiteral("type \"%1\" has no Chat Completions form").arg(qs(type)));
    return Json();
}

// Message content: a string stays one; parts become Chat parts (text only: a string).
Json chatContent(const Json &content, TranslationNotes &notes)
{
    if (content.is_string() || content.is_null())
        return content.is_null() ? Json("") : content;
    if (!content.is_array())
        throw TranslationError(QStringLiteral("input: message content must be a string or an "
                                              "array of content parts."));
    Json parts = Json::array();
    bool textOnly = true;
    for (const Json &part : content) {
        Json chat = chatPart(part, notes);
        if (chat.is_null())
            continue;
        textOnly = textOnly && chat["type"] == "text";
        parts.push_back(std::move(chat));
    }
    if (!textOnly)
        return parts;
    std::string text;
    for (const Json &part : parts)
        text += part["text"].get<std::string>();
    return text;
}

// Builds the Chat messages from the Responses input items, in order.
class MessageBuilder
{
public:
    explicit MessageBuilder(TranslationNotes &notes)
        : m_notes(notes)
    {}

    void system(const std::string &text)
    {
        m_messages.push_back({{"role", "system"}, {"content", text}});
    }

    void item(const Json &item)
    {
        if (!item.is_object())
            throw TranslationError(QStringLiteral("input: every item must be an object."));
        std::string type = json::str(item, "type");
        if (type.empty() && json::has(item, "role"))
            type = "message"; // the short form {role, content}
        if (type != "function_call_output" && type != "custom_tool_call_output")
            flushImages();
        if (type == "message")
            message(item);
        else if (type == "function_call")
            toolCall(json::str(item, "call_id"),
                     json::has(item, "namespace")
                         ? ResponsesToOpenAiRequest::namespacedName(json::str(item, "namespace"),
                                                                    json::str(item, "name"))
                         : json::str(item, "name"),
                     json::str(item, "arguments"));
        else if (type == "custom_tool_call")
            toolCall(
                json::str(item, "call_id"), json::str(item, "name"),
                Json{{ResponsesToOpenAiRequest::kCustomInput, json::str(item, "input")}}.dump());
        else if (type == "function_call_output" || type == "custom_tool_call_output")
            toolOutput(json::str(item, "call_id"), item.value("output", Json()));
        else if (type == "reasoning")
            reasoning(item);
        else if (type == "item_reference")
            throw TranslationError(QStringLiteral(
                "input: item_reference needs stored responses, which this request cannot use."));
        else
            m_notes.drop(QStringLiteral("input item"),
                         QStringLiteral("type \"%1\" is a hosted tool's record the provider "
                                        "cannot use")
                             .arg(qs(type)));
    }

    Json take()
    {
        flushImages();
        return std::move(m_messages);
    }

private:
    // A tool's output: a string, or content parts. Chat tool messages hold text only, so images
    // a tool returned (Codex's view_image) follow in a user message after the turn's outputs.
    void toolOutput(const std::string &callId, const Json &output)
    {
        Json content = output.is_string()  ? output
                       : output.is_null()  ? Json("")
                       : output.is_array() ? chatContent(output, m_notes)
                                           : Json(output.dump());
        if (content.is_array()) {
            std::string text;
            for (Json &part : content) {
                if (part["type"] == "text")
                    text += part["text"].get<std::string>();
                else
                    m_pendingImages.push_back(std::move(part));
            }
            if (text.empty())
                text = "(the tool returned the content below)";
            content = text;
        }
        m_messages.push_back(
            {{"role", "tool"}, {"tool_call_id", callId}, {"content", std::move(content)}});
    }

    void flushImages()
    {
        if (m_pendingImages.empty())
            return;
        m_messages.push_back({{"role", "user"}, {"content", std::move(m_pendingImages)}});
        m_pendingImages = Json::array();
    }

    void message(const Json &item)
    {
        std::string role = json::str(item, "role", "user");
        if (role == "developer")
            role = "system";
        if (role != "user" && role != "assistant" && role != "system")
            throw TranslationError(
                QStringLiteral("input: unknown message role \"%1\".").arg(qs(role)));
        Json content = chatContent(item.value("content", Json()), m_notes);
        if (role == "assistant") {
            Json &open = openAssistant();
            if (open["content"].is_string() && content.is_string())
                open["content"] = open["content"].get<std::string>() + content.get<std::string>();
            else
                open["content"] = std::move(content);
            return;
        }
        m_messages.push_back({{"role", role}, {"content", std::move(content)}});
    }

    void toolCall(const std::string &callId, const std::string &name, const std::string &arguments)
    {
        if (callId.empty() || name.empty())
            throw TranslationError(
                QStringLiteral("input: a tool call item needs a call_id and a name."));
        Json &open = openAssistant();
        if (!open.contains("tool_calls"))
            open["tool_calls"] = Json::array();
        Json call = {
            {"id", callId},
            {"type", "function"},
            {"function", {{"name", name}, {"arguments", arguments.empty() ? "{}" : arguments}}}};
        if (const auto signature = m_thoughtSignatures.find(callId);
            signature != m_thoughtSignatures.end())
            chat::setThoughtSignature(call, signature->second);
        open["tool_calls"].push_back(std::move(call));
    }

    void reasoning(const Json &item)
    {
        std::string text;
        std::optional<ReasoningEnvelope> own =
            ReasoningEnvelope::decode(json::str(item, "encrypted_content"));
        if (own) {
            text = std::move(own->text);
            for (Json &block : own->thinkingBlocks)
                m_pendingThinking.push_back(std::move(block));
            for (auto &[callId, signature] : own->thoughtSignatures.items())
                m_thoughtSignatures[callId] = signature.get<std::string>();
        }
        if (text.empty())
            for (const char *field : {"content", "summary"}) {
                if (const auto parts = item.find(field); parts != item.end() && parts->is_array())
                    for (const Json &part : *parts)
                        text += json::str(part, "text");
                if (!text.empty())
                    break;
            }
        if (text.empty() && !own && json::has(item, "encrypted_content"))
            m_notes.drop(QStringLiteral("reasoning.encrypted_content"),
                         QStringLiteral("made by another service; only it can read it"));
        m_pendingReasoning += text;
    }

    // The assistant message the next assistant part belongs to: the last message when it is an
    // assistant's (text and tool calls of one turn are one Chat message), else a new one.
    Json &openAssistant()
    {
        if (m_messages.empty() || m_messages.back()["role"] != "assistant" ||
            !m_pendingReasoning.empty() || !m_pendingThinking.empty()) {
            Json message = {{"role", "assistant"}, {"content", nullptr}};
            if (!m_pendingReasoning.empty())
                message["reasoning_content"] = std::exchange(m_pendingReasoning, {});
            if (!m_pendingThinking.empty())
                message[chat::kThinkingBlocks] = std::exchange(m_pendingThinking, Json::array());
            m_messages.push_back(std::move(message));
        }
        return m_messages.back();
    }

    TranslationNotes &m_notes;
    Json m_messages = Json::array();
    std::string m_pendingReasoning;
    Json m_pendingThinking = Json::array();
    std::map<std::string, std::string> m_thoughtSignatures; // call id -> Gemini's signature
    Json m_pendingImages = Json::array();
};

Json tool(const Json &tool, TranslationNotes &notes, const std::string &space = {})
{
    const std::string type = json::str(tool, "type");
    if (type == "function") {
        const std::string name = json::str(tool, "name");
        Json function = {
            {"name", space.empty() ? name : ResponsesToOpenAiRequest::namespacedName(space, name)}};
        if (json::has(tool, "description"))
            function["description"] = tool["description"];
        function["parameters"] = tool.value("parameters", Json{{"type", "object"}});
        if (json::has(tool, "strict"))
            function["strict"] = tool["strict"];
        return {{"type", "function"}, {"function", std::move(function)}};
    }
    if (type == "custom") {
        // A freeform tool: the model writes one text (for apply_patch, a patch in its grammar).
        std::string description = json::str(tool, "description");
        const Json format = tool.value("format", Json::object());
        if (json::str(format, "type") == "grammar") {
            description += "\n\nThe input must follow this " + json::str(format, "syntax") +
                           " grammar:\n" + json::str(format, "definition");
        }
        Json parameters = {
            {"type", "object"},
            {"properties",
             {{ResponsesToOpenAiRequest::kCustomInput,
               {{"type", "string"}, {"description", "The tool's whole input, as raw text."}}}}},
            {"required", Json::array({ResponsesToOpenAiRequest::kCustomInput})},
            {"additionalProperties", false}};
        return {{"type", "function"},
                {"function",
                 {{"name", json::str(tool, "name")},
                  {"description", description},
                  {"parameters", std::move(parameters)}}}};
    }
    notes.drop(
        QStringLiteral("tools"),
        QStringLiteral("\"%1\" is a tool OpenAI runs itself; the provider cannot").arg(qs(type)));
    return Json();
}

Json toolChoice(const Json &choice, TranslationNotes &notes)
{
    if (choice.is_string())
        return choice;
    const std::string type = json::str(choice, "type");
    if (type == "function" || type == "custom")
        return {{"type", "function"}, {"function", {{"name", json::str(choice, "name")}}}};
    if (type == "allowed_tools")
        return json::str(choice, "mode", "auto");
    notes.drop(QStringLiteral("tool_choice"),
               QStringLiteral("\"%1\" names a hosted tool; the choice is left to the model")
                   .arg(qs(type)));
    return "auto";
}

Json responseFormat(const Json &format)
{
    const std::string type = json::str(format, "type");
    if (type == "json_schema") {
        Json schema = {{"name", json::str(format, "name", "response")},
                       {"schema", format.value("schema", Json::object())}};
        if (json::has(format, "strict"))
            schema["strict"] = format["strict"];
        if (json::has(format, "description"))
            schema["description"] = format["description"];
        return {{"type", "json_schema"}, {"json_schema", std::move(schema)}};
    }
    if (type == "json_object")
        return {{"type", "json_object"}};
    return Json();
}

} // namespace

std::string ResponsesToOpenAiRequest::namespacedName(const std::string &space,
                                                     const std::string &name)
{
    return space + "__" + name;
}

ResponsesToOpenAiRequest::ToolNames ResponsesToOpenAiRequest::toolNames(const Json &request)
{
    ToolNames names;
    const auto tools = request.is_object() ? request.find("tools") : request.end();
    if (tools == request.end() || !tools->is_array())
        return names;
    for (const Json &t : *tools) {
        const std::string type = json::str(t, "type");
        if (type == "custom") {
            names.custom.insert(json::str(t, "name"));
        } else if (type == "namespace") {
            const std::string space = json::str(t, "name");
            if (const auto inner = t.find("tools"); inner != t.end() && inner->is_array())
                for (const Json &function : *inner) {
                    const std::string name = json::str(function, "name");
                    names.namespaced[namespacedName(space, name)] = {space, name};
                }
        }
    }
    return names;
}

Json ResponsesToOpenAiRequest::translate(const Json &in, TranslationNotes &notes)
{
    if (json::has(in, "previous_response_id") || json::has(in, "conversation"))
        throw TranslationError(QStringLiteral(
            "previous_response_id and conversation need stored responses; send the whole "
            "conversation in input instead."));
    MessageBuilder messages(notes);
    if (const std::string instructions = json::str(in, "instructions"); !instructions.empty())
        messages.system(instructions);
    const Json input = in.value("input", Json());
    if (input.is_string())
        messages.item({{"role", "user"}, {"content", input}});
    else if (input.is_array())
        for (const Json &item : input)
            messages.item(item);
    else if (!input.is_null())
        throw TranslationError(QStringLiteral("input must be a string or an array of items."));

    Json out = {{"model", in.at("model")}, {"messages", messages.take()}};
    for (const auto &[key, value] : in.items()) {
        if (value.is_null())
            continue;
        if (key == "model" || key == "input" || key == "instructions") {
            continue;
        } else if (key == "stream") {
            out["stream"] = value;
            if (value.is_boolean() && value.get<bool>())
                out["stream_options"] = {{"include_usage", true}};
        } else if (key == "temperature" || key == "top_p" || key == "parallel_tool_calls" ||
                   key == "user" || key == "prompt_cache_key" || key == "safety_identifier") {
            out[key] = value;
        } else if (key == "max_output_tokens") {
            out["max_tokens"] = value;
        } else if (key == "tools") {
            Json tools = Json::array();
            for (const Json &t : value) {
                if (json::str(t, "type") == "namespace") {
                    const std::string space = json::str(t, "name");
                    for (const Json &inner : t.value("tools", Json::array()))
                        if (Json chat = tool(inner, notes, space); !chat.is_null())
                            tools.push_back(std::move(chat));
                } else if (Json chat = tool(t, notes); !chat.is_null()) {
                    tools.push_back(std::move(chat));
                }
            }
            if (!tools.empty())
                out["tools"] = std::move(tools);
        } else if (key == "tool_choice") {
            out["tool_choice"] = toolChoice(value, notes);
        } else if (key == "reasoning") {
            if (const std::string effort = json::str(value, "effort"); !effort.empty())
                out["reasoning_effort"] = effort;
        } else if (key == "text") {
            if (Json format = responseFormat(value.value("format", Json())); !format.is_null())
                out["response_format"] = std::move(format);
            if (json::has(value, "verbosity"))
                notes.drop(QStringLiteral("text.verbosity"), QStringLiteral("not in Chat"));
        } else if (key == "store" || key == "include" || key == "metadata" || key == "truncation" ||
                   key == "service_tier" || key == "background" || key == "top_logprobs" ||
                   key == "prompt" || key == "stream_options") {
            notes.drop(qs(key), QStringLiteral("a Responses setting with no Chat equivalent"));
        } else {
            notes.drop(qs(key), QStringLiteral("unknown Responses field"));
        }
    }
    if (!out.contains("tools")) {
        out.erase("tool_choice");
        out.erase("parallel_tool_calls");
    }
    return out;
}

} // namespace llmux
