#include "core/translate/OpenAiToAnthropicRequest.h"

#include "core/translate/ChatReading.h"

#include <algorithm>

namespace llmux {
namespace {

// "data:image/png;base64,AAAA" -> {media type, data}; empty when it is not a base64 data URL.
std::pair<std::string, std::string> splitDataUrl(const std::string &url)
{
    if (url.rfind("data:", 0) != 0)
        return {};
    const size_t marker = url.find(";base64,");
    if (marker == std::string::npos)
        return {};
    return {url.substr(5, marker - 5), url.substr(marker + 8)};
}

Json imageBlock(const Json &part)
{
    const Json &image = part.at("image_url");
    const std::string url = image.is_string() ? image.get<std::string>() : json::str(image, "url");
    if (auto [mediaType, data] = splitDataUrl(url); !data.empty())
        return {{"type", "image"},
                {"source", {{"type", "base64"}, {"media_type", mediaType}, {"data", data}}}};
    return {{"type", "image"}, {"source", {{"type", "url"}, {"url", url}}}};
}

Json contentBlocks(const Json &content, TranslationNotes &notes)
{
    Json blocks = Json::array();
    if (content.is_string()) {
        if (!content.get_ref<const std::string &>().empty())
            blocks.push_back({{"type", "text"}, {"text", content}});
        return blocks;
    }
    if (!content.is_array())
        return blocks;
    for (const Json &part : content) {
        const std::string type = json::str(part, "type");
        if (type == "text" || type == "refusal") {
            blocks.push_back(
                {{"type", "text"}, {"text", json::str(part, type == "text" ? "text" : "refusal")}});
        } else if (type == "image_url") {
            blocks.push_back(imageBlock(part));
        } else if (type == "file") {
            const Json &file = part.at("file");
            auto [mediaType, data] = splitDataUrl(json::str(file, "file_data"));
            if (data.empty()) {
                notes.drop(QStringLiteral("file.file_id"),
                           QStringLiteral("Anthropic needs the file's bytes, not an OpenAI id"));
                continue;
            }
            Json doc = {
                {"type", "document"},
                {"source", {{"type", "base64"}, {"media_type", mediaType}, {"data", data}}}};
            if (json::has(file, "filename"))
                doc["title"] = file["filename"];
            blocks.push_back(std::move(doc));
        } else {
            notes.drop(QStringLiteral("messages.content.") + QString::fromStdString(type),
                       QStringLiteral("no Anthropic equivalent"));
        }
    }
    return blocks;
}

std::string plainText(const Json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const Json &part : content)
            if (json::str(part, "type") == "text") {
                if (!text.empty())
                    text += "\n";
                text += json::str(part, "text");
            }
    return text;
}

// Anthropic wants alternating turns; a message with the same role as the previous one joins it.
void append(Json &messages, const std::string &role, Json blocks)
{
    if (blocks.empty())
        return;
    if (!messages.empty() && messages.back()["role"] == role) {
        Json &content = messages.back()["content"];
        for (Json &b : blocks)
            content.push_back(std::move(b));
        return;
    }
    messages.push_back({{"role", role}, {"content", std::move(blocks)}});
}

Json toolChoice(const Json &choice, bool parallel)
{
    Json out;
    if (choice.is_string()) {
        const std::string mode = choice.get<std::string>();
        out = {{"type", mode == "required" ? "any" : mode == "none" ? "none" : "auto"}};
    } else {
        out = {{"type", "tool"},
               {"name", json::str(choice.value("function", Json::object()), "name")}};
    }
    if (!parallel && out["type"] != "none")
        out["disable_parallel_tool_use"] = true;
    return out;
}

// The hub's signed thinking blocks of an assistant message as Anthropic content blocks.
Json thinkingBlocks(const Json &message)
{
    Json blocks = Json::array();
    if (const Json *thinking = chat::thinkingBlocksOf(message); thinking && thinking->is_array())
        for (const Json &block : *thinking) {
            if (!block.is_object())
                continue;
            if (json::has(block, "redacted"))
                blocks.push_back(
                    {{"type", "redacted_thinking"}, {"data", json::str(block, "redacted")}});
            else if (json::has(block, "signature"))
                blocks.push_back({{"type", "thinking"},
                                  {"thinking", json::str(block, "thinking")},
                                  {"signature", json::str(block, "signature")}});
        }
    return blocks;
}

// Anthropic refuses thinking when the last assistant turn called a tool without its signed
// thinking in front (a client that did not keep it): that request goes without thinking.
bool lastToolTurnLacksThinking(const Json &messages)
{
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if (json::str(*it, "role") != "assistant")
            continue;
        const Json &content = (*it)["content"];
        if (!content.is_array() || content.empty())
            return false;
        const bool callsTool = std::any_of(content.begin(), content.end(), [](const Json &b) {
            return json::str(b, "type") == "tool_use";
        });
        const std::string first = json::str(content.front(), "type");
        return callsTool && first != "thinking" && first != "redacted_thinking";
    }
    return false;
}

int thinkingBudget(const std::string &effort)
{
    if (effort == "minimal" || effort == "low")
        return 1024;
    if (effort == "high")
        return 16384;
    return 4096;
}

} // namespace

Json OpenAiToAnthropicRequest::translate(const Json &in, TranslationNotes &notes)
{
    Json out = Json::object();
    out["model"] = in.at("model");
    std::string system;
    Json messages = Json::array();
    for (const Json &message : in.at("messages")) {
        const std::string role = message.at("role").get<std::string>();
        const Json content = message.value("content", Json());
        if (role == "system" || role == "developer") {
            if (!messages.empty())
                notes.drop(QStringLiteral("messages.system"),
                           QStringLiteral("moved to the top-level system prompt"));
            if (!system.empty())
                system += "\n\n";
            system += plainText(content);
        } else if (role == "user") {
            append(messages, "user", contentBlocks(content, notes));
        } else if (role == "assistant") {
            // Signed thinking first, as Anthropic wrote it; text and tool calls after it.
            Json blocks = thinkingBlocks(message);
            for (Json &block : contentBlocks(content, notes))
                blocks.push_back(std::move(block));
            if (const auto calls = message.find("tool_calls");
                calls != message.end() && calls->is_array())
                for (const Json &call : *calls) {
                    const Json &function = call.at("function");
                    blocks.push_back(
                        {{"type", "tool_use"},
                         {"id", json::str(call, "id")},
                         {"name", json::str(function, "name")},
                         {"input", json::parseArguments(json::str(function, "arguments"))}});
                }
            if (json::has(message, "reasoning_content") && !chat::thinkingBlocksOf(message))
                notes.drop(QStringLiteral("reasoning_content"),
                           QStringLiteral("Anthropic accepts earlier thinking only with its "
                                          "signature"));
            append(messages, "assistant", std::move(blocks));
        } else if (role == "tool" || role == "function") {
            Json result = {{"type", "tool_result"},
                           {"tool_use_id", json::str(message, "tool_call_id")}};
            if (content.is_array()) {
                Json parts = contentBlocks(content, notes);
                result["content"] = std::move(parts);
            } else {
                result["content"] = plainText(content);
            }
            append(messages, "user", Json::array({std::move(result)}));
        } else {
            throw TranslationError(
                QStringLiteral("messages: unknown role \"%1\".").arg(QString::fromStdString(role)));
        }
    }
    if (!system.empty())
        out["system"] = system;
    out["messages"] = std::move(messages);

    int maxTokens = kDefaultMaxTokens;
    if (json::has(in, "max_completion_tokens"))
        maxTokens = in["max_completion_tokens"].get<int>();
    else if (json::has(in, "max_tokens"))
        maxTokens = in["max_tokens"].get<int>();
    out["max_tokens"] = maxTokens;

    const bool parallel = in.value("parallel_tool_calls", true);
    bool thinking = false;
    if (const std::string effort = json::str(in, "reasoning_effort"); !effort.empty()) {
        const int budget = std::min(thinkingBudget(effort), maxTokens - 1);
        if (effort != "none" && budget >= 1024 && lastToolTurnLacksThinking(out["messages"])) {
            notes.drop(QStringLiteral("reasoning_effort"),
                       QStringLiteral("the last tool call came back without its signed thinking, "
                                      "which Anthropic needs to go on thinking"));
        } else if (effort != "none" && budget >= 1024) {
            out["thinking"] = {{"type", "enabled"}, {"budget_tokens", budget}};
            thinking = true;
        } else {
            notes.drop(QStringLiteral("reasoning_effort"),
                       QStringLiteral("needs max_tokens above 1024 for Anthropic thinking"));
        }
    }
    for (auto it = in.begin(); it != in.end(); ++it) {
        const std::string &key = it.key();
        const Json &value = it.value();
        if (value.is_null() || key == "model" || key == "messages" || key == "max_tokens" ||
            key == "max_completion_tokens" || key == "parallel_tool_calls" ||
            key == "reasoning_effort" || key == "stream_options")
            continue;
        if (key == "temperature" || key == "top_p") {
            if (thinking) {
                notes.drop(QString::fromStdString(key),
                           QStringLiteral("Anthropic does not allow it with thinking"));
                continue;
            }
            double v = value.get<double>();
            if (key == "temperature" && v > 1.0) {
                notes.drop(QStringLiteral("temperature"),
                           QStringLiteral("clamped to 1, Anthropic's maximum"));
                v = 1.0;
            }
            out[key] = v;
        } else if (key == "stop") {
            out["stop_sequences"] = value.is_string() ? Json::array({value}) : value;
        } else if (key == "stream") {
            out["stream"] = value;
        } else if (key == "user") {
            out["metadata"] = {{"user_id", value}};
        } else if (key == "n") {
            if (value.get<int>() != 1)
                throw TranslationError(
                    QStringLiteral("n: Anthropic models return one choice per request; send "
                                   "separate requests instead of n=%1.")
                        .arg(value.get<int>()));
        } else if (key == "tools") {
            Json tools = Json::array();
            for (const Json &tool : value) {
                const Json &function = tool.at("function");
                Json t = {{"name", function.at("name")}};
                if (json::has(function, "description"))
                    t["description"] = function["description"];
                t["input_schema"] =
                    function.value("parameters", Json{{"type", "object"}, {"properties", {}}});
                tools.push_back(std::move(t));
            }
            out["tools"] = std::move(tools);
        } else if (key == "tool_choice") {
            out["tool_choice"] = toolChoice(value, parallel);
        } else {
            notes.drop(QString::fromStdString(key), QStringLiteral("no Anthropic equivalent"));
        }
    }
    if (!parallel && out.contains("tools") && !out.contains("tool_choice"))
        out["tool_choice"] = {{"type", "auto"}, {"disable_parallel_tool_use", true}};
    if (!out.contains("tools"))
        out.erase("tool_choice");
    // With thinking, Anthropic lets the model choose whether to call a tool, never forces one.
    if (thinking && out.contains("tool_choice")) {
        const std::string type = json::str(out["tool_choice"], "type");
        if (type == "any" || type == "tool") {
            out.erase("thinking");
            notes.drop(QStringLiteral("reasoning_effort"),
                       QStringLiteral("Anthropic cannot think when a tool call is forced"));
        }
    }
    return out;
}

} // namespace llmux
