#pragma once

#include "core/domain/Budget.h"

#include <QAbstractTableModel>

#include <optional>

namespace llmux {

// Every budget with what it has spent in its period (live, from the gateway's ledger), what is
// left, where the period is heading and whether it refuses requests now.
class BudgetsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AppliesTo, Amount, Spent, Left, Heading, Status, ColumnCount };

    struct Row
    {
        Budget budget{};
        double spent = 0;
        std::optional<double> projected{};
        // A US$ budget: tokens this period on models without a price, which it cannot count.
        qint64 unpricedTokens = 0;
    };
    void setRows(const QList<Row> &rows);
    const Row *rowAt(int row) const;
    // Whether it refuses requests now (hard and spent).
    static bool isBlocked(const Row &row);

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
