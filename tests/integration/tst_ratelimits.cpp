// Rate limits and budgets through a real gateway over loopback, rate limits on the injected
// clock: a key's sixth request
// in a minute is refused with 429, Retry-After and OpenAI's x-ratelimit headers, in the client's
// own format, and goes through once the window has slid; concurrent requests are counted while
// they run; a token limit admits on the prompt's estimate and settles on the real usage; limits
// by project, endpoint and model; every refusal is logged. A hard budget stops a project at its
// amount (from the models' prices) and a token quota a key, with insufficient_quota; a budget
// set later counts what the request log already holds. GET /v1/usage tells a key its own use,
// limits and budgets.
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/BudgetRepository.h"
#include "core/store/ProjectRepository.h"
#include "core/store/RateLimitRepository.h"
#include "tests/integration/GatewayFixture.h"
#include "tests/translate/StreamReplay.h"

#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestRateLimits : public QObject
{
    Q_OBJECT

    GatewayFixture f;
    QHash<QString, QByteArray> m_keys;

    static QString addLimit(GatewayFixture &fx, RateLimit::Scope scope, const QString &subject,
                            RateLimit::Kind kind, qint64 amount, qint64 windowMs)
    {
        RateLimit l;
        l.scope = scope;
        l.subject = subject;
        l.kind = kind;
        l.amount = amount;
        l.windowMs = windowMs;
        const auto id = RateLimitRepository(*fx.db).add(l);
        return id ? QString() : id.error();
    }

    GatewayFixture::Response chatAs(const QString &key, const QByteArray &model = "gpt-fake",
                                    const QByteArray &path = "/v1/chat/completions") const
    {
        QByteArray body = "{\"model\":\"" + model + "\",";
        if (path == "/v1/messages")
            body += "\"max_tokens\":10,";
        body += "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return f.send(f.rawRequest("POST", path, body,
                                   "Authorization: Bearer " + m_keys.value(key) +
                                       "\r\nanthropic-version: 2023-06-01\r\n",
                                   false));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = f.start({}, [this](GatewayFixture &fx) -> QString {
            const auto project = ProjectRepository(*fx.db).add(QStringLiteral("team-a"));
            const auto spenders = ProjectRepository(*fx.db).add(QStringLiteral("team-b"));
            if (!project || !spenders)
                return QStringLiteral("cannot add projects");
            for (const char *name :
                 {"five", "tokens", "member", "free", "spender", "counter", "late", "boss"}) {
                GatewayKeyRecord record;
                record.name = QString::fromLatin1(name);
                if (record.name == u"member")
                    record.projectId = *project;
                if (record.name == u"spender")
                    record.projectId = *spenders;
                if (record.name == u"boss")
                    record.scope = QStringLiteral("admin");
                const auto issued = GatewayKeyIssuer::issue(*fx.db, record);
                if (!issued)
                    return issued.error();
                m_keys.insert(record.name, issued->key.toLatin1());
            }
            for (const auto &[name, upstream] :
                 {std::pair{"slow", "slow-700"}, {"limited-model", "gpt-fake"}})
                if (QString e =
                        fx.addModel(QString::fromLatin1(name), QString::fromLatin1(upstream));
                    !e.isEmpty())
                    return e;
            // 11 + 7 tokens at $1000 per million each way: $0.018 a request.
            if (QString e = fx.addModel(QStringLiteral("priced"), QStringLiteral("gpt-fake"),
                                        ModelPrice{1000, 1000});
                !e.isEmpty())
                return e;
            auto addBudget = [&fx](Budget::Scope scope, const QString &subject,
                                   Budget::Measure measure, double amount) {
                Budget b;
                b.scope = scope;
                b.subject = subject;
                b.measure = measure;
                b.amount = amount;
                b.period = Budget::Period::Month;
                b.hard = true;
                const auto id = BudgetRepository(*fx.db).set(b);
                return id ? QString() : id.error();
            };
            for (const QString &e : {addBudget(Budget::Scope::Project, QStringLiteral("team-b"),
                                               Budget::Measure::Usd, 0.05),
                                     addBudget(Budget::Scope::Key, QStringLiteral("counter"),
                                               Budget::Measure::Tokens, 30)})
                if (!e.isEmpty())
                    return e;
            using S = RateLimit::Scope;
            using K = RateLimit::Kind;
            for (const QString &e :
                 {addLimit(fx, S::Key, QStringLiteral("five"), K::Requests, 5, 60000),
                  addLimit(fx, S::Key, QStringLiteral("tokens"), K::Tokens, 40, 60000),
                  addLimit(fx, S::Project, QStringLiteral("team-a"), K::Requests, 2, 3600000),
                  addLimit(fx, S::Model, QStringLiteral("slow"), K::Concurrent, 1, 0),
                  addLimit(fx, S::Model, QStringLiteral("limited-*"), K::Requests, 1, 1000),
                  addLimit(fx, S::Endpoint, QStringLiteral("messages"), K::Requests, 3, 60000)})
                if (!e.isEmpty())
                    return e;
            return {};
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void sixthRequestInAMinuteIsRefusedUntilTheWindowSlides()
    {
        for (int i = 0; i < 5; ++i) {
            const auto r = chatAs(QStringLiteral("five"));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("x-ratelimit-limit-requests"), QByteArray("5"));
            QCOMPARE(r.header("x-ratelimit-remaining-requests"), QByteArray::number(4 - i));
            f.clock.advance(10000); // one every ten seconds: 0 s .. 40 s
        }
        // At 50 s the first request (at 0 s) is still in the window: it leaves at 60 s.
        const auto sixth = chatAs(QStringLiteral("five"));
        QCOMPARE(sixth.status, 429);
        QCOMPARE(sixth.header("retry-after"), QByteArray("10"));
        QCOMPARE(sixth.header("x-ratelimit-remaining-requests"), QByteArray("0"));
        const Json error = json::parse(sixth.body)["error"];
        JCOMPARE(error["code"], "rate_limit_exceeded");
        QVERIFY2(json::str(error, "message").find("Please try again in 10s.") != std::string::npos,
                 sixth.body.constData());
        const RequestLogEntry logged = f.log(1).first();
        QCOMPARE(logged.status, 429);
        QVERIFY(logged.error.contains(QStringLiteral("Rate limit reached for key five")));
        // No double burst at the window's edge: still refused just before the first leaves.
        f.clock.advance(9000);
        QCOMPARE(chatAs(QStringLiteral("five")).status, 429);
        f.clock.advance(1000);
        QCOMPARE(chatAs(QStringLiteral("five")).status, 200); // the 0 s request has left
        QCOMPARE(chatAs(QStringLiteral("five")).status, 429); // the 10 s one has not
        // A key without limits is not counted at all.
        const auto free = chatAs(QStringLiteral("free"));
        QCOMPARE(free.status, 200);
        QVERIFY(free.header("x-ratelimit-limit-requests").isEmpty());
    }

    void refusalsAreInTheClientsFormat()
    {
        // Three messages per minute for everyone on /v1/messages.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(chatAs(QStringLiteral("free"), "gpt-fake", "/v1/messages").status, 200);
        const auto anthropic = chatAs(QStringLiteral("free"), "gpt-fake", "/v1/messages");
        QCOMPARE(anthropic.status, 429);
        JCOMPARE(json::parse(anthropic.body)["error"]["type"], "rate_limit_error");
        QVERIFY(!anthropic.header("retry-after").isEmpty());
        QCOMPARE(chatAs(QStringLiteral("free")).status, 200); // chat is another endpoint
        f.clock.advance(61000);
    }

    void tokenLimitsAdmitOnTheEstimateAndSettleOnUsage()
    {
        // The fake answers with 11 prompt and 7 completion tokens: 18 per request, 40 allowed.
        QCOMPARE(chatAs(QStringLiteral("tokens")).status, 200);
        auto second = chatAs(QStringLiteral("tokens"));
        QCOMPARE(second.status, 200);
        // The second was admitted on its estimate; the first had settled to 18.
        QCOMPARE(second.header("x-ratelimit-limit-tokens"), QByteArray("40"));
        const auto third = chatAs(QStringLiteral("tokens"));
        QCOMPARE(third.status, 200); // 36 used, the estimate of "hi" fits
        QCOMPARE(third.header("x-ratelimit-remaining-tokens").toInt() < 40 - 18, true);
        const auto fourth = chatAs(QStringLiteral("tokens"));
        QCOMPARE(fourth.status, 429); // 54 used by now: settled, not estimated
        f.clock.advance(61000);
        QCOMPARE(chatAs(QStringLiteral("tokens")).status, 200);
    }

    void projectsAndModelsAreCountedTogether()
    {
        QCOMPARE(chatAs(QStringLiteral("member")).status, 200);
        QCOMPARE(chatAs(QStringLiteral("member")).status, 200);
        const auto third = chatAs(QStringLiteral("member"));
        QCOMPARE(third.status, 429);
        QVERIFY(third.body.contains("project team-a"));

        // One request per second for names matching limited-*.
        QCOMPARE(chatAs(QStringLiteral("free"), "limited-model").status, 200);
        QCOMPARE(chatAs(QStringLiteral("free"), "limited-model").status, 429);
        f.clock.advance(1100);
        QCOMPARE(chatAs(QStringLiteral("free"), "limited-model").status, 200);
    }

    void concurrentRequestsAreCountedWhileTheyRun()
    {
        RawClient first(f.gateway->port());
        QVERIFY(first.socket().waitForConnected(5000));
        const int before = f.upstream.requestCount();
        first.write(f.rawRequest(
            "POST", "/v1/chat/completions",
            R"({"model":"slow","messages":[{"role":"user","content":"hi"}]})",
            "Authorization: Bearer " + m_keys.value(QStringLiteral("free")) + "\r\n", false));
        QTRY_VERIFY_WITH_TIMEOUT(f.upstream.requestCount() > before, 5000);
        const auto second = chatAs(QStringLiteral("free"), "slow");
        QCOMPARE(second.status, 429);
        QVERIFY(second.body.contains("1 requests at once"));
        QCOMPARE(first.readResponse().status, 200);
        // The first one ended: its place is free again.
        QTRY_COMPARE_WITH_TIMEOUT(chatAs(QStringLiteral("free"), "slow").status, 200, 5000);
    }

    void aHardBudgetStopsTheProjectAtItsAmount()
    {
        for (int i = 0; i < 3; ++i) // $0.018, $0.036, $0.054: the third passes the $0.05
            QCOMPARE(chatAs(QStringLiteral("spender"), "priced").status, 200);
        const auto stopped = chatAs(QStringLiteral("spender"), "priced");
        QCOMPARE(stopped.status, 429);
        const Json error = json::parse(stopped.body)["error"];
        JCOMPARE(error["code"], "insufficient_quota");
        QVERIFY2(json::str(error, "message").find("project team-b has spent $0.0540") !=
                     std::string::npos,
                 stopped.body.constData());
        QVERIFY(stopped.header("retry-after").toLongLong() > 0); // until the month turns
        QCOMPARE(f.log(1).first().status, 429);
        // In Anthropic's format too; and keys outside the project go on.
        const auto anthropic = chatAs(QStringLiteral("spender"), "priced", "/v1/messages");
        QCOMPARE(anthropic.status, 429);
        QCOMPARE(chatAs(QStringLiteral("free"), "priced").status, 200);
    }

    void aTokenQuotaCountsModelsWithoutAPrice()
    {
        QCOMPARE(chatAs(QStringLiteral("counter")).status, 200); // 18 tokens, no price
        QCOMPARE(chatAs(QStringLiteral("counter")).status, 200); // 36: over the 30
        QCOMPARE(chatAs(QStringLiteral("counter")).status, 429);
    }

    void aBudgetSetLaterCountsWhatWasSpent()
    {
        QCOMPARE(chatAs(QStringLiteral("late"), "priced").status, 200);
        QCOMPARE(chatAs(QStringLiteral("late"), "priced").status, 200);
        f.log(1); // written to the database
        Budget b;
        b.scope = Budget::Scope::Key;
        b.subject = QStringLiteral("late");
        b.amount = 0.03;
        b.period = Budget::Period::Day;
        b.hard = true;
        QVERIFY(BudgetRepository(*f.db).set(b).ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.gateway->currentConfig()->budgets.size() == 3, 5000);
        QCOMPARE(chatAs(QStringLiteral("late"), "priced").status, 429); // $0.036 already
    }

    // GET /v1/usage: a key's own use, limits and budgets; an admin key may ask about others.
    void usageForAKey()
    {
        f.log(1); // every request so far is in the database
        auto usage = [this](const QString &key, const QByteArray &query) {
            return f.send(f.rawRequest("GET", "/v1/usage" + query, {},
                                       "Authorization: Bearer " + m_keys.value(key) + "\r\n",
                                       false));
        };
        const auto own = usage(QStringLiteral("five"), "");
        QCOMPARE(own.status, 200);
        const Json body = json::parse(own.body);
        JCOMPARE(body["key"], "five");
        JCOMPARE(body["totals"]["requests"], 9); // six answered, three limited
        JCOMPARE(body["totals"]["errors"], 3);
        QCOMPARE(body["data"].size(), size_t(1)); // one day
        bool sawKeyLimit = false;
        for (const Json &l : body["limits"])
            sawKeyLimit = sawKeyLimit || l["limit"] == "5 requests per 1m";
        QVERIFY(sawKeyLimit);

        const auto byModel = usage(QStringLiteral("spender"), "?group_by=model");
        QCOMPARE(byModel.status, 200);
        const Json spent = json::parse(byModel.body);
        JCOMPARE(spent["project"], "team-b");
        JCOMPARE(spent["data"][0]["model"], "priced");
        QVERIFY(qAbs(spent["totals"]["cost_usd"].get<double>() - 0.054) < 1e-9);
        QCOMPARE(spent["budgets"].size(), size_t(1));
        JCOMPARE(spent["budgets"][0]["hard"], true);
        QVERIFY(spent["budgets"][0]["spent"].get<double>() >= 0.054 - 1e-9);
        JCOMPARE(spent["budgets"][0]["remaining"], 0.0);

        // Only an admin-scope key may ask about others.
        const auto nosy = usage(QStringLiteral("five"), "?key_name=spender");
        QCOMPARE(nosy.status, 403);
        const auto project = usage(QStringLiteral("boss"), "?project=team-b");
        QCOMPARE(project.status, 200);
        QVERIFY(qAbs(json::parse(project.body)["totals"]["cost_usd"].get<double>() - 0.054) < 1e-9);
        const auto everyone = usage(QStringLiteral("boss"), "?all=true&from=2020-01-01");
        QCOMPARE(everyone.status, 200);
        QVERIFY(json::parse(everyone.body)["totals"]["requests"].get<qint64>() >
                body["totals"]["requests"].get<qint64>());
        // ?key= is where Gemini's clients put the key itself: not a question about another key.
        const auto geminiStyle = f.send(f.rawRequest(
            "GET", "/v1/usage?key=" + m_keys.value(QStringLiteral("five")), {}, {}, false));
        QCOMPARE(geminiStyle.status, 200);
        JCOMPARE(json::parse(geminiStyle.body)["key"], "five");
        QCOMPARE(usage(QStringLiteral("five"), "?from=yesterday").status, 400);
        QCOMPARE(usage(QStringLiteral("five"), "?group_by=week").status, 400);
        QCOMPARE(usage(QStringLiteral("five"), "?from=2030-01-01").status, 400);
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"
