#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>

#include <optional>

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

    // How far a crash-proof spool of entries (see RequestLogSpool) has reached the database.
    struct SpoolMark
    {
        QString name; // the spool file's name
        qint64 runId = 0;
        quint64 sequence = 0;
    };

    // Inserts all entries in one transaction, each bounded first (see bound()), and records the
    // spool mark they reach in the same transaction; on success their ids are filled in.
    Status insertBatch(QList<RequestLogEntry> &entries,
                       const std::optional<SpoolMark> &mark = std::nullopt);
    // The mark last recorded for a spool file, if any.
    Result<std::optional<SpoolMark>> spoolMark(const QString &name) const;
    // Cuts every text of an entry to a fixed length, so that what a client or provider sends
    // cannot make rows (and the indexes over them) grow without end: names to kMaxNameChars,
    // messages to kMaxMessageChars.
    static void bound(RequestLogEntry &entry);
    static constexpr qsizetype kMaxNameChars = 256;
    static constexpr qsizetype kMaxMessageChars = 4096;
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
