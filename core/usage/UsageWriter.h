#pragma once

#include "store/Records.h"

#include <QList>
#include <QObject>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace llmux {

class Database;

// Writes request-log entries to SQLite in batches on its own thread, so no request ever waits for
// the disk. record() only appends to a queue. stop() writes whatever is still queued; entries
// that fail to write stay queued and are tried again.
class UsageWriter : public QObject
{
    Q_OBJECT
public:
    explicit UsageWriter(const Database &db, QObject *parent = nullptr);
    ~UsageWriter() override;

    void start();
    // Flushes everything recorded so far and ends the thread.
    void stop();
    // Thread-safe; never blocks on the database.
    void record(RequestLogEntry entry);
    // Waits until everything recorded before the call has been written (tests, CLI).
    void flush();

Q_SIGNALS:
    // Emitted from the writer thread after each batch is stored.
    void written(const QList<llmux::RequestLogEntry> &entries);
    void writeFailed(const QString &message);

private:
    void run();

    const Database &m_db;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    QList<RequestLogEntry> m_queue;
    quint64 m_recorded = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace llmux
