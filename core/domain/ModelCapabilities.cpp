#include "core/domain/ModelCapabilities.h"

#include "core/domain/ModelPattern.h"

#include <QList>

namespace llmux {
namespace {

struct Preset
{
    const char *pattern; // ModelPattern syntax, matched against the name after any "vendor/"
    ModelCapabilities capabilities;
};

constexpr qint64 k(qint64 thousands)
{
    return thousands * 1000;
}

ModelCapabilities caps(std::optional<bool> tools, std::optional<bool> images,
                       std::optional<bool> reasoning, std::optional<qint64> context,
                       std::optional<qint64> output, bool responsesOnly = false)
{
    ModelCapabilities c{tools, images, reasoning, context, output, std::nullopt};
    if (responsesOnly)
        c.responsesOnly = true;
    return c;
}

// The first pattern that matches wins: specific names before the families they belong to. Only
// what the vendors publish; a "no" here makes routes skip the model, so it is said only where
// the vendor says so.
const QList<Preset> &presets()
{
    static const QList<Preset> list = {
        // OpenAI: the codex and pro models are offered only through the Responses API.
        {"gpt-5*codex*", caps(true, true, true, k(400), k(128), true)},
        {"codex-mini*", caps(true, true, true, k(200), k(100), true)},
        {"gpt-5*-pro*", caps(true, true, true, k(400), k(272), true)},
        {"o1-pro*", caps(true, true, true, k(200), k(100), true)},
        {"o3-pro*", caps(true, true, true, k(200), k(100), true)},
        {"o3-deep-research*", caps(true, true, true, k(200), k(100), true)},
        {"o4-mini-deep-research*", caps(true, true, true, k(200), k(100), true)},
        {"computer-use-preview*", caps(true, true, false, 8192, 1024, true)},
        {"gpt-5*-chat*", caps(true, true, false, k(128), 16384)},
        {"gpt-5*", caps(true, true, true, k(400), k(128))},
        {"gpt-4.1*", caps(true, true, false, 1047576, 32768)},
        {"gpt-4o*", caps(true, true, false, k(128), 16384)},
        {"chatgpt-4o*", caps(false, true, false, k(128), 16384)},
        {"gpt-4-turbo*", caps(true, true, false, k(128), 4096)},
        {"gpt-4", caps(true, false, false, 8192, 8192)},
        {"gpt-4-0613", caps(true, false, false, 8192, 8192)},
        {"gpt-3.5-turbo*", caps(true, false, false, 16385, 4096)},
        {"gpt-oss-*", caps(true, false, true, k(131), k(131))},
        {"o1-mini*", caps(false, false, true, k(128), 65536)},
        {"o1*", caps(true, true, true, k(200), k(100))},
        {"o3-mini*", caps(true, false, true, k(200), k(100))},
        {"o3*", caps(true, true, true, k(200), k(100))},
        {"o4-mini*", caps(true, true, true, k(200), k(100))},
        // Anthropic.
        {"claude-opus-4-5*", caps(true, true, true, k(200), k(64))},
        {"claude-opus-4*", caps(true, true, true, k(200), k(32))},
        {"claude-sonnet-4*", caps(true, true, true, k(200), k(64))},
        {"claude-haiku-4*", caps(true, true, true, k(200), k(64))},
        {"claude-3-7-sonnet*", caps(true, true, true, k(200), k(64))},
        {"claude-3-5-*", caps(true, true, false, k(200), 8192)},
        {"claude-3-*", caps(true, true, false, k(200), 4096)},
        // Google.
        {"gemini-*embedding*", caps(false, false, false, 2048, std::nullopt)},
        {"gemini-*-image*", caps(false, true, false, 32768, 32768)},
        {"gemini-3*", caps(true, true, true, 1048576, 65536)},
        {"gemini-2.5*", caps(true, true, true, 1048576, 65536)},
        {"gemini-2.0-flash*", caps(true, true, false, 1048576, 8192)},
        {"gemini-1.5-pro*", caps(true, true, false, 2097152, 8192)},
        {"gemini-1.5-flash*", caps(true, true, false, 1048576, 8192)},
        // DeepSeek.
        {"deepseek-chat", caps(true, false, false, k(128), 8192)},
        {"deepseek-reasoner", caps(true, false, true, k(128), 65536)},
        {"deepseek-r1*", caps(std::nullopt, false, true, std::nullopt, std::nullopt)},
        {"deepseek-v3*", caps(true, false, std::nullopt, std::nullopt, std::nullopt)},
        // Qwen (DashScope).
        {"qwen3-coder-plus*", caps(true, false, false, 1048576, 65536)},
        {"qwen3-coder*", caps(true, false, false, 262144, 65536)},
        {"qwen-vl*", caps(std::nullopt, true, false, std::nullopt, std::nullopt)},
        {"qwen*-vl*", caps(std::nullopt, true, std::nullopt, std::nullopt, std::nullopt)},
        {"qwq*", caps(std::nullopt, false, true, k(131), std::nullopt)},
        {"qwen-max*", caps(true, false, std::nullopt, 32768, 8192)},
        {"qwen-plus*", caps(true, false, std::nullopt, k(131), 16384)},
        {"qwen-turbo*", caps(true, false, std::nullopt, 1000000, 16384)},
        // Moonshot (Kimi).
        {"kimi-k2*thinking*", caps(true, false, true, 262144, std::nullopt)},
        {"kimi-k2-0711*", caps(true, false, false, 131072, std::nullopt)},
        {"kimi-k2*", caps(true, false, false, 262144, std::nullopt)},
        {"moonshot-v1-*-vision*", caps(true, true, false, std::nullopt, std::nullopt)},
        {"moonshot-v1-8k*", caps(true, false, false, 8192, std::nullopt)},
        {"moonshot-v1-32k*", caps(true, false, false, 32768, std::nullopt)},
        {"moonshot-v1-128k*", caps(true, false, false, 131072, std::nullopt)},
    };
    return list;
}

// A preset's pattern, ready to match: the literal text before its first wildcard is compared
// first, so a name runs the few regular expressions that can match it, not all of them (the
// resolver asks for every "provider/model" request).
struct CompiledPreset
{
    QString prefix;
    QRegularExpression pattern;
};

const QList<CompiledPreset> &compiledPresets()
{
    static const QList<CompiledPreset> compiled = [] {
        QList<CompiledPreset> out;
        for (const Preset &p : presets()) {
            const QString pattern = QString::fromLatin1(p.pattern);
            const qsizetype wildcard = pattern.indexOf(QRegularExpression(QStringLiteral("[*?]")));
            out << CompiledPreset{pattern.left(wildcard < 0 ? pattern.size() : wildcard),
                                  ModelPattern::compile(pattern)};
        }
        return out;
    }();
    return compiled;
}

QString tokens(qint64 n)
{
    if (n >= 1000000)
        return QString::number(double(n) / 1000000, 'g', 3) + QLatin1Char('M');
    if (n >= 1000)
        return QStringLiteral("%1k").arg(n / 1000);
    return QString::number(n);
}

} // namespace

ModelCapabilities ModelCapabilities::overriddenBy(const ModelCapabilities &o) const
{
    ModelCapabilities c = *this;
    if (o.tools)
        c.tools = o.tools;
    if (o.images)
        c.images = o.images;
    if (o.reasoning)
        c.reasoning = o.reasoning;
    if (o.contextWindow)
        c.contextWindow = o.contextWindow;
    if (o.maxOutputTokens)
        c.maxOutputTokens = o.maxOutputTokens;
    if (o.responsesOnly)
        c.responsesOnly = o.responsesOnly;
    return c;
}

ModelCapabilities ModelCapabilities::presetFor(const QString &upstreamModel)
{
    // OpenRouter and similar name models "vendor/model".
    const QString name = upstreamModel.section(QLatin1Char('/'), -1);
    if (name.size() > 128)
        return {};
    const QList<CompiledPreset> &compiled = compiledPresets();
    for (qsizetype i = 0; i < compiled.size(); ++i)
        if (name.startsWith(compiled.at(i).prefix, Qt::CaseInsensitive) &&
            compiled.at(i).pattern.match(name).hasMatch())
            return presets().at(i).capabilities;
    return {};
}

QString ModelCapabilities::summary() const
{
    QStringList parts;
    auto flag = [&parts](const std::optional<bool> &value, const QString &yes, const QString &no) {
        if (value)
            parts << (*value ? yes : no);
    };
    flag(tools, QStringLiteral("tools"), QStringLiteral("no tools"));
    flag(images, QStringLiteral("images"), QStringLiteral("no images"));
    flag(reasoning, QStringLiteral("reasoning"), QStringLiteral("no reasoning"));
    if (contextWindow)
        parts << QStringLiteral("%1 context").arg(tokens(*contextWindow));
    if (maxOutputTokens)
        parts << QStringLiteral("%1 output").arg(tokens(*maxOutputTokens));
    if (responsesOnly && *responsesOnly)
        parts << QStringLiteral("Responses API only");
    return parts.join(QStringLiteral(", "));
}

} // namespace llmux
