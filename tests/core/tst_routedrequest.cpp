// A request on its way through its route: which upstream request each attempt becomes, which
// targets are skipped without an attempt, and the refusal when none is left. No sockets.
#include "core/gateway/RoutedRequest.h"
#include "core/routing/RoutingState.h"
#include "tests/support/TestClock.h"

#include <QTest>

using namespace llmux;

namespace {

std::shared_ptr<ProviderEndpoint> provider(qint64 id, const QString &kind, const QString &baseUrl)
{
    auto p = std::make_shared<ProviderEndpoint>();
    p->record.id = id;
    p->record.name = QStringLiteral("%1-%2").arg(kind).arg(id);
    p->record.kind = kind;
    p->baseUrl = QUrl(baseUrl);
    p->keys.append({1,
                    QStringLiteral("main"),
                    "sk-secret-" + QByteArray::number(id),
                    {},
                    QStringLiteral("%1/1").arg(id)});
    return p;
}

Route routeOver(const QList<std::pair<std::shared_ptr<ProviderEndpoint>, QString>> &targets)
{
    Route r{QStringLiteral("fast"), RouteStrategy::Failover, {}};
    for (const auto &[p, model] : targets)
        r.targets.append({p, model, std::nullopt, 1});
    return r;
}

} // namespace

class TestRoutedRequest : public QObject
{
    Q_OBJECT
private:
    test::TestClock m_clock;
    test::SeededRandom m_random;

    RoutedRequest routed(RoutingState &state, const Route &route, const QByteArray &body,
                         ApiFormat client = ApiFormat::OpenAiChat,
                         Operation operation = Operation::Generate)
    {
        AttemptPlanner planner(route, state, RetryPolicy(), BreakerPolicy(), state.nowMs());
        return RoutedRequest(std::move(planner), RequestShaper::read(body), body, {}, operation,
                             client, QStringLiteral("/v1/chat/completions"));
    }

private Q_SLOTS:
    void eachAttemptIsItsTargetsRequest()
    {
        RoutingState state(m_clock, m_random);
        const auto deepseek =
            provider(1, QStringLiteral("openai"), QStringLiteral("https://api.deepseek.com/v1"));
        const auto claude = provider(2, QStringLiteral("anthropic"),
                                     QStringLiteral("https://api.anthropic.com/v1"));
        RoutedRequest r = routed(state,
                                 routeOver({{deepseek, QStringLiteral("deepseek-chat")},
                                            {claude, QStringLiteral("claude-sonnet-4-5")}}),
                                 R"({"model":"fast","messages":[{"role":"user","content":"Hi"}]})");
        auto first = r.next();
        QVERIFY(first);
        QCOMPARE(first->provider, deepseek->record.name);
        QCOMPARE(first->request.url.toString(),
                 QStringLiteral("https://api.deepseek.com/v1/chat/completions"));
        QVERIFY(first->request.body.contains("\"deepseek-chat\""));
        QCOMPARE(first->upstreamFormat, ApiFormat::OpenAiChat);
        // The key it carries is one the relay must mask in anything it repeats.
        QCOMPARE(first->secrets.apply(QByteArray("echo sk-secret-1")),
                 QByteArray("echo ") + SecretMask::kReplacement);

        r.planner().failed({AttemptFailure::Kind::Unreachable, 0, {}, {}, QStringLiteral("down")},
                           state.nowMs());
        auto second = r.next();
        QVERIFY(second);
        QCOMPARE(second->provider, claude->record.name);
        QCOMPARE(second->upstreamFormat, ApiFormat::AnthropicMessages);
        QCOMPARE(second->request.url.toString(),
                 QStringLiteral("https://api.anthropic.com/v1/messages"));
        QVERIFY(second->request.body.contains("\"claude-sonnet-4-5\""));
    }

    void targetsThatCannotTakeTheRequestAreSkipped()
    {
        RoutingState state(m_clock, m_random);
        // An Anthropic provider has no embeddings endpoint; the OpenAI one does.
        const auto claude = provider(1, QStringLiteral("anthropic"),
                                     QStringLiteral("https://api.anthropic.com/v1"));
        const auto openai =
            provider(2, QStringLiteral("openai"), QStringLiteral("https://api.openai.com/v1"));
        RoutedRequest r = routed(state,
                                 routeOver({{claude, QStringLiteral("claude")},
                                            {openai, QStringLiteral("text-embedding-3-small")}}),
                                 R"({"model":"fast","input":"Hi"})", ApiFormat::OpenAiChat,
                                 Operation::Embeddings);
        auto p = r.next();
        QVERIFY(p);
        QCOMPARE(p->provider, openai->record.name);
        QCOMPARE(r.planner().attempts(), 1); // the skip was not an attempt
    }

    void whenNoTargetCanTakeItTheLastReasonIsTheAnswer()
    {
        RoutingState state(m_clock, m_random);
        const auto gemini =
            provider(1, QStringLiteral("gemini"),
                     QStringLiteral("https://generativelanguage.googleapis.com/v1"));
        RoutedRequest r = routed(state, routeOver({{gemini, QStringLiteral("../escape")}}),
                                 R"({"model":"fast","messages":[]})");
        QVERIFY(!r.next());
        const GatewayError e = r.refusal();
        QCOMPARE(e.status, 400);
        QCOMPARE(e.code, QByteArray("invalid_model"));
        QVERIFY(e.message.contains(gemini->record.name));
    }

    void anUnknownKindIsTheGatewaysFault()
    {
        RoutingState state(m_clock, m_random);
        const auto odd = provider(1, QStringLiteral("telepathy"), QStringLiteral("http://x/v1"));
        RoutedRequest r =
            routed(state, routeOver({{odd, QStringLiteral("m")}}), R"({"model":"fast"})");
        QVERIFY(!r.next());
        QCOMPARE(r.refusal().status, 502);
        QCOMPARE(r.refusal().code, QByteArray("unknown_provider_kind"));
    }

    // The only key of the only target rests after a 429: a short rest is waited for, a long one
    // is not a refusal either (the provider decides), and time moved forward ends it.
    void theOnlyKeyRestingIsWaitedForOrTriedAnyway()
    {
        RoutingState state(m_clock, m_random);
        const auto p =
            provider(1, QStringLiteral("openai"), QStringLiteral("https://api.openai.com/v1"));
        const Route route = routeOver({{p, QStringLiteral("gpt-4o")}});
        const auto limit = [&](const QByteArray &retryAfter) {
            RoutedRequest first = routed(state, route, R"({"model":"fast"})");
            QVERIFY(first.next());
            first.planner().failed(
                {AttemptFailure::Kind::Status, 429, retryAfter, {}, QStringLiteral("HTTP 429")},
                state.nowMs());
        };

        limit("2");
        RoutedRequest waits = routed(state, route, R"({"model":"fast"})");
        const auto waited = waits.next();
        QVERIFY(waited);
        QVERIFY2(waited->delayMs > 1000 && waited->delayMs <= 2000,
                 qPrintable(QString::number(waited->delayMs)));

        m_clock.advance(2000);
        limit("30");
        RoutedRequest anyway = routed(state, route, R"({"model":"fast"})");
        const auto sent = anyway.next();
        QVERIFY(sent);
        QCOMPARE(sent->delayMs, 0);

        m_clock.advance(31000);
        RoutedRequest rested = routed(state, route, R"({"model":"fast"})");
        const auto fresh = rested.next();
        QVERIFY(fresh);
        QCOMPARE(fresh->delayMs, 0);
        QVERIFY(rested.planner().history().isEmpty()); // nothing skipped: the key is back
    }
};

QTEST_GUILESS_MAIN(TestRoutedRequest)
#include "tst_routedrequest.moc"
