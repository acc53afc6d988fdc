// What a client is told when every attempt failed: one case per rule of FailureAnswer::choose.
#include "core/gateway/FailureAnswer.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmux;

namespace {

AttemptFailure statusFailure(int status, const QByteArray &body, const QByteArray &retryAfter = {})
{
    AttemptFailure f;
    f.kind = AttemptFailure::Kind::Status;
    f.status = status;
    f.body = body;
    f.retryAfter = retryAfter;
    f.summary = QStringLiteral("p returned HTTP %1").arg(status);
    return f;
}

AttemptFailure otherFailure(AttemptFailure::Kind kind)
{
    AttemptFailure f;
    f.kind = kind;
    f.summary = QStringLiteral("no answer");
    return f;
}

FailedRoute single(ApiFormat client = ApiFormat::OpenAiChat,
                   ApiFormat upstream = ApiFormat::OpenAiChat)
{
    FailedRoute r;
    r.client = client;
    r.upstreamFormat = upstream;
    r.provider = QStringLiteral("deepseek");
    r.routeName = QStringLiteral("fast");
    r.attempts = 2;
    r.oneTarget = true;
    r.history = {QStringLiteral("deepseek: HTTP 500"), QStringLiteral("deepseek: HTTP 500")};
    return r;
}

FailedRoute several()
{
    FailedRoute r = single();
    r.oneTarget = false;
    r.attempts = 3;
    r.history << QStringLiteral("backup: timed out");
    return r;
}

QString field(const QByteArray &body, const char *a, const char *b)
{
    const auto json = nlohmann::json::parse(body.toStdString());
    return QString::fromStdString(json.at(a).at(b).get<std::string>());
}

} // namespace

class TestFailureAnswer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneProviderPassesItsOwnErrorOn()
    {
        const QByteArray vendor =
            R"({"error":{"message":"Model overloaded","type":"server_error","code":"busy"}})";
        const FailureAnswer a = FailureAnswer::choose(statusFailure(500, vendor), single());
        QCOMPARE(a.status, 500);
        QCOMPARE(a.body, vendor); // same format: byte for byte
        QCOMPARE(a.loggedStatus, 500);
        QVERIFY(a.loggedError.contains(QLatin1String("deepseek returned HTTP 500")));
    }

    void anthropicOverloadReachesOpenAiClientsAs503()
    {
        const QByteArray vendor =
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
        const FailureAnswer a =
            FailureAnswer::choose(statusFailure(529, vendor),
                                  single(ApiFormat::OpenAiChat, ApiFormat::AnthropicMessages));
        QCOMPARE(a.status, 503);
        QCOMPARE(a.loggedStatus, 529); // the log keeps what the provider said
        QCOMPARE(field(a.body, "error", "code"), QStringLiteral("overloaded_error"));
    }

    void aRequestAtFaultGetsTheProvidersErrorEvenAfterFailover()
    {
        FailedRoute route = several();
        route.lastFailureWasClientFault = true;
        const QByteArray vendor = R"({"error":{"message":"max_tokens too large","type":"x"}})";
        const FailureAnswer a = FailureAnswer::choose(statusFailure(400, vendor), route);
        QCOMPARE(a.status, 400);
        QCOMPARE(a.body, vendor);
    }

    void aRejectedProviderKeyIsTheGatewaysProblemNotTheClients()
    {
        const FailureAnswer a = FailureAnswer::choose(
            statusFailure(401, R"({"error":{"message":"bad key","type":"invalid_api_key"}})"),
            single());
        // Not a 401: the client's own gateway key is fine.
        QCOMPARE(a.status, 502);
        QCOMPARE(field(a.body, "error", "code"), QStringLiteral("provider_auth_failed"));
        QVERIFY(a.loggedError.contains(QLatin1String("llmux provider test deepseek")));
    }

    void severalTargetsFailingGetOneGatewayError()
    {
        const FailureAnswer a =
            FailureAnswer::choose(statusFailure(500, R"({"error":{"message":"x"}})"), several());
        QCOMPARE(a.status, 500);
        QCOMPARE(field(a.body, "error", "code"), QStringLiteral("all_attempts_failed"));
        const QString message = field(a.body, "error", "message");
        QVERIFY2(message.contains(QLatin1String("All 3 attempts for 'fast' failed")),
                 qPrintable(message));
        QVERIFY(message.contains(QLatin1String("backup: timed out")));
    }

    void upstreamRefusalsBecome502AndRateLimitsStay429()
    {
        QCOMPARE(FailureAnswer::choose(statusFailure(404, "{}"), several()).status, 502);
        const FailureAnswer limited =
            FailureAnswer::choose(statusFailure(429, "{}", "7"), several());
        QCOMPARE(limited.status, 429);
        QCOMPARE(headerValue(limited.headers, "Retry-After"), QByteArray("7"));
    }

    void transportFailures_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("timeout") << int(AttemptFailure::Kind::Timeout) << 504
                                 << QStringLiteral("upstream_timeout");
        QTest::newRow("unreachable") << int(AttemptFailure::Kind::Unreachable) << 502
                                     << QStringLiteral("upstream_unreachable");
        QTest::newRow("bad response") << int(AttemptFailure::Kind::Protocol) << 502
                                      << QStringLiteral("upstream_bad_response");
    }
    void transportFailures()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        for (const FailedRoute &route : {single(), several()}) {
            const FailureAnswer a =
                FailureAnswer::choose(otherFailure(AttemptFailure::Kind(kind)), route);
            QCOMPARE(a.status, status);
            QCOMPARE(field(a.body, "error", "code"), code);
            QVERIFY(a.headers.isEmpty());
        }
    }

    void anthropicClientsGetAnthropicErrors()
    {
        const FailureAnswer a =
            FailureAnswer::choose(otherFailure(AttemptFailure::Kind::Timeout),
                                  single(ApiFormat::AnthropicMessages, ApiFormat::OpenAiChat));
        QCOMPARE(a.status, 504);
        QCOMPARE(field(a.body, "error", "type"), QStringLiteral("timeout_error"));
    }
};

QTEST_GUILESS_MAIN(TestFailureAnswer)
#include "tst_failureanswer.moc"
