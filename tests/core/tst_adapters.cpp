// How each provider kind is addressed: URLs, authentication and version headers, and the model
// names a kind cannot put into its URL. Pure functions of the provider's settings: no sockets.
#include "core/providers/AzureOpenAiAdapter.h"
#include "core/providers/ProviderAdapter.h"
#include "tests/support/HeaderFields.h"

#include <QTest>

using namespace llmux;
using llmux::test::field;

namespace {

ProviderEndpoint endpoint(const QString &kind, const QString &baseUrl)
{
    ProviderEndpoint p;
    p.record.name = QStringLiteral("p");
    p.record.kind = kind;
    p.baseUrl = QUrl(baseUrl);
    return p;
}

std::optional<UpstreamRequest> requestFor(const QString &kind, const QString &baseUrl,
                                          Operation operation, const QString &model,
                                          bool stream = false, const QByteArray &key = "sk-k",
                                          const HeaderList &clientHeaders = {})
{
    const ProviderAdapter *adapter = ProviderAdapter::forKind(kind);
    if (!adapter)
        return std::nullopt;
    return adapter->request(operation, endpoint(kind, baseUrl), key, model, "{}", stream,
                            clientHeaders);
}

} // namespace

class TestAdapters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindHasAnAdapter()
    {
        for (const QString &kind : ProviderAdapter::kinds()) {
            const ProviderAdapter *adapter = ProviderAdapter::forKind(kind);
            QVERIFY2(adapter, qPrintable(kind));
            QCOMPARE(adapter->kind(), kind);
        }
        QVERIFY(!ProviderAdapter::forKind(QStringLiteral("no-such-kind")));
    }

    void urls_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("base");
        QTest::addColumn<int>("operation");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("url"); // empty: the kind does not offer the operation
        const int generate = int(Operation::Generate), embeddings = int(Operation::Embeddings),
                  completions = int(Operation::TextCompletions),
                  countTokens = int(Operation::CountTokens);
        const QString azureVersion = QLatin1String(AzureOpenAiAdapter::kDefaultApiVersion);

        QTest::newRow("openai chat") << "openai"
                                     << "https://api.deepseek.com/v1" << generate << false
                                     << "https://api.deepseek.com/v1/chat/completions";
        QTest::newRow("openai trailing slash") << "openai"
                                               << "https://api.deepseek.com/v1/" << generate << true
                                               << "https://api.deepseek.com/v1/chat/completions";
        QTest::newRow("openai embeddings") << "openai"
                                           << "http://127.0.0.1:11434/v1" << embeddings << false
                                           << "http://127.0.0.1:11434/v1/embeddings";
        QTest::newRow("openai legacy completions")
            << "openai"
            << "https://openrouter.ai/api/v1" << completions << false
            << "https://openrouter.ai/api/v1/completions";
        QTest::newRow("openai has no count_tokens")
            << "openai"
            << "https://api.openai.com/v1" << countTokens << false << "";

        QTest::newRow("anthropic messages") << "anthropic"
                                            << "https://api.anthropic.com/v1" << generate << true
                                            << "https://api.anthropic.com/v1/messages";
        QTest::newRow("anthropic count_tokens")
            << "anthropic"
            << "https://api.anthropic.com/v1" << countTokens << false
            << "https://api.anthropic.com/v1/messages/count_tokens";
        QTest::newRow("anthropic has no embeddings")
            << "anthropic"
            << "https://api.anthropic.com/v1" << embeddings << false << "";

        const QString gemini = QStringLiteral("https://generativelanguage.googleapis.com/v1beta");
        QTest::newRow("gemini generate") << "gemini" << gemini << generate << false
                                         << gemini + "/models/gemini-2.5-flash:generateContent";
        QTest::newRow("gemini stream")
            << "gemini" << gemini << generate << true
            << gemini + "/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
        QTest::newRow("gemini embeddings")
            << "gemini" << gemini << embeddings << false
            << gemini + "/models/gemini-2.5-flash:batchEmbedContents";
        QTest::newRow("gemini count tokens") << "gemini" << gemini << countTokens << false
                                             << gemini + "/models/gemini-2.5-flash:countTokens";

        QTest::newRow("azure deployment")
            << "azure"
            << "https://res.openai.azure.com" << generate << false
            << "https://res.openai.azure.com/openai/deployments/gemini-2.5-flash/chat/"
               "completions?api-version=" +
                   azureVersion;
        QTest::newRow("azure keeps its api-version")
            << "azure"
            << "https://res.openai.azure.com/openai?api-version=2025-01-01-preview" << generate
            << false
            << "https://res.openai.azure.com/openai/deployments/gemini-2.5-flash/chat/"
               "completions?api-version=2025-01-01-preview";
        QTest::newRow("azure v1 API")
            << "azure"
            << "https://res.openai.azure.com/openai/v1/" << generate << false
            << "https://res.openai.azure.com/openai/v1/chat/completions";
    }
    void urls()
    {
        QFETCH(QString, kind);
        QFETCH(QString, base);
        QFETCH(int, operation);
        QFETCH(bool, stream);
        QFETCH(QString, url);
        const auto request = requestFor(kind, base, Operation(operation),
                                        QStringLiteral("gemini-2.5-flash"), stream);
        if (url.isEmpty()) {
            QVERIFY(!request);
            return;
        }
        QVERIFY(request);
        QCOMPARE(request->url.toString(QUrl::FullyEncoded), url);
        QCOMPARE(request->method, QByteArray("POST"));
    }

    void authentication_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("openai") << "openai" << QByteArray("authorization")
                                << QByteArray("Bearer sk-k");
        QTest::newRow("anthropic") << "anthropic" << QByteArray("x-api-key") << QByteArray("sk-k");
        QTest::newRow("gemini") << "gemini" << QByteArray("x-goog-api-key") << QByteArray("sk-k");
        QTest::newRow("azure") << "azure" << QByteArray("api-key") << QByteArray("sk-k");
    }
    void authentication()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        const auto request = requestFor(kind, QStringLiteral("https://example.test/v1"),
                                        Operation::Generate, QStringLiteral("m"));
        QVERIFY(request);
        QCOMPARE(field(request->headers, header), value);
        // The key never travels in the URL, where logs and proxies would see it.
        QVERIFY(!request->url.toString().contains(QLatin1String("sk-k")));
        // Local servers without a key get no authentication header at all.
        const auto keyless = requestFor(kind, QStringLiteral("https://example.test/v1"),
                                        Operation::Generate, QStringLiteral("m"), false, {});
        QVERIFY(keyless);
        QVERIFY(field(keyless->headers, header).isEmpty());
    }

    void anthropicVersionAndBetaFollowTheClient()
    {
        const QString base = QStringLiteral("https://api.anthropic.com/v1");
        const auto plain = requestFor(QStringLiteral("anthropic"), base, Operation::Generate,
                                      QStringLiteral("claude"));
        QVERIFY(plain);
        QVERIFY(!field(plain->headers, "anthropic-version").isEmpty());
        QVERIFY(field(plain->headers, "anthropic-beta").isEmpty());
        const auto fromClient = requestFor(
            QStringLiteral("anthropic"), base, Operation::Generate, QStringLiteral("claude"), false,
            "sk-k", {{"anthropic-version", "2023-01-01"}, {"anthropic-beta", "tools-2024-04-04"}});
        QVERIFY(fromClient);
        QCOMPARE(field(fromClient->headers, "anthropic-version"), QByteArray("2023-01-01"));
        QCOMPARE(field(fromClient->headers, "anthropic-beta"), QByteArray("tools-2024-04-04"));
    }

    void modelNamesThatCannotBePartOfAPath()
    {
        for (const QString &kind : {QStringLiteral("gemini"), QStringLiteral("azure")}) {
            const ProviderAdapter *adapter = ProviderAdapter::forKind(kind);
            for (const QString &bad :
                 {QStringLiteral("../models"), QStringLiteral("a/b"), QStringLiteral("x?key=1"),
                  QStringLiteral("a b"), QStringLiteral(".."), QString()})
                QVERIFY2(!adapter->unusableModelReason(bad).isEmpty(),
                         qPrintable(kind + u' ' + bad));
            QVERIFY(adapter->unusableModelReason(QStringLiteral("gemini-2.5-flash")).isEmpty());
        }
        // Kinds that send the model in the body take any name.
        QVERIFY(ProviderAdapter::forKind(QStringLiteral("openai"))
                    ->unusableModelReason(QStringLiteral("org/model:tag"))
                    .isEmpty());
    }

    void listModelsIsTheCheapestAuthenticatedCall()
    {
        const ProviderAdapter *gemini = ProviderAdapter::forKind(QStringLiteral("gemini"));
        const UpstreamRequest r = gemini->listModels(
            endpoint(QStringLiteral("gemini"),
                     QStringLiteral("https://generativelanguage.googleapis.com/v1beta")),
            "sk-k");
        QCOMPARE(r.method, QByteArray("GET"));
        QVERIFY(r.url.path().endsWith(QLatin1String("/v1beta/models")));
        QCOMPARE(field(r.headers, "x-goog-api-key"), QByteArray("sk-k"));
    }
};

QTEST_GUILESS_MAIN(TestAdapters)
#include "tst_adapters.moc"
