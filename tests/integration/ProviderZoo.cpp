#include "tests/integration/ProviderZoo.h"

#include "tests/integration/GatewayFixture.h"

namespace llmux::test {

QString ProviderZoo::addTo(GatewayFixture &fx)
{
    if (!anthropic.listen() || !gemini.listen() || !azure.listen() || !openAi.listen() ||
        !compatible.listen())
        return QStringLiteral("a fake provider cannot listen");
    const qint64 a = fx.addProvider(QStringLiteral("anthropic"), anthropic.baseUrl(), {},
                                    QStringLiteral("anthropic"));
    const qint64 g =
        fx.addProvider(QStringLiteral("gemini"), gemini.baseUrl(), {}, QStringLiteral("gemini"));
    const qint64 z = fx.addProvider(QStringLiteral("azure"),
                                    QStringLiteral("http://127.0.0.1:%1").arg(azure.port()), {},
                                    QStringLiteral("azure"));
    const qint64 o = fx.addProvider(QStringLiteral("openai"), openAi.baseUrl(), {});
    const qint64 t = fx.addProvider(QStringLiteral("openai-chat"), openAi.baseUrl(), {});
    if (!fx.setResponsesApi(t, QStringLiteral("translate")))
        return QStringLiteral("cannot set provider openai-chat to translate");
    const qint64 c = fx.addProvider(QStringLiteral("compatible"), compatible.baseUrl(), {});
    const QList<std::tuple<const char *, const char *, qint64>> models = {
        {"claude-x", "gpt-fake", 0},       {"claude-tool", "tool-x", 0},
        {"claude-think", "think-x", 0},    {"claude-429", "error-429", 0},
        {"claude-cut", "cut-3", 0},        {"emb", "text-embedding-3-small", 0},
        {"sonnet", "claude-fake", a},      {"sonnet-tool", "tool-c", a},
        {"sonnet-think", "think-c", a},    {"sonnet-thinktool", "thinktool-c", a},
        {"sonnet-529", "error-529", a},    {"gem", "gemini-fake", g},
        {"gem-tool", "tool-g", g},         {"gem-think", "think-g", g},
        {"gem-429", "error-429", g},       {"gem-embed", "text-embedding-004", g},
        {"az", "my-deployment", z},        {"gpt-r", "gpt-fake", o},
        {"gpt-r-tool", "tool-r", o},       {"gpt-r-think", "think-r", o},
        {"gpt-t", "gpt-fake", t},          {"compat-x", "gpt-fake", c},
        {"codex", "gpt-5-codex", o},       {"codex-tool", "tool-codex", o},
        {"codex-think", "think-codex", o},
    };
    for (const auto &[name, upstreamModel, provider] : models)
        if (QString e = fx.addModel(QString::fromLatin1(name), QString::fromLatin1(upstreamModel),
                                    ModelPrice{1, 2}, provider);
            !e.isEmpty())
            return e;
    return {};
}

} // namespace llmux::test
