#include "core/store/SettingsRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

QString SettingsRepository::value(const QString &key, const QString &fallback) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = :key"));
    q.bindValue(QStringLiteral(":key"), key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return fallback;
}

Status SettingsRepository::setValue(const QString &key, const QString &value)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.bindValue(QStringLiteral(":key"), key);
    q.bindValue(QStringLiteral(":value"), value);
    return sql::exec(q, QStringLiteral("saving setting '%1'").arg(key));
}

qint64 SettingsRepository::configRevision() const
{
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'config_revision'")) && q.next())
        return q.value(0).toLongLong();
    return -1;
}

QString SettingsRepository::instanceId() const
{
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'instance_id'")) && q.next())
        return q.value(0).toString();
    return QString();
}

} // namespace llmux
