#include "core/domain/ModelPattern.h"
#include "core/gateway/ModelResolver.h"

#include <QTest>

using namespace llmux;

class TestModelResolver : public QObject
{
    Q_OBJECT
private:
    GatewayConfig m_config;

    static std::shared_ptr<ProviderEndpoint> provider(qint64 id, const QString &name)
    {
        auto p = std::make_shared<ProviderEndpoint>();
        p->record.id = id;
        p->record.name = name;
        p->baseUrl = QUrl(QStringLiteral("https://%1.example/v1").arg(name));
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto deepseek = provider(1, QStringLiteral("deepseek"));
        auto openrouter = provider(2, QStringLiteral("OpenRouter"));
        m_config.providers.insert(QStringLiteral("deepseek"), deepseek);
        m_config.providers.insert(QStringLiteral("openrouter"), openrouter);
        ModelRecord alias;
        alias.publicName = QStringLiteral("Fast");
        alias.providerId = 1;
        alias.providerName = QStringLiteral("deepseek");
        alias.upstreamModel = QStringLiteral("deepseek-chat");
        alias.price = ModelPrice{0.27, 1.10};
        m_config.modelRecords << alias;
        m_config.models.insert(QStringLiteral("fast"),
                               {deepseek, alias.upstreamModel, alias.price});
        ModelRecord slashy;
        slashy.publicName = QStringLiteral("openai/gpt-4o");
        slashy.providerId = 2;
        slashy.upstreamModel = QStringLiteral("openai/gpt-4o-2024-08-06");
        m_config.modelRecords << slashy;
        m_config.models.insert(QStringLiteral("openai/gpt-4o"),
                               {openrouter, slashy.upstreamModel, {}});
    }

    void aliasResolvesCaseInsensitively()
    {
        const auto r = ModelResolver::resolve(m_config, QStringLiteral("FAST"));
        QVERIFY(r.target());
        QCOMPARE(r.target()->provider->record.name, QStringLiteral("deepseek"));
        QCOMPARE(r.target()->upstreamModel, QStringLiteral("deepseek-chat"));
        QCOMPARE(r.target()->price->inputPerMillion, 0.27);
    }

    void providerSlashModelAddressesAProviderDirectly()
    {
        const auto r =
            ModelResolver::resolve(m_config, QStringLiteral("deepseek/deepseek-reasoner"));
        QVERIFY(r.target());
        QCOMPARE(r.target()->provider->record.id, 1);
        QCOMPARE(r.target()->upstreamModel, QStringLiteral("deepseek-reasoner"));
        QVERIFY(!r.target()->price);
    }

    void directRequestsBorrowTheAliasPrice()
    {
        const auto r = ModelResolver::resolve(m_config, QStringLiteral("deepseek/deepseek-chat"));
        QVERIFY(r.target() && r.target()->price);
        QCOMPARE(r.target()->price->outputPerMillion, 1.10);
    }

    void anAliasWithASlashWinsOverTheProviderRule()
    {
        const auto r = ModelResolver::resolve(m_config, QStringLiteral("openai/gpt-4o"));
        QVERIFY(r.target());
        QCOMPARE(r.target()->upstreamModel, QStringLiteral("openai/gpt-4o-2024-08-06"));
        const auto nested =
            ModelResolver::resolve(m_config, QStringLiteral("openrouter/anthropic/claude-3.5"));
        QVERIFY(nested.target());
        QCOMPARE(nested.target()->upstreamModel, QStringLiteral("anthropic/claude-3.5"));
    }

    void routesResolveExactThenPatternsMostSpecificFirst()
    {
        GatewayConfig config = m_config;
        auto deepseek = config.providers.value(QStringLiteral("deepseek"));
        auto openrouter = config.providers.value(QStringLiteral("openrouter"));
        auto disabled = provider(3, QStringLiteral("off"));
        disabled->record.enabled = false;
        config.routes.insert(QStringLiteral("smart"),
                             Route{QStringLiteral("smart"),
                                   RouteStrategy::Failover,
                                   {{disabled, QStringLiteral("x"), {}, 1},
                                    {deepseek, QStringLiteral("deepseek-reasoner"), {}, 1}}});
        auto addPattern = [&config](const QString &pattern, QList<ModelTarget> targets) {
            config.wildcardRoutes.append(
                {Route{pattern, RouteStrategy::Failover, std::move(targets)},
                 ModelPattern::compile(pattern)});
        };
        // In the order the loader keeps them: most literal characters first.
        addPattern(QStringLiteral("gpt-4o*"),
                   {{openrouter, QStringLiteral("openai/gpt-4o*"), {}, 1},
                    {deepseek, QStringLiteral("fixed"), {}, 1}});
        addPattern(QStringLiteral("gpt-?*"), {{deepseek, QStringLiteral("other*"), {}, 1}});

        const auto smart = ModelResolver::resolve(config, QStringLiteral("Smart"));
        QVERIFY(smart.route);
        QCOMPARE(smart.route->targets.size(), 1); // the disabled provider dropped out
        QCOMPARE(smart.target()->upstreamModel, QStringLiteral("deepseek-reasoner"));

        const auto mini = ModelResolver::resolve(config, QStringLiteral("GPT-4o-mini"));
        QVERIFY(mini.route);
        QCOMPARE(mini.route->name, QStringLiteral("gpt-4o*"));
        QCOMPARE(mini.route->targets[0].upstreamModel, QStringLiteral("openai/gpt-4o-mini"));
        QCOMPARE(mini.route->targets[1].upstreamModel, QStringLiteral("fixed"));

        const auto five = ModelResolver::resolve(config, QStringLiteral("gpt-5"));
        QVERIFY(five.route);
        QCOMPARE(five.target()->upstreamModel, QStringLiteral("other")); // '*' matched nothing

        // "provider/model" comes before patterns; regex characters are literal.
        QVERIFY(
            !ModelPattern::compile(QStringLiteral("a.b*")).match(QStringLiteral("axb")).hasMatch());
        QVERIFY(
            ModelPattern::compile(QStringLiteral("a.b*")).match(QStringLiteral("a.bc")).hasMatch());
        QVERIFY(!ModelPattern::isPattern(QStringLiteral("plain")));
        // Characters outside the BMP stay whole (escaping one UTF-16 unit at a time broke them).
        const QRegularExpression emoji = ModelPattern::compile(QStringLiteral("🚀-*"));
        QVERIFY(emoji.isValid());
        QVERIFY(emoji.match(QStringLiteral("🚀-fast")).hasMatch());
    }

    void unknownModelsAre404WithTheConfiguredNames()
    {
        for (const QString &name : {QStringLiteral("gpt-5"), QStringLiteral("nobody/model"),
                                    QStringLiteral("deepseek/"), QStringLiteral("/x")}) {
            const auto r = ModelResolver::resolve(m_config, name);
            QVERIFY(!r.target());
            QCOMPARE(r.error.status, 404);
            QCOMPARE(r.error.code, QByteArray("model_not_found"));
            QVERIFY(r.error.message.contains(QLatin1String("Fast")));
        }
    }
};

QTEST_GUILESS_MAIN(TestModelResolver)
#include "tst_modelresolver.moc"
