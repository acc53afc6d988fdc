#include "core/store/RuntimeFile.h"

#include "core/store/DataDir.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace llmux {

bool RuntimeFile::write(const QString &dataDir, const Info &info)
{
    QSaveFile file(DataDir::runtimeFilePath(dataDir));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QJsonObject json{{QStringLiteral("pid"), info.pid},
                           {QStringLiteral("base_url"), info.baseUrl},
                           {QStringLiteral("started_at"), info.startedAt}};
    file.write(QJsonDocument(json).toJson());
    return file.commit();
}

std::optional<RuntimeFile::Info> RuntimeFile::read(const QString &dataDir)
{
    QFile file(DataDir::runtimeFilePath(dataDir));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    if (json.isEmpty())
        return std::nullopt;
    return Info{json.value(QStringLiteral("pid")).toInteger(),
                json.value(QStringLiteral("base_url")).toString(),
                json.value(QStringLiteral("started_at")).toString()};
}

void RuntimeFile::remove(const QString &dataDir)
{
    QFile::remove(DataDir::runtimeFilePath(dataDir));
}

} // namespace llmux
