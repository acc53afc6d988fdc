#include "ui/logs/RequestLogModel.h"

#include "core/store/Database.h"
#include "ui/common/RequestLogFormat.h"

#include <QDateTime>

#include <algorithm>
#include <limits>

namespace llmux {
namespace {

// Blocks kept in memory (about 16,000 rows); the least recently shown go first.
constexpr int kCachedBlocks = 64;
// Blocks the view asked for and still waits for; older requests are dropped while scrolling.
constexpr int kWantedBlocks = 4;
// Entries held back while the view is scrolled away or the live tail is off; past this the
// model reads the log again instead.
constexpr int kMaxPending = 10000;

RequestLogCursor cursorOf(const RequestLogEntry &e)
{
    return {e.timestampMs, e.id};
}

} // namespace

RequestLogModel::RequestLogModel(const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(db)
    , m_generation(std::make_shared<std::atomic<quint64>>(0))
{
    m_reader.run([](const Database &database) { RequestLogQuery(database).tuneConnection(); });
}

// The reader's destructor interrupts a query still running and joins its thread.
RequestLogModel::~RequestLogModel() = default;

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(std::min<qint64>(m_baseCount + m_head.size(), std::numeric_limits<int>::max()));
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Status:
        return tr("Status");
    case Model:
        return tr("Model");
    case Provider:
        return tr("Provider");
    case UpstreamModel:
        return tr("Upstream model");
    case Key:
        return tr("Key");
    case Stream:
        return tr("Stream");
    case Latency:
        return tr("Latency");
    case Ttfb:
        return tr("First byte");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Attempts:
        return tr("Attempts");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

const RequestLogEntry *RequestLogModel::entryAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    if (row < m_head.size())
        return &m_head.at(row);
    const qint64 base = row - m_head.size();
    const int block = int(base / kBlockRows);
    auto it = m_blocks.find(block);
    if (it == m_blocks.end()) {
        want(block);
        return nullptr;
    }
    it->lastUse = ++m_useClock;
    const int inBlock = int(base % kBlockRows);
    // Rows can go missing when old entries were pruned after the count.
    return inBlock < it->rows.size() ? &it->rows.at(inBlock) : nullptr;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const RequestLogEntry *e = entryAt(index.row());
    if (role == LoadedRole)
        return e != nullptr;
    if (!e)
        return role == Qt::DisplayRole && index.column() == Time ? QStringLiteral("…") : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return display(*e, index.column());
    case Qt::ToolTipRole:
        // The whole value of a cell too narrow for it.
        return index.column() == Error ? QVariant(e->error) : display(*e, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Status)
            return toneBrush(RequestLogFormat::statusTone(*e));
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Status:
        case Latency:
        case Ttfb:
        case Tokens:
        case Cost:
        case Attempts:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    default:
        return {};
    }
}

QVariant RequestLogModel::display(const RequestLogEntry &e, int column) const
{
    switch (column) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timestampMs)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Status:
        return RequestLogFormat::status(e);
    case Model:
        return e.modelRequested;
    case Provider:
        return e.provider;
    case UpstreamModel:
        return e.upstreamModel;
    case Key:
        return e.keyName;
    case Stream:
        return e.stream ? tr("yes") : QString();
    case Latency:
        return RequestLogFormat::latency(e);
    case Ttfb:
        return RequestLogFormat::firstByte(e);
    case Tokens:
        return RequestLogFormat::tokens(e);
    case Cost:
        return RequestLogFormat::cost(e);
    case Attempts:
        return e.attempts;
    case Error:
        return e.error.section(QLatin1Char('\n'), 0, 0);
    default:
        return {};
    }
}

void RequestLogModel::setFilter(const RequestLogFilter &filter)
{
    m_filter = filter;
    reload();
}

void RequestLogModel::reload()
{
    const quint64 generation = ++*m_generation;
    beginResetModel();
    m_blocks.clear();
    m_firstOf.clear();
    m_lastOf.clear();
    m_wanted.clear();
    m_head.clear();
    m_pending.clear();
    m_pendingOverflow = false;
    m_inFlight = -1;
    m_baseCount = 0;
    m_snapshotId = -1;
    endResetModel();
    m_loading = true;
    Q_EMIT loadingChanged(true);
    Q_EMIT totalCountChanged(0);
    if (m_pendingCount != 0) {
        m_pendingCount = 0;
        Q_EMIT pendingCountChanged(0);
    }

    const auto current = m_generation;
    const RequestLogFilter filter = m_filter;
    m_reader.run(
        [current, generation, filter](const Database &db) -> Result<RequestLogFirstPage> {
            if (*current != generation)
                return Result<RequestLogFirstPage>::failure(QString()); // dropped on delivery
            return RequestLogQuery(db).firstPage(filter, kBlockRows);
        },
        this,
        [this, current, generation](const Result<RequestLogFirstPage> &page) {
            if (*current != generation)
                return;
            const QString error = page ? QString() : page.error();
            const qint64 snapshot = page ? page->snapshotId : 0;
            const qint64 count = page ? page->count : 0;
            const QList<RequestLogEntry> first = page ? page->rows : QList<RequestLogEntry>();
            m_loading = false;
            if (!error.isEmpty()) {
                // Nothing to put new entries above: they wait for the next successful read.
                m_early.clear();
                m_snapshotId = std::numeric_limits<qint64>::max();
                Q_EMIT loadingChanged(false);
                Q_EMIT loadFailed(error);
                return;
            }
            beginResetModel();
            m_snapshotId = snapshot;
            m_baseCount = count;
            storeBlock(0, first);
            endResetModel();
            const QList<RequestLogEntry> early = std::exchange(m_early, {});
            addEntries(early);
            Q_EMIT loadingChanged(false);
            Q_EMIT totalCountChanged(totalCount());
            dispatch();
        });
}

void RequestLogModel::want(int block) const
{
    if (block == m_inFlight)
        return;
    m_wanted.removeOne(block);
    m_wanted.append(block);
    while (m_wanted.size() > kWantedBlocks)
        m_wanted.removeFirst();
    if (m_dispatchQueued)
        return;
    m_dispatchQueued = true;
    // Not from inside data(): the view may be painting.
    auto *self = const_cast<RequestLogModel *>(this);
    QMetaObject::invokeMethod(
        self,
        [self] {
            self->m_dispatchQueued = false;
            self->dispatch();
        },
        Qt::QueuedConnection);
}

void RequestLogModel::dispatch()
{
    if (m_inFlight >= 0 || m_loading)
        return;
    int block = -1;
    while (!m_wanted.isEmpty() && block < 0) {
        block = m_wanted.takeLast();
        if (m_blocks.contains(block))
            block = -1;
    }
    if (block < 0)
        return;
    m_inFlight = block;

    const auto current = m_generation;
    const quint64 generation = *m_generation;
    const RequestLogFilter filter = m_filter;
    const qint64 snapshot = m_snapshotId;
    const qint64 total = m_baseCount;
    const std::optional<RequestLogCursor> after =
        m_lastOf.contains(block - 1) ? std::optional(m_lastOf.value(block - 1)) : std::nullopt;
    const std::optional<RequestLogCursor> before =
        m_firstOf.contains(block + 1) ? std::optional(m_firstOf.value(block + 1)) : std::nullopt;
    m_reader.run(
        [current, generation, filter, snapshot, total, after, before,
         block](const Database &db) -> Result<QList<RequestLogEntry>> {
            if (*current != generation)
                return Result<QList<RequestLogEntry>>::failure(QString()); // dropped on delivery
            const RequestLogQuery query(db);
            // Next to a block already read, continue from its edge; elsewhere skip to the
            // position.
            return after ? query.older(filter, snapshot, after, kBlockRows)
                   : before
                       ? query.newer(filter, snapshot, *before, kBlockRows)
                       : query.at(filter, snapshot, qint64(block) * kBlockRows, kBlockRows, total);
        },
        this,
        [this, current, generation, block](const Result<QList<RequestLogEntry>> &rows) {
            if (*current != generation)
                return;
            const QString error = rows ? QString() : rows.error();
            const QList<RequestLogEntry> entries = rows ? *rows : QList<RequestLogEntry>();
            m_inFlight = -1;
            if (!error.isEmpty())
                Q_EMIT loadFailed(error);
            storeBlock(block, entries);
            const int first = int(m_head.size() + qint64(block) * kBlockRows);
            const int last = std::min(first + kBlockRows, rowCount()) - 1;
            if (last >= first)
                Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
            dispatch();
        });
}

void RequestLogModel::storeBlock(int block, QList<RequestLogEntry> rows)
{
    if (!rows.isEmpty()) {
        m_firstOf.insert(block, cursorOf(rows.first()));
        m_lastOf.insert(block, cursorOf(rows.last()));
    }
    m_blocks.insert(block, Block{std::move(rows), ++m_useClock});
    while (m_blocks.size() > kCachedBlocks) {
        auto oldest =
            std::min_element(m_blocks.begin(), m_blocks.end(),
                             [](const Block &a, const Block &b) { return a.lastUse < b.lastUse; });
        m_blocks.erase(oldest);
    }
}

void RequestLogModel::addEntries(const QList<RequestLogEntry> &entries)
{
    if (m_snapshotId < 0) {
        m_early += entries;
        return;
    }
    QList<RequestLogEntry> newestFirst;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it)
        if (it->id > m_snapshotId && m_filter.matches(*it))
            newestFirst << *it;
    if (newestFirst.isEmpty())
        return;
    if (m_autoInsert && m_pendingCount == 0) {
        insertAtTop(newestFirst);
        return;
    }
    m_pendingCount += int(newestFirst.size());
    if (!m_pendingOverflow) {
        m_pending = newestFirst + m_pending;
        if (m_pending.size() > kMaxPending) {
            m_pending.clear();
            m_pendingOverflow = true;
        }
    }
    Q_EMIT pendingCountChanged(m_pendingCount);
    if (m_autoInsert)
        showPending();
}

void RequestLogModel::setAutoInsert(bool on)
{
    m_autoInsert = on;
    if (on && m_pendingCount > 0)
        showPending();
}

void RequestLogModel::showPending()
{
    if (m_pendingCount == 0)
        return;
    if (m_pendingOverflow) {
        reload();
        return;
    }
    insertAtTop(std::exchange(m_pending, {}));
    m_pendingCount = 0;
    Q_EMIT pendingCountChanged(0);
}

void RequestLogModel::insertAtTop(const QList<RequestLogEntry> &newestFirst)
{
    if (newestFirst.isEmpty())
        return;
    beginInsertRows(QModelIndex(), 0, int(newestFirst.size()) - 1);
    m_head = newestFirst + m_head;
    endInsertRows();
    Q_EMIT totalCountChanged(totalCount());
}

void RequestLogModel::loadChoices()
{
    struct Choices
    {
        QStringList models, providers, keys;
        QString error;
    };
    m_reader.run(
        [](const Database &db) {
            const RequestLogQuery query(db);
            const auto models = query.distinctValues(RequestLogQuery::Column::Model);
            const auto providers = query.distinctValues(RequestLogQuery::Column::Provider);
            const auto keys = query.distinctValues(RequestLogQuery::Column::KeyName);
            Choices c;
            c.error = !models      ? models.error()
                      : !providers ? providers.error()
                      : !keys      ? keys.error()
                                   : QString();
            c.models = models ? *models : QStringList();
            c.providers = providers ? *providers : QStringList();
            c.keys = keys ? *keys : QStringList();
            return c;
        },
        this,
        [this](const Choices &c) {
            if (!c.error.isEmpty())
                Q_EMIT loadFailed(c.error);
            Q_EMIT choicesLoaded(c.models, c.providers, c.keys);
        });
}

} // namespace llmux
