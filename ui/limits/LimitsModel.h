#pragma once

#include "core/domain/RateLimit.h"

#include <QAbstractTableModel>

namespace llmux {

// Every rate limit with how full it is now (live, from the gateway's counters).
class LimitsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AppliesTo, Limit, InUse, Status, ColumnCount };

    struct Row
    {
        RateLimit limit{};
        qint64 inUse = 0;
    };
    void setRows(const QList<Row> &rows);
    const Row *rowAt(int row) const;
    // A full limit refuses the next request it applies to.
    static bool isFull(const Row &row) { return row.inUse >= row.limit.amount; }

    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace llmux
