#include "core/translate/OpenAiToGeminiRequest.h"

#include "core/translate/ChatReading.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace llmux {
namespace {

std::string mimeTypeForUrl(const std::string &url)
{
    auto endsWith = [&](const char *ext) {
        const std::string e(ext);
        std::string path = url.substr(0, url.find('?'));
        return path.size() >= e.size() &&
               std::equal(e.rbegin(), e.rend(), path.rbegin(),
                          [](char a, char b) { return a == std::tolower(b); });
    };
    if (endsWith(".png"))
        return "image/png";
    if (endsWith(".webp"))
        return "image/webp";
    if (endsWith(".gif"))
        return "image/gif";
    if (endsWith(".pdf"))
        return "application/pdf";
    return "image/jpeg";
}

Json dataPart(const std::string &url)
{
    if (url.rfind("data:", 0) == 0) {
        const size_t marker = url.find(";base64,");
        if (marker != std::string::npos)
            return {{"inlineData",
                     {{"mimeType", url.substr(5, marker - 5)}, {"data", url.substr(marker + 8)}}}};
    }
    return {{"fileData", {{"mimeType", mimeTypeForUrl(url)}, {"fileUri", url}}}};
}

Json parts(const Json &content, TranslationNotes &notes)
{
    Json out = Json::array();
    if (content.is_string()) {
        if (!content.get_ref<const std::string &>().empty())
            out.push_back({{"text", content}});
        return out;
    }
    if (!content.is_array())
        return out;
    for (const Json &part : content) {
        const std::string type = json::str(part, "type");
        if (type == "text") {
            out.push_back({{"text", json::str(part, "text")}});
        } else if (type == "image_url") {
            const Json &image = part.at("image_url");
            out.push_back(
                dataPart(image.is_string() ? image.get<std::string>() : json::str(image, "url")));
        } else if (type == "file" && json::has(part.at("file"), "file_data")) {
            out.push_back(dataPart(json::str(part["file"], "file_data")));
        } else if (type == "input_audio") {
            const Json &audio = part.at("input_audio");
            out.push_back({{"inlineData",
                            {{"mimeType", "audio/" + json::str(audio, "format", "wav")},
                             {"data", json::str(audio, "data")}}}});
        } else {
            notes.drop(QStringLiteral("messages.content.") + QString::fromStdString(type),
                       QStringLiteral("no Gemini equivalent"));
        }
    }
    return out;
}

void append(Json &contents, const char *role, Json newParts)
{
    if (newParts.empty())
        return;
    if (!contents.empty() && contents.back()["role"] == role) {
        for (Json &p : newParts)
            contents.back()["parts"].push_back(std::move(p));
        return;
    }
    contents.push_back({{"role", role}, {"parts", std::move(newParts)}});
}

Json functionResponse(const std::string &name, const Json &content)
{
    std::string text;
    if (content.is_string()) {
        text = content.get<std::string>();
    } else if (content.is_array()) {
        for (const Json &part : content)
            text += json::str(part, "text");
    }
    Json response = Json::parse(text, nullptr, false);
    if (response.is_discarded() || !response.is_object())
        response = {{"content", text}};
    return {{"functionResponse", {{"name", name}, {"response", std::move(response)}}}};
}

int thinkingBudget(const std::string &effort)
{
    if (effort == "none")
        return 0;
    if (effort == "minimal" || effort == "low")
        return 1024;
    if (effort == "high")
        return 24576;
    return 8192;
}

} // namespace

Json OpenAiToGeminiRequest::translate(const Json &in, TranslationNotes &notes)
{
    Json out = Json::object();
    std::string system;
    Json contents = Json::array();
    std::map<std::string, std::string> toolNames; // tool_call_id -> function name
    for (const Json &message : in.at("messages")) {
        const std::string role = message.at("role").get<std::string>();
        const Json content = message.value("content", Json());
        if (role == "system" || role == "developer") {
            if (!system.empty())
                system += "\n\n";
            for (const Json &p : parts(content, notes))
                system += json::str(p, "text");
        } else if (role == "user") {
            append(contents, "user", parts(content, notes));
        } else if (role == "assistant") {
            Json modelParts = parts(content, notes);
            bool first = true;
            if (const auto calls = message.find("tool_calls");
                calls != message.end() && calls->is_array())
                for (const Json &call : *calls) {
                    const Json &function = call.at("function");
                    const std::string name = json::str(function, "name");
                    toolNames[json::str(call, "id")] = name;
                    Json part = {
                        {"functionCall",
                         {{"name", name},
                          {"args", json::parseArguments(json::str(function, "arguments"))}}}};
                    if (const std::string signature = chat::thoughtSignatureOf(call);
                        !signature.empty())
                        part["thoughtSignature"] = signature;
                    else if (first)
                        part["thoughtSignature"] = kUnknownThoughtSignature;
                    first = false;
                    modelParts.push_back(std::move(part));
                }
            if (json::has(message, "reasoning_content"))
                notes.drop(QStringLiteral("reasoning_content"),
                           QStringLiteral("Gemini does not take earlier thoughts as text"));
            append(contents, "model", std::move(modelParts));
        } else if (role == "tool" || role == "function") {
            const std::string id = json::str(message, "tool_call_id");
            auto name = toolNames.find(id);
            const std::string fn =
                name != toolNames.end() ? name->second : json::str(message, "name", id);
            append(contents, "user", Json::array({functionResponse(fn, content)}));
        } else {
            throw TranslationError(
                QStringLiteral("messages: unknown role \"%1\".").arg(QString::fromStdString(role)));
        }
    }
    if (!system.empty())
        out["systemInstruction"] = {{"parts", Json::array({{{"text", system}}})}};
    out["contents"] = std::move(contents);

    Json config = Json::object();
    for (auto it = in.begin(); it != in.end(); ++it) {
        const std::string &key = it.key();
        const Json &value = it.value();
        if (value.is_null() || key == "model" || key == "messages" || key == "stream" ||
            key == "stream_options" || key == "parallel_tool_calls")
            continue;
        if (key == "max_tokens" || key == "max_completion_tokens")
            config["maxOutputTokens"] = value;
        else if (key == "temperature")
            config["temperature"] = value;
        else if (key == "top_p")
            config["topP"] = value;
        else if (key == "n")
            config["candidateCount"] = value;
        else if (key == "seed")
            config["seed"] = value;
        else if (key == "presence_penalty")
            config["presencePenalty"] = value;
        else if (key == "frequency_penalty")
            config["frequencyPenalty"] = value;
        else if (key == "stop")
            config["stopSequences"] = value.is_string() ? Json::array({value}) : value;
        else if (key == "response_format") {
            const std::string type = json::str(value, "type");
            if (type == "json_object" || type == "json_schema")
                config["responseMimeType"] = "application/json";
            if (type == "json_schema")
                config["responseJsonSchema"] =
                    value.at("json_schema").value("schema", Json::object());
        } else if (key == "reasoning_effort") {
            const std::string effort = value.get<std::string>();
            config["thinkingConfig"] = {{"thinkingBudget", thinkingBudget(effort)},
                                        {"includeThoughts", effort != "none"}};
        } else if (key == "tools") {
            Json declarations = Json::array();
            for (const Json &tool : value) {
                const Json &function = tool.at("function");
                Json d = {{"name", function.at("name")}};
                if (json::has(function, "description"))
                    d["description"] = function["description"];
                if (json::has(function, "parameters"))
                    d["parametersJsonSchema"] = function["parameters"];
                declarations.push_back(std::move(d));
            }
            out["tools"] = Json::array({{{"functionDeclarations", std::move(declarations)}}});
        } else if (key == "tool_choice") {
            Json calling;
            if (value.is_string()) {
                const std::string mode = value.get<std::string>();
                calling["mode"] = mode == "required" ? "ANY" : mode == "none" ? "NONE" : "AUTO";
            } else {
                calling["mode"] = "ANY";
                calling["allowedFunctionNames"] =
                    Json::array({json::str(value.value("function", Json::object()), "name")});
            }
            out["toolConfig"] = {{"functionCallingConfig", std::move(calling)}};
        } else {
            notes.drop(QString::fromStdString(key), QStringLiteral("no Gemini equivalent"));
        }
    }
    if (!config.empty())
        out["generationConfig"] = std::move(config);
    return out;
}

} // namespace llmux
