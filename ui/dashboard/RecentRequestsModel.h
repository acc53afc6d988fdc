#pragma once

#include "core/domain/Records.h"

#include <QAbstractTableModel>

namespace llmux {

// The newest request-log entries, newest first, for a table view. Fed with batches as the usage
// writer stores them; keeps at most a few hundred rows. Never touches the database itself.
class RecentRequestsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Time,
        Key,
        Model,
        Provider,
        Status,
        Latency,
        Ttfb,
        Tokens,
        Cost,
        Error,
        ColumnCount
    };

    explicit RecentRequestsModel(int capacity = 500, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Entries in the order they were written (oldest first); shown newest first.
    void prepend(const QList<llmux::RequestLogEntry> &entries);
    const RequestLogEntry &entryAt(int row) const { return m_rows.at(row); }

private:
    QList<RequestLogEntry> m_rows;
    int m_capacity;
};

} // namespace llmux
