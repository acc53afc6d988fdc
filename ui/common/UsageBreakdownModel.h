#pragma once

#include "core/store/UsageQuery.h"

#include <QAbstractTableModel>

namespace llmux {

// Usage grouped by model, provider or key for a table: name, requests, tokens, cost and share of
// requests, biggest first. Holds query results; never reads the database.
class UsageBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Requests, Tokens, Cost, Share, ColumnCount };
    // The unformatted value of a cell (numbers as numbers, share as a fraction).
    static constexpr int RawRole = Qt::UserRole + 1;

    explicit UsageBreakdownModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Keeps at most `limit` rows when limit > 0 (the dashboard's top models).
    void setSlices(const QList<UsageSlice> &slices, UsageDimension dimension, int limit = 0);
    const QList<UsageSlice> &slices() const { return m_slices; }
    UsageDimension dimension() const { return m_dimension; }
    // The slice's name for people: its name, or what an empty one means for the dimension.
    QString displayName(int row) const;
    double share(int row) const;

    static QString formatCost(double usd);

private:
    QList<UsageSlice> m_slices;
    UsageDimension m_dimension = UsageDimension::Model;
    qint64 m_totalRequests = 0;
};

} // namespace llmux
