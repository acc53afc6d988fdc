#include "tests/translate/StreamReplay.h"

#include <map>
#include <set>

namespace llmux::test {

bool noted(const TranslationNotes &notes, const QString &field)
{
    for (const QString &n : notes.dropped)
        if (n.startsWith(field + u':'))
            return true;
    return false;
}

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

ResponsesResult accumulateResponses(const QList<SseEvent> &events)
{
    ResponsesResult r;
    auto fail = [&r](const QString &why) {
        if (r.problem.isEmpty())
            r.problem = why;
    };
    std::string responseId;
    std::map<std::string, int> openItems; // item id -> output_index
    std::set<int> usedIndexes;
    qint64 expectedSequence = 0;
    bool finished = false;
    for (const SseEvent &e : events) {
        const Json data = json::parse(e.data);
        const std::string type = json::str(data, "type");
        const QString qtype = QString::fromStdString(type);
        r.eventTypes.append(qtype);
        if (e.event != QByteArray::fromStdString(type))
            fail(QStringLiteral("event: %1 carries type %2")
                     .arg(QString::fromLatin1(e.event), qtype));
        if (finished)
            fail(QStringLiteral("%1 after the final event").arg(qtype));
        if (!data.contains("sequence_number") || data["sequence_number"] != expectedSequence)
            fail(QStringLiteral("%1 has sequence_number %2, expected %3")
                     .arg(qtype,
                          QString::fromStdString(data.value("sequence_number", Json()).dump()))
                     .arg(expectedSequence));
        ++expectedSequence;
        if (responseId.empty() && type != "response.created")
            fail(QStringLiteral("%1 before response.created").arg(qtype));
        if (const auto response = data.find("response"); response != data.end()) {
            const std::string id = json::str(*response, "id");
            if (type == "response.created")
                responseId = id;
            else if (id != responseId)
                fail(QStringLiteral("%1 names response %2, not %3")
                         .arg(qtype, QString::fromStdString(id),
                              QString::fromStdString(responseId)));
        }
        const std::string itemId = json::str(data, "item_id");
        if (type == "response.output_item.added") {
            const int index = data.at("output_index");
            const std::string id = json::str(data.at("item"), "id");
            if (!usedIndexes.insert(index).second)
                fail(QStringLiteral("output_index %1 used twice").arg(index));
            openItems[id] = index;
        } else if (type == "response.output_item.done") {
            const std::string id = json::str(data.at("item"), "id");
            const auto open = openItems.find(id);
            if (open == openItems.end())
                fail(QStringLiteral("output_item.done for %1, which is not open")
                         .arg(QString::fromStdString(id)));
            else if (open->second != data.at("output_index").get<int>())
                fail(QStringLiteral("item %1 changed its output_index")
                         .arg(QString::fromStdString(id)));
            else
                openItems.erase(open);
            r.items.push_back(data.at("item"));
        } else if (!itemId.empty()) {
            const auto open = openItems.find(itemId);
            if (open == openItems.end())
                fail(QStringLiteral("%1 for %2, which is not open")
                         .arg(qtype, QString::fromStdString(itemId)));
            else if (open->second != data.value("output_index", -1))
                fail(QStringLiteral("%1 has the wrong output_index").arg(qtype));
            if (type.size() > 6 && type.compare(type.size() - 6, 6, ".delta") == 0)
                r.deltas[itemId] += json::str(data, "delta");
        } else if (type == "response.completed" || type == "response.incomplete" ||
                   type == "response.failed") {
            finished = true;
            r.response = data.at("response");
            if (type != "response.failed" && !openItems.empty())
                fail(QStringLiteral("%1 while items are open").arg(qtype));
        } else if (type != "response.created" && type != "response.in_progress") {
            fail(QStringLiteral("unexpected event %1").arg(qtype));
        }
    }
    if (!finished)
        fail(QStringLiteral("the stream has no final event"));
    return r;
}

GeminiResult accumulateGemini(const QList<SseEvent> &events)
{
    GeminiResult r;
    auto fail = [&r](const QString &why) {
        if (r.problem.isEmpty())
            r.problem = why;
    };
    for (const SseEvent &e : events) {
        const Json data = json::parse(e.data);
        if (!r.finishReason.empty())
            fail(QStringLiteral("an event after the finish reason"));
        if (data.contains("error")) {
            fail(QStringLiteral("error: ") + QString::fromStdString(data["error"].dump()));
            continue;
        }
        const Json &candidate = data.at("candidates").at(0);
        for (const Json &part : candidate.at("content").at("parts")) {
            if (part.contains("functionCall")) {
                if (!part["functionCall"].at("args").is_object())
                    fail(QStringLiteral("function call args are not an object"));
                r.calls.push_back(part);
            } else if (part.value("thought", false)) {
                r.thoughts += part.at("text").get<std::string>();
            } else {
                r.text += part.at("text").get<std::string>();
            }
        }
        if (candidate.contains("finishReason")) {
            r.finishReason = candidate["finishReason"];
            r.usage = data.value("usageMetadata", Json());
        }
    }
    if (r.finishReason.empty())
        fail(QStringLiteral("no finish reason"));
    return r;
}

} // namespace llmux::test
