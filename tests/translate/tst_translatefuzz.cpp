// Fuzz-style robustness: every translator gets random, truncated and type-mangled JSON and SSE
// built from the vendor transcripts. Whatever arrives, a translator returns or throws a
// std::exception (which the gateway turns into a clean error) — never crashes, never emits
// events that are not JSON. The sanitizer build in CI runs this too.
#include "core/translate/FastDelta.h"
#include "core/translate/ResponseTranslator.h"
#include "core/translate/Translation.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

#include <random>

using namespace llmux;
using namespace llmux::test;

namespace {

const ApiFormat kFormats[] = {ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
                              ApiFormat::GeminiGenerate, ApiFormat::OpenAiResponses};
// The formats a provider speaks.
const ApiFormat kUpstreams[] = {ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages,
                                ApiFormat::GeminiGenerate, ApiFormat::OpenAiResponses};

Json randomValue(std::mt19937 &rng, int depth = 0)
{
    switch (rng() % (depth > 3 ? 5 : 7)) {
    case 0:
        return nullptr;
    case 1:
        return int(rng() % 2000) - 1000;
    case 2:
        return std::string(rng() % 5, char('a' + rng() % 26));
    case 3:
        return bool(rng() % 2);
    case 4:
        return 1.5e300;
    case 5: {
        Json a = Json::array();
        for (unsigned i = rng() % 3; i > 0; --i)
            a.push_back(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        Json o = Json::object();
        for (const char *key : {"type", "text", "role", "content", "index", "delta"})
            if (rng() % 3 == 0)
                o[key] = randomValue(rng, depth + 1);
        return o;
    }
    }
}

// Replaces one randomly chosen value somewhere in the document with a random one.
void mangle(Json &doc, std::mt19937 &rng)
{
    Json *node = &doc;
    for (int depth = 0; depth < 8; ++depth) {
        if (!(node->is_object() || node->is_array()) || node->empty() || rng() % 4 == 0)
            break;
        auto it = node->begin();
        std::advance(it, rng() % node->size());
        node = &*it;
    }
    *node = randomValue(rng);
}

QList<QString> files(const char *kind)
{
    QList<QString> out;
    for (const char *vendor : {"openai", "anthropic", "gemini", "responses"})
        for (const char *name :
             {"request_full.json",        "request_codex.json",     "response_text.json",
              "response_tool_calls.json", "response_tool_use.json", "response_function_call.json",
              "response_reasoning.json",  "response_thinking.json", "response_thought.json",
              "stream_text.sse",          "stream_tool_calls.sse",  "stream_tool_use.sse",
              "stream_function_call.sse", "stream_reasoning.sse",   "stream_thinking.sse",
              "stream_thought.sse",       "stream_error.sse",       "response_incomplete.json",
              "stream_failed.sse",        "stream_incomplete.sse"}) {
            const QString path =
                QStringLiteral("%1/%2").arg(QLatin1String(vendor), QLatin1String(name));
            if (QString::fromLatin1(name).startsWith(QLatin1String(kind)) &&
                QFile::exists(QStringLiteral(LLMUX_FIXTURES_DIR "/translate/") + path))
                out.append(path);
        }
    return out;
}

// Every answer translator from `upstream` to some client, fresh each time.
std::vector<std::unique_ptr<ResponseTranslator>> translatorsFrom(ApiFormat upstream, bool usage)
{
    std::vector<std::unique_ptr<ResponseTranslator>> out;
    for (ApiFormat client :
         {ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages, ApiFormat::GeminiGenerate})
        out.push_back(Translation::response(client, upstream, "m", usage));
    // A Responses client whose request had a freeform tool and asked for reasoning summaries.
    const Json responsesRequest = {
        {"model", "m"},
        {"reasoning", {{"summary", "auto"}}},
        {"include", Json::array({"reasoning.encrypted_content"})},
        {"tools", Json::array({{{"type", "custom"}, {"name", "get_weather"}}})}};
    out.push_back(
        Translation::response(ApiFormat::OpenAiResponses, upstream, "m", usage, responsesRequest));
    return out;
}

ApiFormat formatOf(const QString &path)
{
    return path.startsWith(u"openai")      ? ApiFormat::OpenAiChat
           : path.startsWith(u"anthropic") ? ApiFormat::AnthropicMessages
           : path.startsWith(u"responses") ? ApiFormat::OpenAiResponses
                                           : ApiFormat::GeminiGenerate;
}

void checkEventsAreJson(const QList<SseEvent> &events)
{
    for (const SseEvent &e : events) {
        if (!e.raw.isEmpty() || e.data == "[DONE]")
            continue;
        const Json parsed =
            Json::parse(e.data.constData(), e.data.constData() + e.data.size(), nullptr, false);
        QVERIFY2(!parsed.is_discarded(), e.data.constData());
    }
}

// Feeds the stream; a throw is a clean failure, and what came out before it must be sound.
int feedStream(ResponseTranslator &t, const QByteArray &bytes, int piece)
{
    QList<SseEvent> out;
    SseParser parser;
    try {
        for (qsizetype at = 0; at < bytes.size(); at += piece)
            for (const SseParser::Event &e : parser.feed(bytes.mid(at, piece)))
                t.translateEvent(e, out);
        t.finish(out);
    } catch (const std::exception &) {
        checkEventsAreJson(out);
        return 1;
    }
    checkEventsAreJson(out);
    return 0;
}

} // namespace

class TestTranslateFuzz : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestsWithMangledFields()
    {
        std::mt19937 rng(20261125);
        int failures = 0, runs = 0;
        for (const QString &file : files("request")) {
            const Json original = fixtureJson(file);
            for (int i = 0; i < 600; ++i) {
                Json doc = original;
                for (unsigned n = 1 + rng() % 3; n > 0; --n)
                    mangle(doc, rng);
                for (ApiFormat client : kFormats)
                    for (ApiFormat upstream : kFormats) {
                        TranslationNotes notes;
                        // Never throws: a request it cannot carry is a failure with a message.
                        const Result<Json> r = Translation::request(client, upstream, doc, notes);
                        ++runs;
                        if (!r) {
                            ++failures;
                            QVERIFY(!r.error().isEmpty());
                        } else {
                            QVERIFY(!json::toBytes(*r).isEmpty());
                        }
                    }
            }
        }
        qInfo() << runs << "request translations," << failures << "refused cleanly";
        QVERIFY(failures > 0); // the mangling does reach the translators
    }

    void requestsThatAreNotObjects()
    {
        for (const char *text :
             {"null", "[]", "1", "\"x\"", "{}", R"({"model":1})", R"({"model":"m","messages":{}})",
              R"({"model":"m","messages":[null]})", R"({"model":"m","messages":[{"role":"user"}]})",
              R"({"model":"m","messages":[{"role":"tool","content":7}]})"}) {
            for (ApiFormat client : kFormats)
                for (ApiFormat upstream : kFormats) {
                    TranslationNotes notes;
                    const Result<Json> r =
                        Translation::request(client, upstream, Json::parse(text), notes);
                    Q_UNUSED(r);
                }
        }
    }

    void truncatedAndMangledBodies()
    {
        std::mt19937 rng(7);
        int thrown = 0;
        for (const QString &file : files("response")) {
            const QByteArray whole = fixture(file);
            const ApiFormat upstream = formatOf(file);
            for (qsizetype cut = 0; cut <= whole.size(); cut += 3) {
                for (auto &t : translatorsFrom(upstream, false)) {
                    try {
                        const QByteArray out = t->translateBody(whole.left(cut));
                        QVERIFY(!json::parse(out).is_discarded());
                    } catch (const std::exception &) {
                        ++thrown;
                    }
                }
            }
            const Json original = json::parse(whole);
            for (int i = 0; i < 400; ++i) {
                Json doc = original;
                mangle(doc, rng);
                for (auto &t : translatorsFrom(upstream, false)) {
                    try {
                        QVERIFY(!json::parse(t->translateBody(json::toBytes(doc))).is_discarded());
                    } catch (const std::exception &) {
                        ++thrown;
                    }
                }
            }
        }
        QVERIFY(thrown > 0);
    }

    void truncatedAndMangledStreams()
    {
        std::mt19937 rng(11);
        for (const QString &file : files("stream")) {
            const QByteArray whole = fixture(file);
            const ApiFormat upstream = formatOf(file);
            for (qsizetype cut = 0; cut <= whole.size(); cut += 5)
                for (auto &t : translatorsFrom(upstream, true))
                    feedStream(*t, whole.left(cut), 1 + int(rng() % 64));
            // Events whose JSON is mangled, reordered or replaced by noise.
            SseParser parser;
            const QList<SseParser::Event> events = parser.feed(whole);
            for (int i = 0; i < 300; ++i) {
                QByteArray mutated;
                for (const SseParser::Event &e : events) {
                    QByteArray data = e.data;
                    const unsigned roll = rng() % 10;
                    if (roll == 0) {
                        Json doc = Json::parse(data.constData(), data.constData() + data.size(),
                                               nullptr, false);
                        if (!doc.is_discarded()) {
                            mangle(doc, rng);
                            data = json::toBytes(doc);
                        }
                    } else if (roll == 1) {
                        data = data.left(int(rng() % (data.size() + 1)));
                    } else if (roll == 2) {
                        continue; // dropped event
                    } else if (roll == 3) {
                        for (int b = 0; b < 4 && !data.isEmpty(); ++b)
                            data[int(rng() % data.size())] = char(rng() % 256);
                    }
                    if (!e.event.isEmpty())
                        mutated += "event: " + e.event + '\n';
                    mutated += "data: " + data.replace('\n', ' ') + "\n\n";
                }
                for (auto &t : translatorsFrom(upstream, rng() % 2))
                    feedStream(*t, mutated, 1 + int(rng() % 200));
            }
        }
    }

    void fastDeltaNeverDisagreesWithTheParser()
    {
        // Mangled chunks either decline the fast path or give exactly what a full parse gives.
        std::mt19937 rng(5);
        SseParser parser;
        const QList<SseParser::Event> events =
            parser.feed(fixture(QStringLiteral("openai/stream_text.sse")));
        int agreed = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray data = events[1 + int(rng() % 4)].data;
            const unsigned roll = rng() % 4;
            if (roll == 0) {
                data = data.left(int(rng() % data.size()));
            } else if (roll == 1) {
                for (int b = 0; b < 2; ++b)
                    data[int(rng() % data.size())] = "\\\"{}[],:0az \x01\xff"[rng() % 14];
            } else if (roll == 2) {
                Json doc = json::parse(data);
                mangle(doc, rng);
                data = json::toBytes(doc);
            }
            const std::optional<std::string> fast = FastDelta::openAiText(data);
            if (!fast)
                continue;
            const Json full =
                Json::parse(data.constData(), data.constData() + data.size(), nullptr, false);
            if (full.is_discarded())
                continue; // the chunk is broken after the delta; the text itself was intact
            QCOMPARE(QString::fromStdString(full["choices"][0]["delta"].value("content", "")),
                     QString::fromStdString(*fast));
            ++agreed;
        }
        QVERIFY(agreed > 1000);
    }

    void randomBytes()
    {
        std::mt19937 rng(3);
        for (int i = 0; i < 300; ++i) {
            QByteArray noise(int(rng() % 300), Qt::Uninitialized);
            for (char &c : noise)
                c = char(rng() % 256);
            for (ApiFormat upstream : kUpstreams)
                for (auto &t : translatorsFrom(upstream, true)) {
                    feedStream(*t, "data: " + noise + "\n\n", 13);
                    try {
                        t->translateBody(noise);
                    } catch (const std::exception &) {
                    }
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestTranslateFuzz)
#include "tst_translatefuzz.moc"
