#pragma once

#include "common/Result.h"
#include "store/Records.h"

#include <QList>

class QSqlQuery;

namespace llmux {

class Database;

// The request log table. Written only by the usage writer's thread, in batches.
class RequestLogRepository
{
public:
    explicit RequestLogRepository(const Database &db)
        : m_db(db)
    {}

    // Inserts all entries in one transaction; on success their ids are filled in.
    Status insertBatch(QList<RequestLogEntry> &entries);
    Result<QList<RequestLogEntry>> recent(int limit) const;
    Result<qint64> count() const;
    // Deletes up to `limit` of the oldest entries written before `cutoffMs`; returns how many.
    // Small batches keep each write transaction short while requests are being logged.
    Result<int> deleteOlderThan(qint64 cutoffMs, int limit);

    // The columns of an entry, for "SELECT <columns> FROM request_log"; readEntry() reads a row
    // selected with them. The one place that maps the table to RequestLogEntry (the log views'
    // RequestLogQuery reads through it too).
    static QString entryColumns();
    static RequestLogEntry readEntry(const QSqlQuery &row);

private:
    const Database &m_db;
};

} // namespace llmux
