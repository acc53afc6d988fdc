#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>

#include <deque>
#include <optional>

class QThread;

namespace llmux {

class Clock;
class Database;

// The Responses API's stored responses (store: true), for previous_response_id and GET/DELETE
// /v1/responses/{id}: each turn's own input and the response as its client got it, linked to the
// turn before, scoped to the gateway key that made it. Kept in the database so that conversations
// survive restarts, and in memory too, so that the next turn finds a response its client has just
// received before it reaches the disk. Writes go to a thread of their own; any thread may read.
// Bounded by age and total size (the oldest go first).
class ResponseStore
{
public:
    struct Entry
    {
        QString id;
        qint64 keyId = 0; // 0: requests without a key (a gateway that needs none)
        QString previousId;
        qint64 createdMs = 0;
        QByteArray input;    // JSON array: the items this turn added
        QByteArray response; // JSON: the response object, output included
    };

    ResponseStore(const Database &db, Clock &clock);
    ~ResponseStore();
    ResponseStore(const ResponseStore &) = delete;
    ResponseStore &operator=(const ResponseStore &) = delete;

    void start();
    // Writes what is queued, then stops the writer.
    void stop();

    void put(Entry entry);
    // The entry when it exists and belongs to keyId.
    std::optional<Entry> find(const QString &id, qint64 keyId) const;
    // Whether there was such an entry for keyId.
    bool remove(const QString &id, qint64 keyId);
    // retentionDays 0 keeps them until the size limit removes them.
    void setLimits(int retentionDays, qint64 maxBytes);
    // Waits until everything put so far is on disk (tests, shutdown).
    void flush();

private:
    void write(const Entry &entry);
    void erase(const QString &id);
    void prune();
    void remember(const Entry &entry); // with m_mutex held

    const Database &m_db;
    Clock &m_clock;
    QThread *m_thread = nullptr;
    class Writer;
    Writer *m_writer = nullptr; // lives on m_thread

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_recent;    // the newest entries, by id
    std::deque<QString> m_recentOrder; // oldest first
    qint64 m_recentBytes = 0;
    QSet<QString> m_removed; // deleted in memory, maybe not yet on disk
    int m_retentionDays = 30;
    qint64 m_maxBytes = 256LL * 1024 * 1024;
    qint64 m_nextPruneMs = 0;
};

} // namespace llmux
