#pragma once

#include "core/common/Clock.h"
#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace llmux {

class Database;
class RequestLogRepository;
class RequestLogSpool;

// Writes request-log entries to SQLite in batches on its own thread, so no request ever waits for
// the disk. record() only journals the entry in a memory-mapped spool (which survives the process
// being killed) and appends it to a queue. start() first replays what an earlier run journaled
// but never stored. stop() writes whatever is still queued; entries that fail to write stay
// queued and are tried again.
class RequestLogWriter : public QObject
{
    Q_OBJECT
public:
    // clock: when pruning is due again (entries' own times are wall-clock times).
    explicit RequestLogWriter(const Database &db, Clock &clock = Clock::system(),
                              QObject *parent = nullptr);
    ~RequestLogWriter() override;

    // Replays what the spool kept from an earlier run, then starts the writer thread.
    void start();
    // Flushes everything recorded so far and ends the thread.
    void stop();
    // Thread-safe; never blocks on the database. Bounds the entry's texts first.
    void record(RequestLogEntry entry);
    // Waits until everything recorded before the call has been written (tests, CLI).
    void flush();
    // Entries older than this many days are deleted, a small batch at a time between writes,
    // soon after start and then hourly on the clock. 0 keeps everything.
    void setRetentionDays(int days);

Q_SIGNALS:
    // Emitted from the writer thread after each batch is stored.
    void written(const QList<llmux::RequestLogEntry> &entries);
    void writeFailed(const QString &message);

private:
    void run();
    // Opens the spool and stores what it kept from an earlier run.
    void replaySpool();
    // Inserts a batch, with the spool mark it reaches.
    Status store(QList<RequestLogEntry> &batch, const QList<quint64> &sequences);
    // Deletes one batch of expired entries when due; a full batch keeps pruning due.
    void pruneExpired(RequestLogRepository &repository);

    const Database &m_db;
    Clock &m_clock;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    QList<RequestLogEntry> m_queue;
    QList<quint64> m_queueSequences; // each entry's spool sequence (0: not journaled)
    std::unique_ptr<RequestLogSpool> m_spool;
    quint64 m_recorded = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    std::atomic<int> m_retentionDays{0};
    std::atomic<bool> m_retentionChanged{false};
    qint64 m_nextPruneMs = 0; // on m_clock; writer thread only
    std::thread m_thread;
};

} // namespace llmux
