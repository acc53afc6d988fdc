#pragma once

#include "core/common/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <mutex>
#include <set>

namespace llmux {

// The SQLite configuration database. Hands out one QSqlDatabase connection per thread (QtSql
// connections must not cross threads), each in WAL mode with synchronous=NORMAL and a busy
// timeout, so the gateway, the GUI and the CLI can use the same file at once.
class Database
{
public:
    explicit Database(QString path);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Creates the file if needed and upgrades its schema to the latest version.
    Status open();
    // Like open(), but stops at the given schema version (tests use it to build old databases).
    Status openAtVersion(int version);

    // The calling thread's connection, opened on first use.
    QSqlDatabase connection() const;
    // Closes the calling thread's connection; threads that used the database call it before
    // they finish.
    void releaseThreadConnection() const;

    QString path() const { return m_path; }
    int schemaVersion() const;

private:
    QString connectionName() const;

    QString m_path;
    QString m_id;
    mutable std::mutex m_mutex;
    mutable std::set<QString> m_connectionNames;
};

} // namespace llmux
