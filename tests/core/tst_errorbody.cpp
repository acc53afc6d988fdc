// Error bodies in each client's own format, so official SDKs raise their usual error types.
#include "core/translate/ErrorBody.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;
using Json = nlohmann::json;

namespace {

Json parse(const QByteArray &bytes)
{
    return Json::parse(bytes.toStdString());
}

// A JSON string as a QString, so QCOMPARE can print both sides.
QString str(const Json &value)
{
    return value.is_string()
               ? QString::fromStdString(value.get<std::string>())
               : QStringLiteral("<not a string: %1>").arg(QString::fromStdString(value.dump()));
}

} // namespace

class TestErrorBody : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openAiShape()
    {
        const Json body =
            parse(ErrorBody::openAi(404, "model_not_found", QStringLiteral("No \"x\" here.")));
        QCOMPARE(str(body["error"]["message"]), QStringLiteral("No \"x\" here."));
        QCOMPARE(str(body["error"]["code"]), QStringLiteral("model_not_found"));
        QCOMPARE(str(body["error"]["type"]), QStringLiteral("invalid_request_error"));
        QVERIFY(body["error"].contains("param"));
    }

    void openAiTypesFollowTheStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("400") << 400 << QByteArray("invalid_request_error");
        QTest::newRow("401") << 401 << QByteArray("authentication_error");
        QTest::newRow("403") << 403 << QByteArray("permission_error");
        QTest::newRow("429") << 429 << QByteArray("rate_limit_error");
        QTest::newRow("500") << 500 << QByteArray("server_error");
        QTest::newRow("502") << 502 << QByteArray("upstream_error");
        QTest::newRow("503") << 503 << QByteArray("server_error");
    }
    void openAiTypesFollowTheStatus()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QCOMPARE(ErrorBody::openAiType(status), type);
    }

    void anthropicShape_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("400") << 400 << QByteArray("invalid_request_error");
        QTest::newRow("401") << 401 << QByteArray("authentication_error");
        QTest::newRow("403") << 403 << QByteArray("permission_error");
        QTest::newRow("404") << 404 << QByteArray("not_found_error");
        QTest::newRow("413") << 413 << QByteArray("request_too_large");
        QTest::newRow("429") << 429 << QByteArray("rate_limit_error");
        QTest::newRow("500") << 500 << QByteArray("api_error");
        QTest::newRow("529") << 529 << QByteArray("overloaded_error");
    }
    void anthropicShape()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        const Json body = parse(ErrorBody::anthropic(status, QStringLiteral("Nope.")));
        QCOMPARE(str(body["type"]), QStringLiteral("error"));
        QCOMPARE(str(body["error"]["type"]).toLatin1(), type);
        QCOMPARE(str(body["error"]["message"]), QStringLiteral("Nope."));
        // A more precise type wins over the status.
        QCOMPARE(str(parse(ErrorBody::anthropic(status, QStringLiteral("Busy."),
                                                "overloaded_error"))["error"]["type"]),
                 QStringLiteral("overloaded_error"));
    }

    void eachClientGetsItsOwnFormat()
    {
        const Json anthropic = parse(ErrorBody::forClient(ApiFormat::AnthropicMessages, 401,
                                                          "invalid_api_key", QStringLiteral("x")));
        QCOMPARE(str(anthropic["type"]), QStringLiteral("error"));
        QCOMPARE(str(anthropic["error"]["type"]), QStringLiteral("authentication_error"));
        for (const ApiFormat client : {ApiFormat::OpenAiChat, ApiFormat::OpenAiResponses}) {
            const Json body =
                parse(ErrorBody::forClient(client, 401, "invalid_api_key", QStringLiteral("x")));
            QCOMPARE(str(body["error"]["code"]), QStringLiteral("invalid_api_key"));
        }
        // Google's shape: the HTTP status as the code, and its canonical status name.
        const Json gemini =
            parse(ErrorBody::forClient(ApiFormat::GeminiGenerate, 401, "invalid_api_key", "x"));
        QCOMPARE(gemini["error"]["code"].get<int>(), 401);
        QCOMPARE(str(gemini["error"]["status"]), QStringLiteral("UNAUTHENTICATED"));
        QCOMPARE(str(parse(ErrorBody::gemini(429, "slow down"))["error"]["status"]),
                 QStringLiteral("RESOURCE_EXHAUSTED"));
        // Streams that have begun end with an event in the client's own terms.
        QVERIFY(ErrorBody::streamEvent(ApiFormat::GeminiGenerate, 504, "upstream_timeout", "late")
                    .startsWith("data: {\"error\":{\"code\":504"));
        QVERIFY(ErrorBody::streamEvent(ApiFormat::OpenAiResponses, 504, "upstream_timeout", "late")
                    .startsWith("event: response.failed\n"));
    }

    void streamsEndWithAnErrorEvent()
    {
        const QByteArray openAi = ErrorBody::streamEvent(ApiFormat::OpenAiChat, 502,
                                                         "upstream_error", QStringLiteral("cut"));
        QVERIFY(openAi.startsWith("data: "));
        QVERIFY(openAi.endsWith("\n\n"));
        QCOMPARE(str(parse(openAi.mid(6).trimmed())["error"]["code"]),
                 QStringLiteral("upstream_error"));
        const QByteArray anthropic = ErrorBody::streamEvent(ApiFormat::AnthropicMessages, 529,
                                                            "overloaded", QStringLiteral("busy"));
        QVERIFY(anthropic.startsWith("event: error\ndata: "));
        const qsizetype data = anthropic.indexOf("data: ") + 6;
        QCOMPARE(str(parse(anthropic.mid(data).trimmed())["error"]["type"]),
                 QStringLiteral("overloaded_error"));
    }

    void messagesAreEscapedNotInjected()
    {
        const QString hostile = QStringLiteral("\"},\"injected\":{\"x\":\"\n\u0000\u2028");
        const Json body = parse(ErrorBody::openAi(400, "invalid_request", hostile));
        QCOMPARE(str(body["error"]["message"]), hostile);
        QVERIFY(!body.contains("injected"));
    }
};

QTEST_GUILESS_MAIN(TestErrorBody)
#include "tst_errorbody.moc"
