#include "core/store/RateLimitRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {

Result<QList<RateLimit>> RateLimitRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, scope, subject, kind, amount, window_ms, created_at FROM "
                             "rate_limits ORDER BY id"));
    if (auto s = sql::exec(q, QStringLiteral("listing rate limits")); !s)
        return s;
    QList<RateLimit> out;
    while (q.next()) {
        const auto scope = RateLimit::scopeFromName(q.value(1).toString());
        const auto kind = RateLimit::kindFromName(q.value(3).toString());
        if (!scope || !kind)
            continue; // written by a newer LLMux; not this one's to apply
        RateLimit l;
        l.id = q.value(0).toLongLong();
        l.scope = *scope;
        l.subject = q.value(2).toString();
        l.kind = *kind;
        l.amount = q.value(4).toLongLong();
        l.windowMs = q.value(5).toLongLong();
        l.createdAt = sql::toTime(q.value(6));
        out << l;
    }
    return out;
}

Result<qint64> RateLimitRepository::add(const RateLimit &limit)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO rate_limits (scope, subject, kind, amount, window_ms, "
                             "created_at) VALUES (:scope, :subject, :kind, :amount, :window, "
                             ":now)"));
    q.bindValue(QStringLiteral(":scope"), RateLimit::scopeName(limit.scope));
    q.bindValue(QStringLiteral(":subject"),
                limit.subject.isNull() ? QStringLiteral("") : limit.subject);
    q.bindValue(QStringLiteral(":kind"), RateLimit::kindName(limit.kind));
    q.bindValue(QStringLiteral(":amount"), limit.amount);
    q.bindValue(QStringLiteral(":window"), limit.windowMs);
    q.bindValue(QStringLiteral(":now"), QDateTime::currentMSecsSinceEpoch());
    if (auto s = sql::exec(q, QStringLiteral("adding a rate limit")); !s)
        return s;
    return q.lastInsertId().toLongLong();
}

Status RateLimitRepository::remove(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM rate_limits WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (auto s = sql::exec(q, QStringLiteral("removing rate limit %1").arg(id)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(
            QStringLiteral("There is no rate limit %1 (llmux limit list shows them).").arg(id));
    return Status::success();
}

} // namespace llmux
