#include "core/store/HealthRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {
namespace {

const QString kSelect = QStringLiteral(
    "SELECT h.id, h.ts_ms, h.provider_id, p.name, h.key_id, h.ok, h.status, h.latency_ms, "
    "h.error, h.proxy FROM health_checks h JOIN providers p ON p.id = h.provider_id ");

HealthCheckRecord readRow(const QSqlQuery &q)
{
    HealthCheckRecord h;
    h.id = q.value(0).toLongLong();
    h.timestampMs = q.value(1).toLongLong();
    h.providerId = q.value(2).toLongLong();
    h.providerName = q.value(3).toString();
    h.keyId = q.value(4).toLongLong();
    h.ok = q.value(5).toBool();
    h.status = q.value(6).toInt();
    h.latencyMs = q.value(7).toDouble();
    h.error = q.value(8).toString();
    h.proxy = q.value(9).toString();
    return h;
}

} // namespace

Status HealthRepository::record(const HealthCheckRecord &check)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO health_checks (ts_ms, provider_id, key_id, proxy, ok, "
                             "status, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(check.timestampMs);
    q.addBindValue(check.providerId);
    q.addBindValue(check.keyId);
    q.addBindValue(check.proxy.isNull() ? QStringLiteral("") : check.proxy);
    q.addBindValue(check.ok ? 1 : 0);
    q.addBindValue(check.status);
    q.addBindValue(check.latencyMs);
    q.addBindValue(sql::textOrNull(check.error));
    return sql::exec(q, QStringLiteral("recording a health check"));
}

Result<QList<HealthCheckRecord>> HealthRepository::latest() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(kSelect + QStringLiteral("WHERE h.id IN (SELECT MAX(id) FROM health_checks GROUP BY "
                                       "provider_id, key_id, proxy) ORDER BY p.name, h.key_id"));
    if (auto s = sql::exec(q, QStringLiteral("reading health checks")); !s)
        return s;
    QList<HealthCheckRecord> out;
    while (q.next())
        out << readRow(q);
    return out;
}

Result<QList<HealthCheckRecord>> HealthRepository::history(qint64 providerId, qint64 keyId,
                                                           int limit) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(kSelect + QStringLiteral("WHERE h.provider_id = ? AND h.key_id = ? ORDER BY h.id "
                                       "DESC LIMIT ?"));
    q.addBindValue(providerId);
    q.addBindValue(keyId);
    q.addBindValue(limit);
    if (auto s = sql::exec(q, QStringLiteral("reading health history")); !s)
        return s;
    QList<HealthCheckRecord> out;
    while (q.next())
        out << readRow(q);
    return out;
}

Result<HealthRepository::Availability>
HealthRepository::availability(qint64 providerId, qint64 sinceMs, qint64 keyId) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT COALESCE(SUM(ok), 0), COUNT(*) FROM health_checks WHERE "
                             "provider_id = ? AND ts_ms >= ? AND (? < 0 OR key_id = ?)"));
    q.addBindValue(providerId);
    q.addBindValue(sinceMs);
    q.addBindValue(keyId);
    q.addBindValue(keyId);
    if (auto s = sql::exec(q, QStringLiteral("computing availability")); !s)
        return s;
    q.next();
    return Availability{q.value(0).toInt(), q.value(1).toInt()};
}

Status HealthRepository::prune(qint64 beforeMs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM health_checks WHERE ts_ms < ?"));
    q.addBindValue(beforeMs);
    return sql::exec(q, QStringLiteral("pruning health checks"));
}

} // namespace llmux
