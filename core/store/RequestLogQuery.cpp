#include "core/store/RequestLogQuery.h"

#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SqlSupport.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace llmux {
namespace {

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

struct Where
{
    QStringList terms;
    QVariantList binds;

    QString sql() const
    {
        return terms.isEmpty() ? QString() : QStringLiteral(" WHERE ") + terms.join(" AND ");
    }
};

// Paging reads walk the time index in order; a status index would make SQLite sort every
// matching row first, so there the status terms are kept off it ("+status").
Where whereFor(const RequestLogFilter &f, qint64 snapshotId, bool paging)
{
    Where w;
    const QString status = paging ? QStringLiteral("+status") : QStringLiteral("status");
    if (snapshotId > 0) {
        w.terms << QStringLiteral("id <= ?");
        w.binds << snapshotId;
    }
    if (f.fromMs > 0) {
        w.terms << QStringLiteral("ts_ms >= ?");
        w.binds << f.fromMs;
    }
    if (f.toMs > 0) {
        w.terms << QStringLiteral("ts_ms < ?");
        w.binds << f.toMs;
    }
    switch (f.status) {
    case LogStatusFilter::All:
        break;
    case LogStatusFilter::Success:
        w.terms << status + QStringLiteral(" BETWEEN 200 AND 299");
        break;
    case LogStatusFilter::Errors:
        w.terms << QStringLiteral("(%1 >= 400 OR client_disconnected <> 0)").arg(status);
        break;
    case LogStatusFilter::ClientErrors:
        w.terms << status + QStringLiteral(" BETWEEN 400 AND 499");
        break;
    case LogStatusFilter::ServerErrors:
        w.terms << status + QStringLiteral(" >= 500");
        break;
    case LogStatusFilter::ClientDisconnected:
        w.terms << QStringLiteral("client_disconnected <> 0");
        break;
    }
    if (!f.model.isEmpty()) {
        w.terms << QStringLiteral("model_requested = ?");
        w.binds << f.model;
    }
    if (!f.provider.isEmpty()) {
        w.terms << QStringLiteral("provider = ?");
        w.binds << f.provider;
    }
    if (!f.keyName.isEmpty()) {
        w.terms << QStringLiteral("key_name = ?");
        w.binds << f.keyName;
    }
    if (!f.session.isEmpty()) {
        w.terms << QStringLiteral("session = ?");
        w.binds << f.session;
    }
    if (!f.text.isEmpty()) {
        QStringList any;
        for (const char *column : {"model_requested", "upstream_model", "provider", "key_name",
                                   "error", "attempt_errors", "session"}) {
            any << QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(QLatin1String(column));
            w.binds << likePattern(f.text);
        }
        w.terms << QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }
    return w;
}

bool contains(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

} // namespace

bool RequestLogFilter::matches(const RequestLogEntry &e) const
{
    if (fromMs > 0 && e.timestampMs < fromMs)
        return false;
    if (toMs > 0 && e.timestampMs >= toMs)
        return false;
    switch (status) {
    case LogStatusFilter::All:
        break;
    case LogStatusFilter::Success:
        if (e.status < 200 || e.status > 299)
            return false;
        break;
    case LogStatusFilter::Errors:
        if (e.status < 400 && !e.clientDisconnected)
            return false;
        break;
    case LogStatusFilter::ClientErrors:
        if (e.status < 400 || e.status > 499)
            return false;
        break;
    case LogStatusFilter::ServerErrors:
        if (e.status < 500)
            return false;
        break;
    case LogStatusFilter::ClientDisconnected:
        if (!e.clientDisconnected)
            return false;
        break;
    }
    if (!model.isEmpty() && e.modelRequested != model)
        return false;
    if (!provider.isEmpty() && e.provider != provider)
        return false;
    if (!keyName.isEmpty() && e.keyName != keyName)
        return false;
    if (!session.isEmpty() && e.session != session)
        return false;
    if (!text.isEmpty() && !contains(e.modelRequested, text) && !contains(e.upstreamModel, text) &&
        !contains(e.provider, text) && !contains(e.keyName, text) && !contains(e.error, text) &&
        !contains(e.attemptErrors, text) && !contains(e.session, text))
        return false;
    return true;
}

bool RequestLogFilter::operator==(const RequestLogFilter &o) const
{
    return fromMs == o.fromMs && toMs == o.toMs && status == o.status && model == o.model &&
           provider == o.provider && keyName == o.keyName && text == o.text;
}

void RequestLogQuery::tuneConnection() const
{
    QSqlQuery q(m_db.connection());
    q.exec(QStringLiteral("PRAGMA cache_size = -32768"));    // 32 MB
    q.exec(QStringLiteral("PRAGMA mmap_size = 1073741824")); // up to 1 GB of the file
}

Result<qint64> RequestLogQuery::newestId() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM request_log"));
    if (auto s = sql::exec(q, QStringLiteral("reading the request log")); !s)
        return s;
    q.next();
    return q.value(0).toLongLong();
}

Result<RequestLogFirstPage> RequestLogQuery::firstPage(const RequestLogFilter &filter,
                                                       int limit) const
{
    // One read transaction: the newest id, the count and the page all see the same rows, so
    // they need no id bound (which would keep COUNT(*) off SQLite's fast path).
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Status::failure(
            QStringLiteral("Cannot read the request log: %1").arg(db.lastError().text()));
    RequestLogFirstPage page;
    const auto id = newestId();
    const auto n = id ? count(filter, 0) : Result<qint64>(id.status());
    const auto rows = n ? older(filter, 0, {}, limit) : Result<QList<RequestLogEntry>>(n.status());
    db.commit();
    if (!rows)
        return rows.status();
    page.snapshotId = *id;
    page.count = *n;
    page.rows = *rows;
    return page;
}

Result<qint64> RequestLogQuery::count(const RequestLogFilter &filter, qint64 snapshotId) const
{
    const Where w = whereFor(filter, snapshotId, false);
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM request_log") + w.sql());
    for (const QVariant &v : w.binds)
        q.addBindValue(v);
    if (auto s = sql::exec(q, QStringLiteral("counting the request log")); !s)
        return s;
    q.next();
    return q.value(0).toLongLong();
}

Result<QList<RequestLogEntry>> RequestLogQuery::older(const RequestLogFilter &filter,
                                                      qint64 snapshotId,
                                                      std::optional<RequestLogCursor> after,
                                                      int limit) const
{
    Where w = whereFor(filter, snapshotId, true);
    if (after) {
        w.terms << QStringLiteral("(ts_ms, id) < (?, ?)");
        w.binds << after->timestampMs << after->id;
    }
    return select(w.sql(), w.binds, true, limit, 0);
}

Result<QList<RequestLogEntry>> RequestLogQuery::newer(const RequestLogFilter &filter,
                                                      qint64 snapshotId, RequestLogCursor before,
                                                      int limit) const
{
    Where w = whereFor(filter, snapshotId, true);
    w.terms << QStringLiteral("(ts_ms, id) > (?, ?)");
    w.binds << before.timestampMs << before.id;
    auto rows = select(w.sql(), w.binds, false, limit, 0);
    if (rows)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

Result<QList<RequestLogEntry>> RequestLogQuery::at(const RequestLogFilter &filter,
                                                   qint64 snapshotId, qint64 position, int limit,
                                                   qint64 total) const
{
    if (position >= total || limit <= 0)
        return QList<RequestLogEntry>();
    const Where w = whereFor(filter, snapshotId, true);
    if (position <= total / 2)
        return select(w.sql(), w.binds, true, limit, position);
    // Nearer the oldest end: skip from there, oldest first, and turn the page around.
    const qint64 end = std::min(position + limit, total);
    auto rows = select(w.sql(), w.binds, false, int(end - position), total - end);
    if (rows)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

Result<QList<RequestLogEntry>> RequestLogQuery::select(const QString &where,
                                                       const QVariantList &binds, bool newestFirst,
                                                       int limit, qint64 offset) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM request_log%2 ORDER BY %3 LIMIT ? OFFSET ?")
                  .arg(RequestLogRepository::entryColumns(), where,
                       newestFirst ? QStringLiteral("ts_ms DESC, id DESC")
                                   : QStringLiteral("ts_ms, id")));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (auto s = sql::exec(q, QStringLiteral("reading the request log")); !s)
        return s;
    QList<RequestLogEntry> out;
    out.reserve(limit);
    while (q.next())
        out << RequestLogRepository::readEntry(q);
    return out;
}

Result<QStringList> RequestLogQuery::distinctValues(Column column) const
{
    QString name;
    switch (column) {
    case Column::Model:
        name = QStringLiteral("model_requested");
        break;
    case Column::Provider:
        name = QStringLiteral("provider");
        break;
    case Column::KeyName:
        name = QStringLiteral("key_name");
        break;
    }
    // A loose index scan: each step seeks the next bigger value in the column's index, so a
    // million rows with ten models cost ten seeks.
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("WITH RECURSIVE v(x) AS (SELECT MIN(%1) FROM request_log WHERE %1 > '' "
                       "UNION ALL SELECT (SELECT MIN(%1) FROM request_log WHERE %1 > v.x) "
                       "FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")
            .arg(name));
    if (auto s = sql::exec(q, QStringLiteral("listing the values in the request log")); !s)
        return s;
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace llmux
