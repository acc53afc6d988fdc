#include "core/store/RequestLogRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QSqlError>

namespace llmux {

namespace {

void cut(QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return;
    text.truncate(maxChars - 1);
    if (text.back().isHighSurrogate())
        text.chop(1);
    text += QChar(0x2026); // …
}

} // namespace

void RequestLogRepository::bound(RequestLogEntry &e)
{
    for (QString *name :
         {&e.keyName, &e.endpoint, &e.modelRequested, &e.provider, &e.upstreamModel, &e.session})
        cut(*name, kMaxNameChars);
    cut(e.error, kMaxMessageChars);
    cut(e.attemptErrors, kMaxMessageChars);
}

Status RequestLogRepository::insertBatch(QList<RequestLogEntry> &entries,
                                         const std::optional<SpoolMark> &mark)
{
    if (entries.isEmpty())
        return Status::success();
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Status::failure(
            QStringLiteral("Cannot write the request log: %1").arg(db.lastError().text()));
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO request_log (ts_ms, key_id, key_name, endpoint, model_requested, provider, "
        "upstream_model, stream, status, latency_ms, ttfb_ms, prompt_tokens, completion_tokens, "
        "cost, error, client_disconnected, attempts, attempt_errors, session) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (RequestLogEntry &e : entries) {
        bound(e);
        q.addBindValue(e.timestampMs);
        q.addBindValue(sql::fromOptional(e.keyId));
        q.addBindValue(sql::textOrNull(e.keyName));
        q.addBindValue(e.endpoint);
        q.addBindValue(sql::textOrNull(e.modelRequested));
        q.addBindValue(sql::textOrNull(e.provider));
        q.addBindValue(sql::textOrNull(e.upstreamModel));
        q.addBindValue(e.stream ? 1 : 0);
        q.addBindValue(e.status);
        q.addBindValue(e.latencyMs);
        q.addBindValue(sql::fromOptional(e.ttfbMs));
        q.addBindValue(sql::fromOptional(e.promptTokens));
        q.addBindValue(sql::fromOptional(e.completionTokens));
        q.addBindValue(sql::fromOptional(e.cost));
        q.addBindValue(sql::textOrNull(e.error));
        q.addBindValue(e.clientDisconnected ? 1 : 0);
        q.addBindValue(e.attempts);
        q.addBindValue(sql::textOrNull(e.attemptErrors));
        q.addBindValue(sql::textOrNull(e.session));
        if (!q.exec()) {
            Status failed = sql::failure(q, QStringLiteral("writing the request log"));
            db.rollback();
            return failed;
        }
        e.id = q.lastInsertId().toLongLong();
    }
    if (mark) {
        QSqlQuery m(db);
        m.prepare(
            QStringLiteral("INSERT INTO request_log_spool (name, run_id, seq) VALUES (?, ?, ?) "
                           "ON CONFLICT(name) DO UPDATE SET run_id = excluded.run_id, "
                           "seq = excluded.seq"));
        m.addBindValue(mark->name);
        m.addBindValue(mark->runId);
        m.addBindValue(qint64(mark->sequence));
        if (!m.exec()) {
            Status failed = sql::failure(m, QStringLiteral("marking the request log spool"));
            db.rollback();
            return failed;
        }
    }
    if (!db.commit()) {
        db.rollback();
        return Status::failure(
            QStringLiteral("Cannot commit the request log: %1").arg(db.lastError().text()));
    }
    return Status::success();
}

Result<std::optional<RequestLogRepository::SpoolMark>>
RequestLogRepository::spoolMark(const QString &name) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT run_id, seq FROM request_log_spool WHERE name = ?"));
    q.addBindValue(name);
    if (auto s = sql::exec(q, QStringLiteral("reading the request log spool mark")); !s)
        return s;
    if (!q.next())
        return std::optional<SpoolMark>();
    return std::optional<SpoolMark>(
        SpoolMark{name, q.value(0).toLongLong(), quint64(q.value(1).toLongLong())});
}

Result<int> RequestLogRepository::deleteOlderThan(qint64 cutoffMs, int limit)
{
    QSqlQuery q(m_db.connection());
    // ts_ms is indexed; ids grow with time, so the oldest rows go first.
    q.prepare(QStringLiteral("DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
                             "WHERE ts_ms < :cutoff ORDER BY ts_ms LIMIT :limit)"));
    q.bindValue(QStringLiteral(":cutoff"), cutoffMs);
    q.bindValue(QStringLiteral(":limit"), limit);
    if (auto s = sql::exec(q, QStringLiteral("deleting old request log entries")); !s)
        return s;
    return q.numRowsAffected();
}

QString RequestLogRepository::entryColumns()
{
    return QStringLiteral(
        "id, ts_ms, key_id, key_name, endpoint, model_requested, provider, upstream_model, "
        "stream, status, latency_ms, ttfb_ms, prompt_tokens, completion_tokens, cost, error, "
        "client_disconnected, attempts, attempt_errors, session");
}

RequestLogEntry RequestLogRepository::readEntry(const QSqlQuery &q)
{
    RequestLogEntry e;
    e.id = q.value(0).toLongLong();
    e.timestampMs = q.value(1).toLongLong();
    if (!q.value(2).isNull())
        e.keyId = q.value(2).toLongLong();
    e.keyName = q.value(3).toString();
    e.endpoint = q.value(4).toString();
    e.modelRequested = q.value(5).toString();
    e.provider = q.value(6).toString();
    e.upstreamModel = q.value(7).toString();
    e.stream = q.value(8).toBool();
    e.status = q.value(9).toInt();
    e.latencyMs = q.value(10).toDouble();
    if (!q.value(11).isNull())
        e.ttfbMs = q.value(11).toDouble();
    if (!q.value(12).isNull())
        e.promptTokens = q.value(12).toLongLong();
    if (!q.value(13).isNull())
        e.completionTokens = q.value(13).toLongLong();
    if (!q.value(14).isNull())
        e.cost = q.value(14).toDouble();
    e.error = q.value(15).toString();
    e.clientDisconnected = q.value(16).toBool();
    e.attempts = q.value(17).toInt();
    e.attemptErrors = q.value(18).toString();
    e.session = q.value(19).toString();
    return e;
}

Result<QList<RequestLogEntry>> RequestLogRepository::recent(int limit) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM request_log ORDER BY id DESC LIMIT :limit")
                  .arg(entryColumns()));
    q.bindValue(QStringLiteral(":limit"), limit);
    if (auto s = sql::exec(q, QStringLiteral("reading the request log")); !s)
        return s;
    QList<RequestLogEntry> out;
    while (q.next())
        out << readEntry(q);
    return out;
}

Result<qint64> RequestLogRepository::count() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM request_log"));
    if (auto s = sql::exec(q, QStringLiteral("counting the request log")); !s)
        return s;
    q.next();
    return q.value(0).toLongLong();
}

} // namespace llmux
