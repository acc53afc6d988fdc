#include "core/store/DataDir.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace llmux {

QString DataDir::resolve(const QString &explicitDir)
{
    if (!explicitDir.isEmpty())
        return QDir(explicitDir).absolutePath();
    const QString fromEnv = qEnvironmentVariable("LLMUX_DATA_DIR");
    if (!fromEnv.isEmpty())
        return QDir(fromEnv).absolutePath();
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/LLMux");
}

Status DataDir::ensureExists(const QString &dir)
{
    QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return Status::failure(
            QStringLiteral("The data folder %1 exists but is not a folder.").arg(dir));
    if (!QDir().mkpath(dir))
        return Status::failure(
            QStringLiteral("Cannot create the data folder %1: check its permissions or choose "
                           "another one with --data-dir or LLMUX_DATA_DIR.")
                .arg(dir));
    return Status::success();
}

QString DataDir::databasePath(const QString &dir)
{
    return dir + QStringLiteral("/llmux.sqlite");
}

QString DataDir::runtimeFilePath(const QString &dir)
{
    return dir + QStringLiteral("/gateway.json");
}

} // namespace llmux
