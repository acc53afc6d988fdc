#include "tests/translate/StreamReplay.h"

#include <map>

namespace llmux::test {

QByteArray fixture(const QString &relativePath)
{
    QFile file(QStringLiteral(LLMUX_FIXTURES_DIR "/translate/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(relativePath));
    return file.readAll();
}

Json fixtureJson(const QString &relativePath)
{
    return json::parse(fixture(relativePath));
}

QList<SseEvent> replayStream(ResponseTranslator &translator, const QByteArray &transcript,
                             int pieceSize)
{
    SseParser parser;
    QList<SseEvent> out;
    for (qsizetype at = 0; at < transcript.size(); at += pieceSize)
        for (const SseParser::Event &event : parser.feed(transcript.mid(at, pieceSize)))
            translator.translateEvent(event, out);
    translator.finish(out);
    return out;
}

AnthropicMessage accumulateAnthropic(const QList<SseEvent> &events)
{
    AnthropicMessage r;
    std::map<int, std::string> partialJson;
    int open = -1;
    bool stopped = false;
    auto fail = [&r](const QString &why) {
        if (r.problem.isEmpty())
            r.problem = why;
    };
    for (const SseEvent &e : events) {
        const Json data = json::parse(e.data);
        const std::string type = json::str(data, "type");
        r.eventTypes.append(QString::fromStdString(type));
        if (e.event != QByteArray::fromStdString(type))
            fail(QStringLiteral("event: %1 carries type %2")
                     .arg(QString::fromLatin1(e.event), QString::fromStdString(type)));
        if (stopped)
            fail(QStringLiteral("%1 after message_stop").arg(QString::fromStdString(type)));
        if (r.message.is_null() && type != "message_start" && type != "error")
            fail(QStringLiteral("%1 before message_start").arg(QString::fromStdString(type)));
        if (type == "message_start") {
            r.message = data.at("message");
        } else if (type == "content_block_start") {
            if (open >= 0)
                fail(QStringLiteral("block %1 starts while %2 is open")
                         .arg(int(data["index"]))
                         .arg(open));
            open = data.at("index");
            if (open != int(r.message["content"].size()))
                fail(QStringLiteral("block index %1 out of order").arg(open));
            r.message["content"].push_back(data.at("content_block"));
        } else if (type == "content_block_delta") {
            const int index = data.at("index");
            if (index != open)
                fail(QStringLiteral("delta for block %1 while %2 is open").arg(index).arg(open));
            Json &block = r.message["content"][size_t(index)];
            const Json &delta = data.at("delta");
            const std::string kind = json::str(delta, "type");
            if (kind == "text_delta")
                block["text"] = block["text"].get<std::string>() + json::str(delta, "text");
            else if (kind == "thinking_delta")
                block["thinking"] =
                    block["thinking"].get<std::string>() + json::str(delta, "thinking");
            else if (kind == "signature_delta")
                block["signature"] = json::str(delta, "signature");
            else if (kind == "input_json_delta")
                partialJson[index] += json::str(delta, "partial_json");
            else
                fail(QStringLiteral("unknown delta %1").arg(QString::fromStdString(kind)));
        } else if (type == "content_block_stop") {
            if (data.at("index") != open)
                fail(QStringLiteral("stop for a block that is not open"));
            if (auto it = partialJson.find(open); it != partialJson.end())
                r.message["content"][size_t(open)]["input"] = Json::parse(it->second);
            open = -1;
        } else if (type == "message_delta") {
            if (open >= 0)
                fail(QStringLiteral("message_delta while a block is open"));
            r.message["stop_reason"] = data.at("delta").at("stop_reason");
            for (auto &[key, value] : data.at("usage").items())
                r.message["usage"][key] = value;
        } else if (type == "message_stop") {
            if (r.message["stop_reason"].is_null())
                fail(QStringLiteral("message_stop without a stop_reason"));
            stopped = true;
        } else if (type == "error") {
            r.errorType = QString::fromStdString(json::str(data.at("error"), "type"));
            stopped = true;
        } else if (type != "ping") {
            fail(QStringLiteral("unknown event %1").arg(QString::fromStdString(type)));
        }
    }
    if (!stopped)
        fail(QStringLiteral("the stream has no message_stop"));
    return r;
}

OpenAiMessage accumulateOpenAi(const QList<SseEvent> &events)
{
    OpenAiMessage r;
    for (const SseEvent &e : events) {
        if (r.done)
            r.problem = QStringLiteral("an event after [DONE]");
        if (!e.event.isEmpty())
            r.problem = QStringLiteral("OpenAI streams carry no event names");
        if (e.data == "[DONE]") {
            r.done = true;
            continue;
        }
        const Json chunk = json::parse(e.data);
        if (json::has(chunk, "error")) {
            r.error = QString::fromStdString(json::str(chunk["error"], "message"));
            continue;
        }
        if (json::str(chunk, "object") != "chat.completion.chunk")
            r.problem = QStringLiteral("object is not chat.completion.chunk");
        if (json::has(chunk, "usage"))
            r.usage = chunk["usage"];
        for (const Json &choice : chunk.at("choices")) {
            const Json &delta = choice.at("delta");
            r.content += json::str(delta, "content");
            r.reasoning += json::str(delta, "reasoning_content");
            if (json::has(delta, "tool_calls"))
                for (const Json &call : delta["tool_calls"]) {
                    const size_t index = call.at("index").get<size_t>();
                    while (r.toolCalls.size() <= index)
                        r.toolCalls.push_back({{"id", ""}, {"name", ""}, {"arguments", ""}});
                    Json &t = r.toolCalls[index];
                    if (json::has(call, "id"))
                        t["id"] = call["id"];
                    if (json::has(call, "extra_content"))
                        t["extra_content"] = call["extra_content"];
                    const Json function = call.value("function", Json::object());
                    if (json::has(function, "name"))
                        t["name"] = function["name"];
                    t["arguments"] =
                        t["arguments"].get<std::string>() + json::str(function, "arguments");
                }
            if (json::has(choice, "finish_reason"))
                r.finishReason = json::str(choice, "finish_reason");
        }
    }
    if (!r.done && r.error.isEmpty())
        r.problem = QStringLiteral("the stream has no [DONE]");
    return r;
}

} // namespace llmux::test
