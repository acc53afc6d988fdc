#include "core/usage/RequestLogWriter.h"

#include "core/store/Database.h"
#include "core/store/RequestLogRepository.h"
#include "core/usage/RequestLogSpool.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>

namespace llmux {
namespace {
constexpr auto kBatchInterval = std::chrono::milliseconds(200);
constexpr qsizetype kBatchSize = 512;
constexpr qint64 kPruneIntervalMs = 3600 * 1000;
constexpr int kPruneBatch = 5000;
} // namespace

RequestLogWriter::RequestLogWriter(const Database &db, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_nextPruneMs(clock.nowMs())
{}

RequestLogWriter::~RequestLogWriter()
{
    stop();
}

void RequestLogWriter::replaySpool()
{
    if (m_spool)
        return;
    auto spool = std::make_unique<RequestLogSpool>();
    if (const Status opened = spool->open(m_db.path()); !opened) {
        Q_EMIT writeFailed(opened.error());
        return; // entries live in memory only until stored, as without a spool
    }
    RequestLogRepository repository(m_db);
    const Result<std::optional<RequestLogRepository::SpoolMark>> mark =
        repository.spoolMark(spool->name());
    if (!mark) {
        Q_EMIT writeFailed(mark.error());
        return; // leave its contents for a start that can read the database
    }
    QList<RequestLogEntry> replay;
    quint64 last = 0;
    const bool sameRun = mark.value() && mark.value()->runId == spool->leftoverRunId();
    for (const RequestLogSpool::Record &r : spool->leftovers()) {
        if (sameRun && r.sequence <= mark.value()->sequence)
            continue;
        replay.append(r.entry);
        last = r.sequence;
    }
    if (!replay.isEmpty()) {
        const Status stored = repository.insertBatch(
            replay, RequestLogRepository::SpoolMark{spool->name(), spool->leftoverRunId(), last});
        if (!stored) {
            Q_EMIT writeFailed(stored.error());
            return;
        }
        Q_EMIT written(replay);
    }
    spool->start();
    m_spool = std::move(spool);
}

void RequestLogWriter::start()
{
    if (m_thread.joinable())
        return;
    replaySpool();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread = std::thread([this] { run(); });
}

void RequestLogWriter::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void RequestLogWriter::record(RequestLogEntry entry)
{
    RequestLogRepository::bound(entry);
    // Serialized before the lock: other workers record meanwhile.
    const QByteArray journaled = m_spool ? RequestLogSpool::serialize(entry) : QByteArray();
    bool wakeNow = false;
    {
        std::lock_guard lock(m_mutex);
        // Journaled under the queue's lock, so sequences follow the queue's order.
        m_queueSequences.append(m_spool ? m_spool->appendSerialized(journaled) : 0);
        m_queue.append(std::move(entry));
        ++m_recorded;
        wakeNow = m_queue.size() >= kBatchSize;
    }
    if (wakeNow)
        m_wake.notify_one();
}

void RequestLogWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_recorded;
    if (!m_thread.joinable()) {
        lock.unlock();
        // Not running: write on the caller's thread.
        QList<RequestLogEntry> batch;
        QList<quint64> sequences;
        {
            std::lock_guard again(m_mutex);
            batch.swap(m_queue);
            sequences.swap(m_queueSequences);
        }
        if (!store(batch, sequences).ok()) {
            // Kept for the next try, ahead of newer entries, as the writer thread does.
            std::lock_guard again(m_mutex);
            batch.append(m_queue);
            m_queue.swap(batch);
            sequences.append(m_queueSequences);
            m_queueSequences.swap(sequences);
        }
        return;
    }
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_written >= target || !m_thread.joinable(); });
}

void RequestLogWriter::setRetentionDays(int days)
{
    if (m_retentionDays.exchange(days) != days)
        m_retentionChanged = true;
}

void RequestLogWriter::pruneExpired(RequestLogRepository &repository)
{
    const int days = m_retentionDays.load();
    const qint64 now = m_clock.nowMs();
    if (m_retentionChanged.exchange(false))
        m_nextPruneMs = now; // a new policy applies now
    if (days <= 0 || now < m_nextPruneMs)
        return;
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - qint64(days) * 86400000;
    const Result<int> deleted = repository.deleteOlderThan(cutoff, kPruneBatch);
    if (!deleted) {
        Q_EMIT writeFailed(deleted.error());
        m_nextPruneMs = now + kPruneIntervalMs;
        return;
    }
    if (*deleted < kPruneBatch)
        m_nextPruneMs = now + kPruneIntervalMs;
}

Status RequestLogWriter::store(QList<RequestLogEntry> &batch, const QList<quint64> &sequences)
{
    if (batch.isEmpty())
        return Status::success();
    RequestLogRepository repository(m_db);
    // The newest journaled entry of the batch: sequences grow along the queue.
    const auto journaled =
        std::find_if(sequences.crbegin(), sequences.crend(), [](quint64 s) { return s != 0; });
    std::optional<RequestLogRepository::SpoolMark> mark;
    if (m_spool && journaled != sequences.crend())
        mark = m_spool->markFor(*journaled);
    Status status = repository.insertBatch(batch, mark);
    if (status && mark)
        m_spool->markStored(mark->sequence);
    return status;
}

void RequestLogWriter::run()
{
    RequestLogRepository repository(m_db);
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait_for(lock, kBatchInterval,
                        [&] { return m_stopping || m_queue.size() >= kBatchSize; });
        const bool stopping = m_stopping;
        QList<RequestLogEntry> batch;
        QList<quint64> sequences;
        batch.swap(m_queue);
        sequences.swap(m_queueSequences);
        lock.unlock();
        bool stored = true;
        if (!batch.isEmpty()) {
            const Status status = store(batch, sequences);
            stored = status.ok();
            if (stored)
                Q_EMIT written(batch);
            else
                Q_EMIT writeFailed(status.error());
        }
        // Old entries go a batch per round (every 200 ms at most) so writes never wait long.
        if (!stopping)
            pruneExpired(repository);
        lock.lock();
        if (stored) {
            m_written += quint64(batch.size());
        } else {
            // Keep them for the next round, ahead of newer entries.
            batch.append(m_queue);
            m_queue.swap(batch);
            sequences.append(m_queueSequences);
            m_queueSequences.swap(sequences);
        }
        m_flushed.notify_all();
        if (stopping && (m_queue.isEmpty() || !stored))
            break;
    }
    lock.unlock();
    m_db.releaseThreadConnection();
}

} // namespace llmux
