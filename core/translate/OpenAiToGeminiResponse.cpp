#include "core/translate/OpenAiToGeminiResponse.h"

#include "core/translate/ChatReading.h"
#include "core/translate/FastDelta.h"

namespace llmux {

OpenAiToGeminiResponse::OpenAiToGeminiResponse(std::string clientModel)
    : m_model(std::move(clientModel))
{}

std::string OpenAiToGeminiResponse::finishReason(const std::string &chatReason)
{
    if (chatReason == "length")
        return "MAX_TOKENS";
    if (chatReason == "content_filter")
        return "SAFETY";
    return "STOP"; // tool calls end with STOP in Gemini too
}

Json OpenAiToGeminiResponse::usageMetadata(const Json &usage)
{
    const qint64 prompt = usage.value("prompt_tokens", 0);
    const qint64 completion = usage.value("completion_tokens", 0);
    const qint64 reasoning = chat::reasoningTokens(usage);
    const qint64 cached = chat::cachedPromptTokens(usage);
    Json meta = {{"promptTokenCount", prompt},
                 {"candidatesTokenCount", completion - reasoning},
                 {"totalTokenCount", usage.value("total_tokens", prompt + completion)}};
    if (reasoning > 0)
        meta["thoughtsTokenCount"] = reasoning;
    if (cached > 0)
        meta["cachedContentTokenCount"] = cached;
    return meta;
}

void OpenAiToGeminiResponse::readUsage(const Json &usage)
{
    if (!usage.is_object())
        return;
    m_usageMetadata = usageMetadata(usage);
    chat::readTokenUsage(usage, m_usage);
}

Json OpenAiToGeminiResponse::callPart(const PendingCall &call) const
{
    Json functionCall = {{"name", call.name}, {"args", json::parseArguments(call.arguments)}};
    if (!call.id.empty())
        functionCall["id"] = call.id;
    Json part = {{"functionCall", std::move(functionCall)}};
    if (!call.signature.empty())
        part["thoughtSignature"] = call.signature;
    return part;
}

Json OpenAiToGeminiResponse::response(Json parts, const std::string &finish) const
{
    Json candidate = {{"content", {{"role", "model"}, {"parts", std::move(parts)}}}, {"index", 0}};
    if (!finish.empty())
        candidate["finishReason"] = finish;
    Json out = {{"candidates", Json::array({std::move(candidate)})}};
    if (!finish.empty() && !m_usageMetadata.is_null())
        out["usageMetadata"] = m_usageMetadata;
    out["modelVersion"] = m_model;
    if (!m_responseId.empty())
        out["responseId"] = m_responseId;
    return out;
}

QByteArray OpenAiToGeminiResponse::translateBody(const QByteArray &body)
{
    const Json in = json::parse(body);
    const Json &choice = in.at("choices").at(0);
    const Json &message = choice.at("message");
    m_responseId = json::str(in, "id");
    readUsage(in.value("usage", Json()));
    Json parts = Json::array();
    if (std::string reasoning = chat::reasoningOf(message); !reasoning.empty())
        parts.push_back({{"text", reasoning}, {"thought", true}});
    std::string text = chat::textOf(message.value("content", Json()));
    if (text.empty())
        text = json::str(message, "refusal");
    if (!text.empty())
        parts.push_back({{"text", text}});
    if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array())
        for (const Json &call : *calls) {
            const Json function = call.value("function", Json::object());
            parts.push_back(
                callPart({json::str(call, "id"), json::str(function, "name"),
                          json::str(function, "arguments"), chat::thoughtSignatureOf(call)}));
        }
    return json::toBytes(
        response(std::move(parts), finishReason(json::str(choice, "finish_reason", "stop"))));
}

void OpenAiToGeminiResponse::translateEvent(const SseParser::Event &sse, QList<SseEvent> &out)
{
    if (m_done)
        return;
    const QByteArray data = sse.data.trimmed();
    if (data.isEmpty())
        return;
    if (data == "[DONE]") {
        emitEnd(out);
        return;
    }
    auto push = [&out](const Json &event) { out.append(SseEvent{{}, json::toBytes(event), {}}); };
    if (std::optional<std::string> text = FastDelta::openAiText(data)) {
        if (!text->empty())
            push(response(Json::array({{{"text", *text}}}), {}));
        return;
    }
    const Json chunk = json::parse(data);
    if (json::has(chunk, "error")) {
        const Json &error = chunk["error"];
        push({{"error",
               {{"code", 500},
                {"message", error.is_object() ? json::str(error, "message") : error.dump()},
                {"status", "INTERNAL"}}}});
        m_done = true;
        return;
    }
    if (m_responseId.empty())
        m_responseId = json::str(chunk, "id");
    readUsage(chunk.value("usage", Json()));
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty())
        return;
    const Json &choice = (*choices)[0];
    const Json d = choice.value("delta", Json::object());
    Json parts = Json::array();
    if (std::string reasoning = chat::reasoningOf(d); !reasoning.empty())
        parts.push_back({{"text", reasoning}, {"thought", true}});
    if (std::string text = chat::textOf(d.value("content", Json())); !text.empty())
        parts.push_back({{"text", text}});
    if (!parts.empty())
        push(response(std::move(parts), {}));
    if (const auto calls = d.find("tool_calls"); calls != d.end() && calls->is_array())
        for (const Json &call : *calls) {
            PendingCall &pending = m_calls[call.value("index", 0)];
            if (std::string id = json::str(call, "id"); !id.empty())
                pending.id = id;
            if (std::string signature = chat::thoughtSignatureOf(call); !signature.empty())
                pending.signature = signature;
            const Json function = call.value("function", Json::object());
            if (std::string name = json::str(function, "name"); !name.empty())
                pending.name = name;
            pending.arguments += json::str(function, "arguments");
        }
    if (std::string finish = json::str(choice, "finish_reason"); !finish.empty())
        m_finishReason = finish;
}

void OpenAiToGeminiResponse::emitEnd(QList<SseEvent> &out)
{
    // The calls whole, then the finish reason with the usage.
    Json parts = Json::array();
    for (const auto &[index, call] : m_calls)
        parts.push_back(callPart(call));
    m_calls.clear();
    out.append(
        SseEvent{{}, json::toBytes(response(std::move(parts), finishReason(m_finishReason))), {}});
    m_done = true;
}

void OpenAiToGeminiResponse::finish(QList<SseEvent> &out)
{
    if (m_done)
        return;
    // Some providers omit [DONE]; a finish_reason means the answer itself was complete.
    if (!m_finishReason.empty()) {
        emitEnd(out);
        return;
    }
    m_done = true;
    out.append(SseEvent{
        {}, errorEvent(502, "The provider ended the stream before the answer was complete."), {}});
}

QByteArray OpenAiToGeminiResponse::errorEvent(int status, const std::string &message)
{
    return json::toBytes({{"error",
                           {{"code", status},
                            {"message", message},
                            {"status", status == 504 ? "DEADLINE_EXCEEDED" : "UNAVAILABLE"}}}});
}

QByteArray OpenAiToGeminiResponse::streamFailure(int status, QByteArrayView code,
                                                 const QString &message)
{
    Q_UNUSED(code);
    if (m_done)
        return {};
    m_done = true;
    return "data: " + errorEvent(status, message.toStdString()) + "\n\n";
}

} // namespace llmux
