#include "ui/dashboard/RecentRequestsModel.h"

#include "ui/common/RequestLogFormat.h"

#include <QDateTime>

namespace llmux {

RecentRequestsModel::RecentRequestsModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{}

int RecentRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Key:
        return tr("Key");
    case Model:
        return tr("Model");
    case Provider:
        return tr("Provider");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case Ttfb:
        return tr("First byte");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

QVariant RecentRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const RequestLogEntry &e = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Status)
        return toneBrush(RequestLogFormat::statusTone(e));
    if (role == Qt::TextAlignmentRole && (index.column() == Latency || index.column() == Ttfb ||
                                          index.column() == Cost || index.column() == Status))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("HH:mm:ss"));
    case Key:
        return e.keyName;
    case Model:
        return RequestLogFormat::modelRoute(e);
    case Provider:
        return e.provider;
    case Status:
        return RequestLogFormat::status(e);
    case Latency:
        return RequestLogFormat::latency(e);
    case Ttfb:
        return RequestLogFormat::firstByte(e);
    case Tokens:
        return RequestLogFormat::tokens(e);
    case Cost:
        return RequestLogFormat::cost(e);
    case Error:
        return e.error;
    default:
        return {};
    }
}

void RecentRequestsModel::prepend(const QList<RequestLogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const int count = int(qMin<qsizetype>(entries.size(), m_capacity));
    beginInsertRows(QModelIndex(), 0, count - 1);
    for (int i = int(entries.size()) - count; i < entries.size(); ++i)
        m_rows.prepend(entries.at(i));
    endInsertRows();
    if (m_rows.size() > m_capacity) {
        beginRemoveRows(QModelIndex(), m_capacity, int(m_rows.size()) - 1);
        m_rows.resize(m_capacity);
        endRemoveRows();
    }
}

} // namespace llmux
