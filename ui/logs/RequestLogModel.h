#pragma once

#include "core/store/DatabaseWorker.h"
#include "core/store/RequestLogQuery.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <atomic>
#include <functional>
#include <memory>

namespace llmux {

class Database;

// The request log as a table of any size, newest first, for the logs page. Reads on its own
// thread, never on the GUI thread: the count and first page when the filter changes, then blocks
// of rows as the view asks for them (placeholders until they arrive; only the newest request is
// served when the view jumps around). Results of an older filter are dropped. Entries the
// gateway writes later sit above that snapshot: shown at the top, or held back as pending.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Time,
        Status,
        Model,
        Provider,
        UpstreamModel,
        Key,
        Stream,
        Latency,
        Ttfb,
        Tokens,
        Cost,
        Attempts,
        Error,
        ColumnCount
    };
    // Rows per block read at once.
    static constexpr int kBlockRows = 256;
    // True for rows whose entry is loaded.
    static constexpr int LoadedRole = Qt::UserRole + 10;

    RequestLogModel(const Database &db, QObject *parent = nullptr);
    ~RequestLogModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Starts over with a new filter; the rows come back asynchronously (loadingChanged).
    void setFilter(const RequestLogFilter &filter);
    // Reads the log again with the current filter (e.g. after too many pending entries).
    void reload();
    const RequestLogFilter &filter() const { return m_filter; }
    bool isLoading() const { return m_loading; }
    // Rows matching the filter, pending entries not included.
    qint64 totalCount() const { return m_baseCount + m_head.size(); }
    // The entry at a row, or nullptr while its block is still being read.
    const RequestLogEntry *entryAt(int row) const;

    // New entries as the usage writer stored them (oldest first). Those matching the filter go
    // straight to the top when autoInsert is on, else they wait as pending.
    void addEntries(const QList<llmux::RequestLogEntry> &entries);
    void setAutoInsert(bool on);
    int pendingCount() const { return m_pendingCount; }
    // Puts the pending entries at the top (or reloads when there were too many to keep).
    void showPending();

    // Reads the distinct models, providers and key names on the worker thread (choicesLoaded).
    void loadChoices();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalCountChanged(qint64 count);
    void pendingCountChanged(int count);
    void choicesLoaded(const QStringList &models, const QStringList &providers,
                       const QStringList &keys);
    void loadFailed(const QString &message);

private:
    struct Block
    {
        QList<RequestLogEntry> rows;
        quint64 lastUse = 0;
    };

    void want(int block) const;
    void dispatch();
    void storeBlock(int block, QList<RequestLogEntry> rows);
    void insertAtTop(const QList<RequestLogEntry> &newestFirst);
    QVariant display(const RequestLogEntry &e, int column) const;

    mutable DatabaseWorker m_reader;
    std::shared_ptr<std::atomic<quint64>> m_generation;

    RequestLogFilter m_filter;
    bool m_loading = false;
    qint64 m_snapshotId = -1; // -1 while the first read is running
    qint64 m_baseCount = 0;
    QList<RequestLogEntry> m_head;    // above the snapshot, newest first
    QList<RequestLogEntry> m_early;   // arrived before the snapshot was known
    QList<RequestLogEntry> m_pending; // held back, newest first
    int m_pendingCount = 0;
    bool m_pendingOverflow = false;
    bool m_autoInsert = false;

    mutable QHash<int, Block> m_blocks;
    QHash<int, RequestLogCursor> m_firstOf; // block boundaries, kept after eviction
    QHash<int, RequestLogCursor> m_lastOf;
    mutable QList<int> m_wanted; // newest request last
    mutable bool m_dispatchQueued = false;
    mutable quint64 m_useClock = 0;
    int m_inFlight = -1;
};

} // namespace llmux
