#include "core/store/ResponseStore.h"

#include "core/common/Clock.h"
#include "core/store/Database.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcResponses, "llmux.responses", QtInfoMsg)

// What memory keeps besides the database: enough for every conversation in progress.
constexpr qint64 kRecentBytes = 32LL * 1024 * 1024;
constexpr qint64 kPruneEveryMs = 60 * 1000;

// Entries created before this are past their retention (0 days: none).
qint64 cutoffMs(int retentionDays)
{
    return retentionDays > 0
               ? QDateTime::currentMSecsSinceEpoch() - qint64(retentionDays) * 86400000
               : 0;
}

qint64 sizeOf(const ResponseStore::Entry &e)
{
    return e.input.size() + e.response.size() + e.id.size() * 2 + e.previousId.size() * 2 + 64;
}

} // namespace

// The writer thread's object: jobs posted to it run there, in order.
class ResponseStore::Writer : public QObject
{};

ResponseStore::ResponseStore(const Database &db, Clock &clock)
    : m_db(db)
    , m_clock(clock)
{}

ResponseStore::~ResponseStore()
{
    stop();
}

void ResponseStore::start()
{
    if (m_thread)
        return;
    m_thread = new QThread();
    m_thread->setObjectName(QStringLiteral("llmux-responses"));
    m_writer = new Writer();
    m_writer->moveToThread(m_thread);
    m_thread->start();
}

void ResponseStore::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_writer,
        [this] {
            m_db.releaseThreadConnection();
            delete m_writer;
        },
        Qt::BlockingQueuedConnection);
    m_writer = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void ResponseStore::flush()
{
    if (m_writer)
        QMetaObject::invokeMethod(
            m_writer, [] {}, Qt::BlockingQueuedConnection);
}

void ResponseStore::setLimits(int retentionDays, qint64 maxBytes)
{
    QMutexLocker lock(&m_mutex);
    m_retentionDays = retentionDays;
    m_maxBytes = maxBytes;
}

void ResponseStore::remember(const Entry &entry)
{
    if (const auto old = m_recent.constFind(entry.id); old != m_recent.cend())
        m_recentBytes -= sizeOf(*old);
    else
        m_recentOrder.push_back(entry.id);
    m_recent.insert(entry.id, entry);
    m_recentBytes += sizeOf(entry);
    while (m_recentBytes > kRecentBytes && !m_recentOrder.empty()) {
        const QString oldest = m_recentOrder.front();
        m_recentOrder.pop_front();
        if (const auto it = m_recent.constFind(oldest); it != m_recent.cend()) {
            m_recentBytes -= sizeOf(*it);
            m_recent.erase(it);
        }
    }
}

void ResponseStore::put(Entry entry)
{
    {
        QMutexLocker lock(&m_mutex);
        m_removed.remove(entry.id);
        remember(entry);
    }
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, [this, entry = std::move(entry)] { write(entry); });
}

std::optional<ResponseStore::Entry> ResponseStore::find(const QString &id, qint64 keyId) const
{
    qint64 cutoff = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (m_removed.contains(id))
            return std::nullopt;
        cutoff = cutoffMs(m_retentionDays);
        if (const auto it = m_recent.constFind(id); it != m_recent.cend())
            return it->keyId == keyId && it->createdMs >= cutoff ? std::optional<Entry>(*it)
                                                                 : std::nullopt;
    }
    // Older ones are on disk (this thread's connection; WAL lets it read beside the writer).
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT key_id, previous_id, created_ms, input, response FROM "
                             "responses WHERE id = :id AND key_id = :key"));
    q.bindValue(QStringLiteral(":id"), id);
    q.bindValue(QStringLiteral(":key"), keyId);
    if (!q.exec()) {
        qCWarning(lcResponses) << "cannot read a stored response:" << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next() || q.value(2).toLongLong() < cutoff)
        return std::nullopt;
    Entry e;
    e.id = id;
    e.keyId = q.value(0).toLongLong();
    e.previousId = q.value(1).toString();
    e.createdMs = q.value(2).toLongLong();
    e.input = q.value(3).toByteArray();
    e.response = q.value(4).toByteArray();
    return e;
}

bool ResponseStore::remove(const QString &id, qint64 keyId)
{
    if (!find(id, keyId))
        return false;
    {
        QMutexLocker lock(&m_mutex);
        m_removed.insert(id);
        if (const auto it = m_recent.constFind(id); it != m_recent.cend()) {
            m_recentBytes -= sizeOf(*it);
            m_recent.erase(it);
        }
    }
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, [this, id] { erase(id); });
    return true;
}

void ResponseStore::write(const Entry &e)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO responses (id, key_id, previous_id, "
                             "created_ms, input, response, bytes) VALUES (:id, :key, :previous, "
                             ":created, :input, :response, :bytes)"));
    q.bindValue(QStringLiteral(":id"), e.id);
    q.bindValue(QStringLiteral(":key"), e.keyId);
    q.bindValue(QStringLiteral(":previous"), e.previousId);
    q.bindValue(QStringLiteral(":created"), e.createdMs);
    q.bindValue(QStringLiteral(":input"), e.input);
    q.bindValue(QStringLiteral(":response"), e.response);
    q.bindValue(QStringLiteral(":bytes"), e.input.size() + e.response.size());
    if (!q.exec())
        qCWarning(lcResponses) << "cannot store response" << e.id << q.lastError().text();
    if (const qint64 now = m_clock.nowMs(); now >= m_nextPruneMs) {
        m_nextPruneMs = now + kPruneEveryMs;
        prune();
    }
}

void ResponseStore::erase(const QString &id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM responses WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        qCWarning(lcResponses) << "cannot delete response" << id << q.lastError().text();
    QMutexLocker lock(&m_mutex);
    m_removed.remove(id);
}

void ResponseStore::prune()
{
    int days = 0;
    qint64 maxBytes = 0;
    {
        QMutexLocker lock(&m_mutex);
        days = m_retentionDays;
        maxBytes = m_maxBytes;
    }
    QSqlQuery q(m_db.connection());
    if (days > 0) {
        q.prepare(QStringLiteral("DELETE FROM responses WHERE created_ms < :cutoff"));
        q.bindValue(QStringLiteral(":cutoff"), cutoffMs(days));
        q.exec();
    }
    // Over the size limit: the oldest go until it holds.
    if (!q.exec(QStringLiteral("SELECT COALESCE(SUM(bytes), 0) FROM responses")) || !q.next())
        return;
    qint64 excess = q.value(0).toLongLong() - maxBytes;
    if (excess <= 0)
        return;
    QSqlQuery oldest(m_db.connection());
    oldest.exec(QStringLiteral("SELECT id, bytes FROM responses ORDER BY created_ms"));
    QStringList doomed;
    while (excess > 0 && oldest.next()) {
        doomed << oldest.value(0).toString();
        excess -= oldest.value(1).toLongLong();
    }
    oldest.finish();
    for (const QString &id : std::as_const(doomed))
        erase(id);
    QMutexLocker lock(&m_mutex);
    for (const QString &id : std::as_const(doomed))
        if (const auto it = m_recent.constFind(id); it != m_recent.cend()) {
            m_recentBytes -= sizeOf(*it);
            m_recent.erase(it);
        }
}

} // namespace llmux
