#include "core/services/AgentConfigEdit.h"

#include <QList>
#include <QRegularExpression>

#include <nlohmann/json.hpp>
#include <sstream>
#include <toml.hpp>

namespace llmux {
namespace {

using Json = nlohmann::ordered_json;

Result<Json> readJsonObject(const QByteArray &text, const char *file)
{
    if (text.trimmed().isEmpty())
        return Json::object();
    Json parsed = Json::parse(text.constData(), text.constData() + text.size(), nullptr, false,
                              /*ignore_comments=*/true);
    if (!parsed.is_object())
        return Result<Json>::failure(
            QStringLiteral("%1 is not a JSON object LLMux can edit; fix or move it first.")
                .arg(QLatin1String(file)));
    return parsed;
}

QByteArray writeJson(const Json &value)
{
    return QByteArray::fromStdString(value.dump(2)) + '\n';
}

Json &objectAt(Json &parent, const char *key)
{
    Json &child = parent[key];
    if (!child.is_object())
        child = Json::object();
    return child;
}

// A TOML basic string, escaped.
std::string tomlString(const QString &text)
{
    return toml::format(toml::value(text.toStdString()));
}

QList<QByteArray> linesOf(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the final newline
    return lines;
}

QByteArray joinLines(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + '\n';
    return out;
}

const QRegularExpression &tableHeader()
{
    static const QRegularExpression header(
        QStringLiteral(R"(^\s*\[\[?\s*[^\[\]=#]+\]\]?\s*(#.*)?$)"));
    return header;
}

// The value of a dotted path in a parsed TOML document, or nullptr.
const toml::value *tomlAt(const toml::value &root, std::initializer_list<const char *> path)
{
    const toml::value *at = &root;
    for (const char *key : path) {
        if (!at->is_table() || !at->as_table().count(key))
            return nullptr;
        at = &at->as_table().at(key);
    }
    return at;
}

Result<toml::value> parseToml(const QByteArray &text)
{
    try {
        std::istringstream in(text.toStdString());
        return toml::parse(in, "config.toml");
    } catch (const std::exception &e) {
        return Result<toml::value>::failure(
            QStringLiteral("~/.codex/config.toml is not valid TOML, so LLMux leaves it alone: %1")
                .arg(QString::fromStdString(e.what()).left(400)));
    }
}

QString tomlStringAt(const toml::value &root, std::initializer_list<const char *> path)
{
    const toml::value *v = tomlAt(root, path);
    return v && v->is_string() ? QString::fromStdString(v->as_string().str) : QString();
}

} // namespace

Result<QByteArray> AgentConfigEdit::claudeSettings(const QByteArray &current,
                                                   const AgentTarget &target)
{
    Result<Json> parsed = readJsonObject(current, "~/.claude/settings.json");
    if (!parsed)
        return parsed.status();
    Json settings = std::move(parsed.value());
    Json &env = objectAt(settings, "env");
    env["ANTHROPIC_BASE_URL"] = target.rootUrl.toStdString();
    env["ANTHROPIC_AUTH_TOKEN"] = target.key.toStdString();
    env.erase("ANTHROPIC_API_KEY"); // two keys make Claude Code ask which one to use
    for (const char *slot : {"ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL",
                             "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL"})
        env[slot] = target.model.toStdString();
    return writeJson(settings);
}

QString AgentConfigEdit::claudeBaseUrl(const QByteArray &settings)
{
    const Result<Json> parsed = readJsonObject(settings, "settings.json");
    if (!parsed || !parsed->contains("env") || !(*parsed)["env"].is_object())
        return {};
    return QString::fromStdString((*parsed)["env"].value("ANTHROPIC_BASE_URL", std::string()));
}

Result<QByteArray> AgentConfigEdit::codexConfig(const QByteArray &current,
                                                const AgentTarget &target)
{
    const Result<toml::value> before = parseToml(current);
    if (!before)
        return before.status();
    QList<QByteArray> lines = linesOf(current);
    const std::string baseUrl = QString(target.rootUrl + QStringLiteral("/v1")).toStdString();

    // The top-level keys: replaced on their own line, or added above the first table.
    qsizetype insertAt = 0;
    while (insertAt < lines.size() &&
           (lines[insertAt].trimmed().isEmpty() || lines[insertAt].trimmed().startsWith('#')))
        ++insertAt;
    const QList<QPair<const char *, std::string>> topLevel = {
        {"model", tomlString(target.model)}, {"model_provider", tomlString(kCodexProvider)}};
    for (const auto &[key, value] : topLevel) {
        const QByteArray line = QByteArray(key) + " = " + QByteArray::fromStdString(value);
        if (const toml::value *existing = tomlAt(*before, {key})) {
            const qsizetype at = qsizetype(existing->location().line()) - 1;
            static const QRegularExpression single(
                QStringLiteral(R"(^\s*"?%1"?\s*=\s*("[^"\\]*(\\.[^"\\]*)*"|'[^']*')\s*(#.*)?$)"));
            const QRegularExpression own(single.pattern().arg(QLatin1String(key)));
            if (at < 0 || at >= lines.size() || !own.match(QString::fromUtf8(lines[at])).hasMatch())
                return Status::failure(
                    QStringLiteral("~/.codex/config.toml sets '%1' in a way LLMux cannot edit "
                                   "safely (not one quoted string on its own line); set it by "
                                   "hand to %2.")
                        .arg(QLatin1String(key), QString::fromStdString(value)));
            lines[at] = line;
        } else {
            lines.insert(insertAt++, line);
        }
    }

    // LLMux's provider table: replaced where it is, or added at the end.
    QList<QByteArray> table = {
        "[model_providers." + QByteArray(kCodexProvider) + "]",
        "name = \"LLMux\"",
        "base_url = " + QByteArray::fromStdString(tomlString(QString::fromStdString(baseUrl))),
        "wire_api = \"responses\"",
        "experimental_bearer_token = " + QByteArray::fromStdString(tomlString(target.key)),
    };
    static const QRegularExpression ownHeader(
        QStringLiteral(R"(^\s*\[\s*model_providers\s*\.\s*("llmux"|llmux)\s*\]\s*(#.*)?$)"));
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (ownHeader.match(QString::fromUtf8(lines[i])).hasMatch())
            start = i;
    if (start >= 0) {
        qsizetype end = start + 1;
        while (end < lines.size() && !tableHeader().match(QString::fromUtf8(lines[end])).hasMatch())
            ++end;
        // Blank lines and comments before the next table belong to it, not to ours.
        while (end - 1 > start &&
               (lines[end - 1].trimmed().isEmpty() || lines[end - 1].trimmed().startsWith('#')))
            --end;
        lines.remove(start, end - start);
        for (qsizetype i = 0; i < table.size(); ++i)
            lines.insert(start + i, table[i]);
    } else if (tomlAt(*before, {"model_providers", kCodexProvider})) {
        return Status::failure(QStringLiteral(
            "~/.codex/config.toml defines model_providers.llmux inline; remove it so that LLMux "
            "can write its own [model_providers.llmux] table."));
    } else {
        if (!lines.isEmpty() && !lines.last().trimmed().isEmpty())
            lines.append(QByteArray());
        lines.append(table);
    }

    // Read back: the file must say exactly what LLMux meant, and nothing else may have moved.
    const QByteArray out = joinLines(lines);
    const Result<toml::value> after = parseToml(out);
    if (!after || tomlStringAt(*after, {"model"}) != target.model ||
        tomlStringAt(*after, {"model_provider"}) != QLatin1String(kCodexProvider) ||
        tomlStringAt(*after, {"model_providers", kCodexProvider, "base_url"}).toStdString() !=
            baseUrl ||
        tomlStringAt(*after, {"model_providers", kCodexProvider, "wire_api"}) !=
            QLatin1String("responses") ||
        tomlStringAt(*after, {"model_providers", kCodexProvider, "experimental_bearer_token"}) !=
            target.key)
        return Status::failure(QStringLiteral(
            "LLMux could not edit ~/.codex/config.toml safely (its layout is unusual); add the "
            "[model_providers.llmux] table that `llmux connect codex --dry-run` shows by hand."));
    return out;
}

QString AgentConfigEdit::codexBaseUrl(const QByteArray &config)
{
    const Result<toml::value> parsed = parseToml(config);
    if (!parsed)
        return {};
    const QString provider = tomlStringAt(*parsed, {"model_provider"});
    if (provider.isEmpty())
        return {};
    const std::string name = provider.toStdString();
    return tomlStringAt(*parsed, {"model_providers", name.c_str(), "base_url"});
}

Result<QByteArray> AgentConfigEdit::geminiEnv(const QByteArray &current, const AgentTarget &target)
{
    QList<QByteArray> lines = linesOf(current);
    const QList<QPair<QByteArray, QString>> values = {{"GOOGLE_GEMINI_BASE_URL", target.rootUrl},
                                                      {"GEMINI_API_KEY", target.key}};
    for (const auto &[name, value] : values) {
        static const QRegularExpression newline(QStringLiteral("[\\r\\n]"));
        if (value.contains(newline))
            return Status::failure(
                QStringLiteral("%1 cannot hold a line break.").arg(QString::fromLatin1(name)));
        const QByteArray line = name + '=' + value.toUtf8();
        bool replaced = false;
        for (QByteArray &existing : lines) {
            QByteArray bare = existing.trimmed();
            if (bare.startsWith("export "))
                bare = bare.mid(7).trimmed();
            if (bare.startsWith(QByteArray(name + '=')) ||
                bare.startsWith(QByteArray(name + " ="))) {
                existing = line;
                replaced = true;
            }
        }
        if (!replaced)
            lines.append(line);
    }
    return joinLines(lines);
}

QString AgentConfigEdit::geminiBaseUrl(const QByteArray &env)
{
    QString url;
    for (QByteArray line : linesOf(env)) {
        line = line.trimmed();
        if (line.startsWith("export "))
            line = line.mid(7).trimmed();
        if (line.startsWith("GOOGLE_GEMINI_BASE_URL="))
            url = QString::fromUtf8(line.mid(23)).trimmed().remove(QLatin1Char('"'));
    }
    return url;
}

Result<QByteArray> AgentConfigEdit::geminiSettings(const QByteArray &current,
                                                   const AgentTarget &target)
{
    Result<Json> parsed = readJsonObject(current, "~/.gemini/settings.json");
    if (!parsed)
        return parsed.status();
    Json settings = std::move(parsed.value());
    objectAt(objectAt(settings, "security"), "auth")["selectedType"] = "gemini-api-key";
    objectAt(settings, "model")["name"] = target.model.toStdString();
    return writeJson(settings);
}

} // namespace llmux
