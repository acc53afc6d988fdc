#include "core/services/AgentWiring.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace llmux {
namespace {

Result<QByteArray> readFile(const QString &path, bool &existed)
{
    QFile file(path);
    existed = file.exists();
    if (!existed)
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(
            QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

// Whole or not at all: a reader never sees half a file.
Status writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Status::failure(QStringLiteral("Cannot create the folder of %1.").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Status::failure(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    return Status::success();
}

// A copy of a file that may hold secrets: readable by no one the original is not, from the
// first byte on.
Status writeCopy(const QString &copyPath, const QByteArray &bytes, const QString &originalPath)
{
    QFile copy(copyPath);
    if (!copy.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !copy.setPermissions(QFile::permissions(originalPath)) ||
        copy.write(bytes) != bytes.size() || !copy.flush())
        return Status::failure(
            QStringLiteral("Cannot save a copy of %1: %2").arg(originalPath, copy.errorString()));
    return Status::success();
}

Status restore(const QString &path, bool existed, const QByteArray &bytes)
{
    if (existed)
        return writeFile(path, bytes);
    if (QFile::exists(path) && !QFile::remove(path))
        return Status::failure(QStringLiteral("Cannot remove %1.").arg(path));
    return Status::success();
}

constexpr const char *kManifest = "manifest.json";
constexpr const char *kOriginalSuffix = ".llmux-original";

} // namespace

QList<AgentWiring::Agent> AgentWiring::agents()
{
    return {Agent::ClaudeCode, Agent::Codex, Agent::GeminiCli};
}

QString AgentWiring::name(Agent agent)
{
    switch (agent) {
    case Agent::ClaudeCode:
        return QStringLiteral("claude-code");
    case Agent::Codex:
        return QStringLiteral("codex");
    case Agent::GeminiCli:
        return QStringLiteral("gemini-cli");
    }
    return {};
}

std::optional<AgentWiring::Agent> AgentWiring::fromName(const QString &name)
{
    for (Agent agent : agents())
        if (AgentWiring::name(agent) == name)
            return agent;
    return std::nullopt;
}

AgentWiring::AgentWiring(QString home, QString stateDir)
    : m_home(std::move(home))
    , m_stateDir(std::move(stateDir))
{}

QStringList AgentWiring::files(Agent agent) const
{
    const QDir home(m_home);
    switch (agent) {
    case Agent::ClaudeCode:
        return {home.filePath(QStringLiteral(".claude/settings.json"))};
    case Agent::Codex:
        return {home.filePath(QStringLiteral(".codex/config.toml"))};
    case Agent::GeminiCli:
        return {home.filePath(QStringLiteral(".gemini/.env")),
                home.filePath(QStringLiteral(".gemini/settings.json"))};
    }
    return {};
}

QString AgentWiring::backupDir(Agent agent) const
{
    return QDir(m_stateDir).filePath(name(agent));
}

Result<QList<AgentWiring::FileChange>> AgentWiring::plan(Agent agent,
                                                         const AgentTarget &target) const
{
    QList<FileChange> changes;
    const QStringList paths = files(agent);
    for (qsizetype i = 0; i < paths.size(); ++i) {
        FileChange change;
        change.path = paths[i];
        const Result<QByteArray> before = readFile(change.path, change.existed);
        if (!before)
            return before.status();
        change.before = before.value();
        Result<QByteArray> after = QByteArray();
        switch (agent) {
        case Agent::ClaudeCode:
            after = AgentConfigEdit::claudeSettings(change.before, target);
            break;
        case Agent::Codex:
            after = AgentConfigEdit::codexConfig(change.before, target);
            break;
        case Agent::GeminiCli:
            after = i == 0 ? AgentConfigEdit::geminiEnv(change.before, target)
                           : AgentConfigEdit::geminiSettings(change.before, target);
            break;
        }
        if (!after)
            return after.status();
        change.after = after.value();
        changes.append(change);
    }
    return changes;
}

Status AgentWiring::saveOriginals(Agent agent, const QList<FileChange> &changes,
                                  const QString &keyName, bool &firstTime)
{
    const QDir dir(backupDir(agent));
    firstTime = false;
    QJsonObject manifest;
    if (QFile existing(dir.filePath(QLatin1String(kManifest)));
        existing.open(QIODevice::ReadOnly)) {
        // Connected before: the originals saved then are the ones to go back to.
        manifest = QJsonDocument::fromJson(existing.readAll()).object();
        manifest[QStringLiteral("key")] = keyName;
        return writeFile(dir.filePath(QLatin1String(kManifest)), QJsonDocument(manifest).toJson());
    }
    firstTime = true;
    QJsonArray entries;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        // Beside the original, with its permissions: a file may hold the user's own secrets, which
        // stay in the agent's folder and never enter LLMux's.
        const QString copy = changes[i].path + QLatin1String(kOriginalSuffix);
        if (changes[i].existed)
            if (Status saved = writeCopy(copy, changes[i].before, changes[i].path); !saved)
                return saved;
        entries.append(QJsonObject{{QStringLiteral("path"), changes[i].path},
                                   {QStringLiteral("existed"), changes[i].existed},
                                   {QStringLiteral("copy"), copy}});
    }
    manifest[QStringLiteral("files")] = entries;
    manifest[QStringLiteral("key")] = keyName;
    // The manifest last: without it there is nothing to restore, and nothing was changed yet.
    return writeFile(dir.filePath(QLatin1String(kManifest)), QJsonDocument(manifest).toJson());
}

Status AgentWiring::apply(Agent agent, const QList<FileChange> &changes, const QString &keyName)
{
    bool firstTime = false;
    if (Status saved = saveOriginals(agent, changes, keyName, firstTime); !saved)
        return Status::failure(
            QStringLiteral("Nothing was changed: LLMux could not keep a copy of the files to "
                           "restore later. %1")
                .arg(saved.error()));
    for (qsizetype i = 0; i < changes.size(); ++i) {
        Status written = writeFile(changes[i].path, changes[i].after);
        // A file LLMux creates holds the agent's key: for its owner's eyes only (an existing file
        // keeps its own permissions).
        if (written && !changes[i].existed &&
            !QFile::setPermissions(changes[i].path, QFile::ReadOwner | QFile::WriteOwner))
            written = Status::failure(
                QStringLiteral("Cannot make %1 private to its owner.").arg(changes[i].path));
        if (!written) {
            for (qsizetype j = 0; j < i; ++j)
                (void)restore(changes[j].path, changes[j].existed, changes[j].before);
            if (firstTime) { // nothing changed: nothing to undo later either
                for (const FileChange &change : changes)
                    if (change.existed)
                        QFile::remove(change.path + QLatin1String(kOriginalSuffix));
                QDir(backupDir(agent)).removeRecursively();
            }
            return Status::failure(QStringLiteral("%1 Nothing was changed.").arg(written.error()));
        }
    }
    return Status::success();
}

Result<QString> AgentWiring::undo(Agent agent)
{
    QDir dir(backupDir(agent));
    QFile manifestFile(dir.filePath(QLatin1String(kManifest)));
    if (!manifestFile.open(QIODevice::ReadOnly))
        return Result<QString>::failure(
            QStringLiteral("%1 was not connected by LLMux: there is nothing to undo.")
                .arg(name(agent)));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    manifestFile.close();
    const QJsonArray entries = manifest.value(QStringLiteral("files")).toArray();
    for (const QJsonValue value : entries) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(QStringLiteral("path")).toString();
        const bool existed = entry.value(QStringLiteral("existed")).toBool();
        QByteArray original;
        const QString copyPath = entry.value(QStringLiteral("copy")).toString();
        if (existed) {
            QFile copy(copyPath);
            if (!copy.open(QIODevice::ReadOnly))
                return Result<QString>::failure(
                    QStringLiteral("The saved copy of %1 (%2) is missing; nothing more was "
                                   "restored.")
                        .arg(path, copyPath));
            original = copy.readAll();
        }
        if (Status restored = restore(path, existed, original); !restored)
            return Result<QString>::failure(restored.error());
        if (existed)
            QFile::remove(copyPath);
    }
    const QString keyName = manifest.value(QStringLiteral("key")).toString();
    dir.removeRecursively();
    return keyName;
}

AgentWiring::State AgentWiring::state(Agent agent) const
{
    State s;
    QFile manifestFile(QDir(backupDir(agent)).filePath(QLatin1String(kManifest)));
    if (manifestFile.open(QIODevice::ReadOnly)) {
        s.connected = true;
        s.keyName = QJsonDocument::fromJson(manifestFile.readAll())
                        .object()
                        .value(QStringLiteral("key"))
                        .toString();
    }
    const QString first = files(agent).first();
    bool existed = false;
    const Result<QByteArray> text = readFile(first, existed);
    if (!text)
        return s;
    switch (agent) {
    case Agent::ClaudeCode:
        s.baseUrl = AgentConfigEdit::claudeBaseUrl(text.value());
        break;
    case Agent::Codex:
        s.baseUrl = AgentConfigEdit::codexBaseUrl(text.value());
        break;
    case Agent::GeminiCli:
        s.baseUrl = AgentConfigEdit::geminiBaseUrl(text.value());
        break;
    }
    return s;
}

} // namespace llmux
