// What the gateway reads from a client's body and what it sends upstream: the checks that refuse a
// request before routing, and the body each provider format gets. No sockets.
#include "core/gateway/RequestShaper.h"

#include <QTest>

using namespace llmux;

namespace {

// A JSON string as a QString, so QCOMPARE can print both sides.
QString str(const Json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

Json parsed(const QByteArray &body)
{
    return Json::parse(body.toStdString());
}

} // namespace

class TestRequestShaper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("not JSON") << QByteArray("{\"model\":") << QByteArray("invalid_json");
        QTest::newRow("an array") << QByteArray("[1,2]") << QByteArray("invalid_request");
        QTest::newRow("no model") << QByteArray("{\"messages\":[]}") << QByteArray("missing_model");
        QTest::newRow("empty model")
            << QByteArray("{\"model\":\"\"}") << QByteArray("missing_model");
        QTest::newRow("model not a string")
            << QByteArray("{\"model\":7}") << QByteArray("missing_model");
        QTest::newRow("model too long")
            << QByteArray("{\"model\":\"" + QByteArray(300, 'm') + "\"}")
            << QByteArray("invalid_model");
        QTest::newRow("stream not a boolean")
            << QByteArray("{\"model\":\"m\",\"stream\":\"yes\"}") << QByteArray("invalid_request");
        QTest::newRow("nested too deep")
            << QByteArray("{\"model\":\"m\",\"x\":" + QByteArray(300, '[') + QByteArray(300, ']') +
                          "}")
            << QByteArray("invalid_request");
    }
    void refusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, code);
        const RequestShaper::Inbound in = RequestShaper::read(body);
        QVERIFY(in.error);
        QCOMPARE(in.error->status, 400);
        QCOMPARE(in.error->code, code);
        QVERIFY(!in.error->message.isEmpty());
        // A refused name is not echoed whole.
        QVERIFY(in.error->message.size() < 300);
    }

    void readsModelAndStream()
    {
        const auto plain = RequestShaper::read(R"({"model":"gpt-4o","messages":[]})");
        QVERIFY(!plain.error);
        QCOMPARE(plain.model, QStringLiteral("gpt-4o"));
        QVERIFY(!plain.stream);
        QVERIFY(RequestShaper::read(R"({"model":"m","stream":true})").stream);
        QVERIFY(!RequestShaper::read(R"({"model":"m","stream":null})").error);
    }

    void sameFormatKeepsTheClientsBytes()
    {
        const QByteArray bytes = R"({"model":"gpt-4o", "messages":[],"temperature":0.5})";
        auto out = RequestShaper::shape(RequestShaper::read(bytes), bytes, Operation::Generate,
                                        ApiFormat::OpenAiChat, ApiFormat::OpenAiChat,
                                        QStringLiteral("gpt-4o"));
        QVERIFY(!out.error);
        QCOMPARE(out.body, bytes); // byte for byte, spacing included
        QVERIFY(out.translator);
    }

    void aRouteRenamesTheModel()
    {
        const QByteArray bytes = R"({"model":"fast","messages":[]})";
        auto out = RequestShaper::shape(RequestShaper::read(bytes), bytes, Operation::Generate,
                                        ApiFormat::OpenAiChat, ApiFormat::OpenAiChat,
                                        QStringLiteral("deepseek-chat"));
        QCOMPARE(str(parsed(out.body)["model"]), QStringLiteral("deepseek-chat"));
    }

    void openAiStreamsAskForTheUsageChunk()
    {
        const QByteArray bytes = R"({"model":"m","stream":true,"messages":[]})";
        auto out =
            RequestShaper::shape(RequestShaper::read(bytes), bytes, Operation::Generate,
                                 ApiFormat::OpenAiChat, ApiFormat::OpenAiChat, QStringLiteral("m"));
        QVERIFY(out.stream);
        QCOMPARE(parsed(out.body)["stream_options"]["include_usage"].get<bool>(), true);
    }

    void anthropicClientsAreTranslatedForOpenAiProviders()
    {
        const QByteArray bytes = R"({"model":"sonnet","max_tokens":100,"system":"Be brief.",
            "messages":[{"role":"user","content":"Hi"}],"stream":true})";
        auto out = RequestShaper::shape(RequestShaper::read(bytes), bytes, Operation::Generate,
                                        ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat,
                                        QStringLiteral("deepseek-chat"));
        QVERIFY(!out.error);
        QCOMPARE(out.upstreamFormat, ApiFormat::OpenAiChat);
        const Json body = parsed(out.body);
        QCOMPARE(str(body["model"]), QStringLiteral("deepseek-chat"));
        QCOMPARE(str(body["messages"][0]["role"]), QStringLiteral("system"));
        QCOMPARE(str(body["messages"][1]["content"]), QStringLiteral("Hi"));
        QVERIFY(out.stream);
        QVERIFY(out.translator);
    }

    void whatATargetCannotTakeIsARefusalNotACrash()
    {
        // A body the translator cannot express for the provider comes back as a GatewayError
        // for the router to weigh (another target may take it), never an exception.
        const QByteArray bytes =
            R"({"model":"m","max_tokens":10,"messages":[{"role":"wizard","content":"Hi"}]})";
        auto out = RequestShaper::shape(RequestShaper::read(bytes), bytes, Operation::Generate,
                                        ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat,
                                        QStringLiteral("deepseek-chat"));
        QVERIFY(out.error);
        QCOMPARE(out.error->status, 400);
        QCOMPARE(out.error->code, QByteArray("unsupported_request"));
        QVERIFY2(out.error->message.contains(QLatin1String("wizard")),
                 qPrintable(out.error->message));
    }
};

QTEST_GUILESS_MAIN(TestRequestShaper)
#include "tst_requestshaper.moc"
