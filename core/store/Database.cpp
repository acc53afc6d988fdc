#include "core/store/Database.h"

#include "core/store/Migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace llmux {

Database::Database(QString path)
    : m_path(std::move(path))
    , m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Database::~Database()
{
    std::set<QString> names;
    {
        std::lock_guard lock(m_mutex);
        names.swap(m_connectionNames);
    }
    // Connections of threads that did not release theirs are closed here; by now those threads
    // have finished, so nobody else uses them.
    for (const QString &name : names) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Status Database::open()
{
    return openAtVersion(Migrations::latestVersion());
}

Status Database::openAtVersion(int version)
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return Status::failure(
            QStringLiteral("Cannot open the database %1: %2").arg(m_path, db.lastError().text()));
    return Migrations::migrate(db, version);
}

QString Database::connectionName() const
{
    return QStringLiteral("llmux-%1-%2")
        .arg(m_id)
        .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    {
        std::lock_guard lock(m_mutex);
        m_connectionNames.insert(name);
    }
    if (!db.open())
        return db;
    QSqlQuery pragma(db);
    pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    return db;
}

void Database::releaseThreadConnection() const
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    std::lock_guard lock(m_mutex);
    m_connectionNames.erase(name);
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

} // namespace llmux
