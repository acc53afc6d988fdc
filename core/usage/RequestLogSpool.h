#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"
#include "core/store/RequestLogRepository.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QLockFile>
#include <QString>

#include <memory>
#include <mutex>
#include <optional>

namespace llmux {

// A journal of request-log entries that are answered but not yet in the database, kept in a
// memory-mapped file beside it. Appending is a copy into shared memory, no system call and no
// disk wait; the kernel keeps those pages when the process is killed, even with SIGKILL, so the
// next start replays whatever the database did not get. Two halves are written in turn, each
// from its start; a half is reused only once everything in it is stored. Sequence numbers start
// afresh each run (named by a random run id in the file's header); the database remembers, in
// the same transaction as each batch, the last sequence it stored, so nothing is replayed twice.
// One process uses a spool file at a time (an flock on it, which the kernel releases when the
// process ends); a second gateway on the same data folder takes the next free one. Thread-safe.
class RequestLogSpool
{
public:
    struct Record
    {
        quint64 sequence = 0;
        RequestLogEntry entry;
    };
    using Mark = RequestLogRepository::SpoolMark;

    ~RequestLogSpool();

    // Opens (creating it when needed) the first free spool file for the database at dbPath, and
    // reads what its last run left. Call takeLeftovers() to replay, then start().
    Status open(const QString &dbPath, qint64 halfBytes = kDefaultHalfBytes);
    bool isOpen() const { return m_map != nullptr; }
    // What the previous run on this file recorded, with the mark the database holds for it
    // ({} when the spool has never been marked).
    QList<Record> leftovers() const { return m_leftovers; }
    qint64 leftoverRunId() const { return m_leftoverRunId; }
    QString name() const { return m_name; }
    // Begins a new run: a fresh run id, an empty journal.
    void start();

    // Journals an entry under the next sequence number and returns it; 0 when the spool is not
    // open or both halves still hold unstored entries (the entry then lives only in memory).
    quint64 append(const RequestLogEntry &entry);
    // The same for an entry already serialize()d (outside any lock of the caller's).
    quint64 appendSerialized(const QByteArray &payload);
    // Everything up to this sequence is in the database.
    void markStored(quint64 sequence);
    Mark markFor(quint64 sequence) const { return {m_name, m_runId, sequence}; }

    static constexpr qint64 kDefaultHalfBytes = 2 * 1024 * 1024;

    // The record format, for the spool's own reading and its tests.
    static QByteArray serialize(const RequestLogEntry &entry);
    static std::optional<RequestLogEntry> deserialize(QByteArrayView payload);

private:
    bool lockExclusively(const QString &path);
    void readHalf(int half, QList<Record> &out) const;
    uchar *halfStart(int half) const;

    QFile m_file;
    std::unique_ptr<QLockFile> m_lock; // where there is no flock()
    uchar *m_map = nullptr;
    qint64 m_halfBytes = 0;
    QString m_name;
    QList<Record> m_leftovers;
    qint64 m_leftoverRunId = 0;

    mutable std::mutex m_mutex;
    qint64 m_runId = 0;
    int m_half = 0;             // being written
    qint64 m_offset = 0;        // next write position within it
    quint64 m_next = 1;         // next sequence number
    quint64 m_stored = 0;       // the database has everything up to here
    quint64 m_otherHighest = 0; // the highest sequence in the other half
    quint64 m_skipped = 0;      // entries that found the spool full
};

} // namespace llmux
