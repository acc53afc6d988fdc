#include "core/translate/AnthropicToOpenAiRequest.h"

namespace llmux {
namespace {

void noteCacheControl(const Json &block, TranslationNotes &notes)
{
    if (block.contains("cache_control"))
        notes.drop(QStringLiteral("cache_control"),
                   QStringLiteral("OpenAI-compatible providers cache prompts on their own"));
}

// Joins the text of a string or an array of text blocks.
std::string textOf(const Json &content, TranslationNotes &notes, const QString &where,
                   const char *separator = "\n\n")
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    bool first = true;
    for (const Json &block : content) {
        const std::string type = json::str(block, "type");
        noteCacheControl(block, notes);
        if (type == "text") {
            if (!first)
                text += separator;
            text += json::str(block, "text");
            first = false;
        } else {
            notes.drop(where + u'.' + QString::fromStdString(type),
                       QStringLiteral("only text can be carried here"));
        }
    }
    return text;
}

Json imagePart(const Json &block, TranslationNotes &notes)
{
    const Json &source = block.at("source");
    const std::string kind = json::str(source, "type");
    std::string url;
    if (kind == "base64")
        url = "data:" + json::str(source, "media_type") + ";base64," + json::str(source, "data");
    else if (kind == "url")
        url = json::str(source, "url");
    if (url.empty()) {
        notes.drop(QStringLiteral("image.source.") + QString::fromStdString(kind),
                   QStringLiteral("OpenAI takes images as URLs or data URLs only"));
        return nullptr;
    }
    return {{"type", "image_url"}, {"image_url", {{"url", url}}}};
}

Json documentPart(const Json &block, TranslationNotes &notes)
{
    const Json &source = block.at("source");
    const std::string kind = json::str(source, "type");
    if (kind == "text")
        return {{"type", "text"}, {"text", json::str(source, "data")}};
    if (kind == "base64") {
        const std::string mediaType = json::str(source, "media_type", "application/pdf");
        return {{"type", "file"},
                {"file",
                 {{"filename", json::str(block, "title", "document.pdf")},
                  {"file_data", "data:" + mediaType + ";base64," + json::str(source, "data")}}}};
    }
    notes.drop(QStringLiteral("document.source.") + QString::fromStdString(kind),
               QStringLiteral("OpenAI takes documents as inline files only"));
    return nullptr;
}

// OpenAI-compatible providers differ in what they accept for user content; plain text is the
// form all of them take, so parts become a string whenever they are all text.
Json userContent(const Json &parts)
{
    if (parts.empty())
        return "";
    std::string text;
    for (const Json &part : parts) {
        if (part["type"] != "text")
            return parts;
        if (!text.empty())
            text += "\n\n";
        text += part["text"].get<std::string>();
    }
    return text;
}

std::string toolResultText(const Json &block, Json &images, TranslationNotes &notes)
{
    std::string text;
    const auto content = block.find("content");
    if (content != block.end()) {
        if (content->is_string()) {
            text = content->get<std::string>();
        } else if (content->is_array()) {
            for (const Json &part : *content) {
                const std::string type = json::str(part, "type");
                if (type == "text") {
                    if (!text.empty())
                        text += "\n";
                    text += json::str(part, "text");
                } else if (type == "image") {
                    // Tool messages carry text only; the image follows in a user message.
                    if (Json image = imagePart(part, notes); !image.is_null())
                        images.push_back(std::move(image));
                } else {
                    notes.drop(QStringLiteral("tool_result.content.") +
                                   QString::fromStdString(type),
                               QStringLiteral("tool messages carry text only"));
                }
            }
        }
    }
    if (block.value("is_error", false))
        text = "Error: " + text;
    return text;
}

void appendUser(const Json &content, Json &messages, TranslationNotes &notes)
{
    if (content.is_string()) {
        messages.push_back({{"role", "user"}, {"content", content}});
        return;
    }
    Json parts = Json::array();
    auto flush = [&] {
        if (!parts.empty())
            messages.push_back({{"role", "user"}, {"content", userContent(parts)}});
        parts = Json::array();
    };
    for (const Json &block : content) {
        const std::string type = json::str(block, "type");
        noteCacheControl(block, notes);
        if (type == "text") {
            parts.push_back({{"type", "text"}, {"text", json::str(block, "text")}});
        } else if (type == "image") {
            if (Json part = imagePart(block, notes); !part.is_null())
                parts.push_back(std::move(part));
        } else if (type == "document") {
            if (Json part = documentPart(block, notes); !part.is_null())
                parts.push_back(std::move(part));
        } else if (type == "tool_result") {
            flush();
            Json images = Json::array();
            messages.push_back({{"role", "tool"},
                                {"tool_call_id", json::str(block, "tool_use_id")},
                                {"content", toolResultText(block, images, notes)}});
            for (Json &image : images)
                parts.push_back(std::move(image));
        } else {
            notes.drop(QStringLiteral("messages.content.") + QString::fromStdString(type),
                       QStringLiteral("no OpenAI equivalent"));
        }
    }
    flush();
}

void appendAssistant(const Json &content, Json &messages, TranslationNotes &notes)
{
    if (content.is_string()) {
        messages.push_back({{"role", "assistant"}, {"content", content}});
        return;
    }
    std::string text, reasoning;
    Json toolCalls = Json::array();
    for (const Json &block : content) {
        const std::string type = json::str(block, "type");
        if (type == "text") {
            text += json::str(block, "text");
        } else if (type == "thinking") {
            reasoning += json::str(block, "thinking");
        } else if (type == "tool_use") {
            toolCalls.push_back({{"id", json::str(block, "id")},
                                 {"type", "function"},
                                 {"function",
                                  {{"name", json::str(block, "name")},
                                   {"arguments", block.value("input", Json::object()).dump()}}}});
        } else {
            notes.drop(QStringLiteral("messages.content.") + QString::fromStdString(type),
                       QStringLiteral("no OpenAI equivalent"));
        }
    }
    Json message = {{"role", "assistant"}};
    message["content"] = text.empty() && !toolCalls.empty() ? Json(nullptr) : Json(text);
    if (!reasoning.empty())
        message["reasoning_content"] = reasoning;
    if (!toolCalls.empty())
        message["tool_calls"] = std::move(toolCalls);
    messages.push_back(std::move(message));
}

Json toolChoice(const Json &choice, Json &out)
{
    const std::string type = json::str(choice, "type");
    if (choice.value("disable_parallel_tool_use", false))
        out["parallel_tool_calls"] = false;
    if (type == "any")
        return "required";
    if (type == "none")
        return "none";
    if (type == "tool")
        return {{"type", "function"}, {"function", {{"name", json::str(choice, "name")}}}};
    return "auto";
}

} // namespace

Json AnthropicToOpenAiRequest::translate(const Json &in, TranslationNotes &notes)
{
    Json out = Json::object();
    out["model"] = in.at("model");
    Json messages = Json::array();
    if (json::has(in, "system")) {
        const std::string system = textOf(in["system"], notes, QStringLiteral("system"));
        if (!system.empty())
            messages.push_back({{"role", "system"}, {"content", system}});
    }
    for (const Json &message : in.at("messages")) {
        const std::string role = message.at("role").get<std::string>();
        const Json &content = message.at("content");
        if (role == "assistant") {
            appendAssistant(content, messages, notes);
        } else if (role == "user") {
            appendUser(content, messages, notes);
        } else if (role == "system") {
            // Claude Code 2.x puts its environment notes in a system message mid-conversation.
            const std::string text = textOf(content, notes, QStringLiteral("messages.system"));
            if (!text.empty())
                messages.push_back({{"role", "system"}, {"content", text}});
        } else {
            throw TranslationError(QStringLiteral("messages: unknown role \"%1\"; Anthropic "
                                                  "messages are \"user\", \"assistant\" or "
                                                  "\"system\".")
                                       .arg(QString::fromStdString(role)));
        }
    }
    out["messages"] = std::move(messages);

    for (auto it = in.begin(); it != in.end(); ++it) {
        const std::string &key = it.key();
        const Json &value = it.value();
        if (key == "model" || key == "messages" || key == "system" || value.is_null())
            continue;
        if (key == "max_tokens" || key == "temperature" || key == "top_p") {
            out[key] = value;
        } else if (key == "stop_sequences") {
            out["stop"] = value;
        } else if (key == "stream") {
            out["stream"] = value;
            if (value == true)
                out["stream_options"] = {{"include_usage", true}};
        } else if (key == "metadata") {
            if (std::string user = json::str(value, "user_id"); !user.empty())
                out["user"] = user;
        } else if (key == "tools") {
            Json tools = Json::array();
            for (const Json &tool : value) {
                if (!tool.contains("input_schema")) {
                    notes.drop(QStringLiteral("tools.") +
                                   QString::fromStdString(json::str(tool, "type")),
                               QStringLiteral("Anthropic server tools run only at Anthropic"));
                    continue;
                }
                Json function = {{"name", tool.at("name")}};
                if (json::has(tool, "description"))
                    function["description"] = tool["description"];
                function["parameters"] = tool["input_schema"];
                tools.push_back({{"type", "function"}, {"function", std::move(function)}});
            }
            if (!tools.empty())
                out["tools"] = std::move(tools);
        } else if (key == "tool_choice") {
            out["tool_choice"] = toolChoice(value, out);
        } else if (key == "output_format" && json::str(value, "type") == "json_schema") {
            out["response_format"] = {
                {"type", "json_schema"},
                {"json_schema",
                 {{"name", "output"}, {"schema", value.value("schema", Json::object())}}}};
        } else {
            notes.drop(QString::fromStdString(key),
                       QStringLiteral("no OpenAI Chat Completions equivalent"));
        }
    }
    if (!out.contains("tools")) {
        out.erase("tool_choice");
        out.erase("parallel_tool_calls");
    }
    return out;
}

} // namespace llmux
