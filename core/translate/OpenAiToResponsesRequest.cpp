#include "core/translate/OpenAiToResponsesRequest.h"

#include "core/translate/ChatReading.h"

namespace llmux {
namespace {

// One part of a Chat message as a Responses content part; null when it has no counterpart.
Json contentPart(const Json &part, bool assistant, TranslationNotes &notes)
{
    const std::string type = json::str(part, "type");
    if (type == "text")
        return {{"type", assistant ? "output_text" : "input_text"},
                {"text", json::str(part, "text")}};
    if (type == "refusal" && assistant)
        return {{"type", "refusal"}, {"refusal", json::str(part, "refusal")}};
    if (type == "image_url" && !assistant) {
        const Json image = part.value("image_url", Json::object());
        Json out = {{"type", "input_image"},
                    {"image_url", image.is_string() ? image : Json(json::str(image, "url"))}};
        out["detail"] = image.is_object() ? json::str(image, "detail", "auto") : "auto";
        return out;
    }
    if (type == "file" && !assistant) {
        const Json file = part.value("file", Json::object());
        Json out = {{"type", "input_file"}};
        for (const char *key : {"file_id", "file_data", "filename"})
            if (file.contains(key))
                out[key] = file[key];
        return out;
    }
    notes.drop(QStringLiteral("content part ") + QString::fromStdString(type),
               QStringLiteral("the Responses API has no such input"));
    return nullptr;
}

Json content(const Json &value, bool assistant, TranslationNotes &notes)
{
    Json parts = Json::array();
    if (value.is_string()) {
        if (!value.get_ref<const std::string &>().empty())
            parts.push_back({{"type", assistant ? "output_text" : "input_text"}, {"text", value}});
    } else if (value.is_array()) {
        for (const Json &part : value)
            if (Json p = contentPart(part, assistant, notes); !p.is_null())
                parts.push_back(std::move(p));
    }
    return parts;
}

Json tool(const Json &chatTool, TranslationNotes &notes)
{
    if (json::str(chatTool, "type") != "function" || !chatTool.contains("function")) {
        notes.drop(QStringLiteral("tool ") + QString::fromStdString(json::str(chatTool, "type")),
                   QStringLiteral("only function tools reach the Responses API"));
        return nullptr;
    }
    const Json &function = chatTool["function"];
    Json out = {{"type", "function"}, {"name", json::str(function, "name")}};
    if (function.contains("description"))
        out["description"] = function["description"];
    out["parameters"] =
        function.value("parameters", Json({{"type", "object"}, {"properties", Json::object()}}));
    // Chat's strict defaults to false, the Responses API's to true.
    const auto strict = function.find("strict");
    out["strict"] = strict != function.end() && strict->is_boolean() && strict->get<bool>();
    return out;
}

Json toolChoice(const Json &choice)
{
    if (choice.is_object() && json::str(choice, "type") == "function")
        return {{"type", "function"},
                {"name", json::str(choice.value("function", Json::object()), "name")}};
    return choice;
}

} // namespace

Json OpenAiToResponsesRequest::translate(const Json &chat, TranslationNotes &notes)
{
    if (const auto n = chat.find("n");
        n != chat.end() && n->is_number_integer() && n->get<qint64>() > 1)
        throw TranslationError(QStringLiteral("The Responses API answers once per request; "
                                              "n > 1 cannot be carried over."));
    Json out = Json::object();
    out["model"] = chat.value("model", Json(""));
    std::string instructions;
    Json input = Json::array();
    for (const Json &message : chat.value("messages", Json::array())) {
        const std::string role = json::str(message, "role");
        if (role == "system" || role == "developer") {
            // Leading system messages are the instructions; later ones stay in place.
            if (input.empty()) {
                if (!instructions.empty())
                    instructions += "\n\n";
                instructions += chat::textOf(message.value("content", Json()));
            } else {
                input.push_back(
                    {{"type", "message"},
                     {"role", role},
                     {"content", content(message.value("content", Json()), false, notes)}});
            }
        } else if (role == "user") {
            input.push_back({{"type", "message"},
                             {"role", "user"},
                             {"content", content(message.value("content", Json()), false, notes)}});
        } else if (role == "assistant") {
            Json parts = content(message.value("content", Json()), true, notes);
            if (const std::string refusal = json::str(message, "refusal"); !refusal.empty())
                parts.push_back({{"type", "refusal"}, {"refusal", refusal}});
            if (!parts.empty())
                input.push_back(
                    {{"type", "message"}, {"role", "assistant"}, {"content", std::move(parts)}});
            for (const Json &call : message.value("tool_calls", Json::array())) {
                const Json function = call.value("function", Json::object());
                input.push_back({{"type", "function_call"},
                                 {"call_id", json::str(call, "id")},
                                 {"name", json::str(function, "name")},
                                 {"arguments", json::str(function, "arguments", "{}")}});
            }
        } else if (role == "tool") {
            input.push_back({{"type", "function_call_output"},
                             {"call_id", json::str(message, "tool_call_id")},
                             {"output", chat::textOf(message.value("content", Json()))}});
        } else {
            notes.drop(QStringLiteral("message role ") + QString::fromStdString(role),
                       QStringLiteral("the Responses API has no such role"));
        }
    }
    if (!instructions.empty())
        out["instructions"] = instructions;
    out["input"] = std::move(input);

    if (const auto tools = chat.find("tools"); tools != chat.end() && tools->is_array()) {
        Json list = Json::array();
        for (const Json &t : *tools)
            if (Json converted = tool(t, notes); !converted.is_null())
                list.push_back(std::move(converted));
        if (!list.empty())
            out["tools"] = std::move(list);
    }
    if (chat.contains("tool_choice"))
        out["tool_choice"] = toolChoice(chat["tool_choice"]);
    if (chat.contains("parallel_tool_calls"))
        out["parallel_tool_calls"] = chat["parallel_tool_calls"];
    if (const std::string effort = json::str(chat, "reasoning_effort"); !effort.empty())
        out["reasoning"] = {{"effort", effort}};
    for (const char *limit : {"max_completion_tokens", "max_tokens"})
        if (const auto it = chat.find(limit); it != chat.end() && it->is_number_integer()) {
            out["max_output_tokens"] = *it;
            break;
        }
    for (const char *key : {"temperature", "top_p", "metadata", "prompt_cache_key",
                            "safety_identifier", "service_tier", "top_logprobs"})
        if (const auto it = chat.find(key); it != chat.end() && !it->is_null())
            out[key] = *it;
    if (const std::string user = json::str(chat, "user"); !user.empty())
        out["safety_identifier"] = user;
    if (const auto format = chat.find("response_format");
        format != chat.end() && format->is_object()) {
        const std::string type = json::str(*format, "type");
        if (type == "json_schema") {
            const Json schema = format->value("json_schema", Json::object());
            Json f = {{"type", "json_schema"}, {"name", json::str(schema, "name", "response")}};
            if (schema.contains("schema"))
                f["schema"] = schema["schema"];
            if (schema.contains("strict"))
                f["strict"] = schema["strict"];
            if (schema.contains("description"))
                f["description"] = schema["description"];
            out["text"] = {{"format", std::move(f)}};
        } else if (type == "json_object" || type == "text") {
            out["text"] = {{"format", {{"type", type}}}};
        }
    }
    if (const auto verbosity = chat.find("verbosity"); verbosity != chat.end())
        out["text"]["verbosity"] = *verbosity;
    for (const char *key : {"stop", "seed", "frequency_penalty", "presence_penalty", "logit_bias",
                            "audio", "modalities", "prediction", "web_search_options"})
        if (chat.contains(key) && !chat[key].is_null())
            notes.drop(QString::fromLatin1(key),
                       QStringLiteral("the Responses API has no such setting"));
    const auto stream = chat.find("stream");
    out["stream"] = stream != chat.end() && stream->is_boolean() && stream->get<bool>();
    out["store"] = false;
    return out;
}

} // namespace llmux
