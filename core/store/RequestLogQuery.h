#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace llmux {

class Database;

// Which outcomes a log view shows. Errors counts like the usage figures: an HTTP error status or
// a client that went away before the answer was complete.
enum class LogStatusFilter { All, Success, Errors, ClientErrors, ServerErrors, ClientDisconnected };

// What the logs page asks for. Empty strings and zero times mean "any".
struct RequestLogFilter
{
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0;   // exclusive
    LogStatusFilter status = LogStatusFilter::All;
    QString model;    // model requested, exact
    QString provider; // exact
    QString keyName;  // exact
    QString session;  // the client's session id, exact
    // Case-insensitive substring of the models, provider, key name, error or attempt errors.
    QString text;

    // The same test as the SQL, for entries that arrive while the page is open.
    bool matches(const RequestLogEntry &entry) const;
    bool operator==(const RequestLogFilter &other) const;
    bool operator!=(const RequestLogFilter &other) const { return !(*this == other); }
};

// A place in the log's order (newest first: ts_ms descending, then id descending).
struct RequestLogCursor
{
    qint64 timestampMs = 0;
    qint64 id = 0;
};

// What a view shows first: the snapshot, how many rows match, and the newest of them.
struct RequestLogFirstPage
{
    qint64 snapshotId = 0;
    qint64 count = 0;
    QList<RequestLogEntry> rows;
};

// Pages through the request log for a view over up to millions of rows. Every read is bounded:
// counts use the filter indexes of schema version 5, pages continue from a cursor (keyset) and
// only a jump to an unknown position skips rows, from whichever end is nearer. Reads only rows
// with id <= snapshotId, so positions stay put while the gateway keeps writing; pass 0 for no
// bound. Queries can take a second on huge logs: never call them on the GUI thread.
class RequestLogQuery
{
public:
    enum class Column { Model, Provider, KeyName };

    explicit RequestLogQuery(const Database &db)
        : m_db(db)
    {}

    // Gives this thread's connection a bigger page cache and memory-mapped reads; a reader
    // thread calls it once.
    void tuneConnection() const;

    // The newest id now (0 for an empty log): the snapshot the other reads are bounded by.
    Result<qint64> newestId() const;
    Result<qint64> count(const RequestLogFilter &filter, qint64 snapshotId) const;
    // newestId(), count() and the first `limit` entries, read consistently.
    Result<RequestLogFirstPage> firstPage(const RequestLogFilter &filter, int limit) const;
    // Up to limit entries just older than `after` (from the newest when there is none), newest
    // first.
    Result<QList<RequestLogEntry>> older(const RequestLogFilter &filter, qint64 snapshotId,
                                         std::optional<RequestLogCursor> after, int limit) const;
    // Up to limit entries just newer than `before`, newest first.
    Result<QList<RequestLogEntry>> newer(const RequestLogFilter &filter, qint64 snapshotId,
                                         RequestLogCursor before, int limit) const;
    // The entries at positions [position, position + limit) of the newest-first order, given
    // the total that count() returned; skips from the nearer end.
    Result<QList<RequestLogEntry>> at(const RequestLogFilter &filter, qint64 snapshotId,
                                      qint64 position, int limit, qint64 total) const;
    // The distinct non-empty values of a column, sorted; one index seek per value.
    Result<QStringList> distinctValues(Column column) const;

private:
    Result<QList<RequestLogEntry>> select(const QString &where, const QVariantList &binds,
                                          bool newestFirst, int limit, qint64 offset) const;

    const Database &m_db;
};

} // namespace llmux
