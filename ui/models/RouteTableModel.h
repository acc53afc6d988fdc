#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

#include <QAbstractTableModel>

namespace llmux {

class Database;

// The routes as a table: name or pattern, strategy, a summary of the targets in priority order,
// and an Enabled check box that writes through to the database as it is toggled.
class RouteTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Strategy, Targets, Enabled, ColumnCount };

    explicit RouteTableModel(const Database &db, QObject *parent = nullptr);

    // Reads the routes again; keeps the old rows when that fails.
    Status reload();
    const RouteRecord &record(int row) const { return m_routes.at(row); }
    int rowOf(const QString &pattern) const;

    // "openai/gpt-4o, azure/gpt-4o", with weights when the strategy uses them.
    static QString targetsSummary(const RouteRecord &route);
    static QString strategyLabel(RouteStrategy strategy);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void failed(const QString &message);

private:
    const Database &m_db;
    QList<RouteRecord> m_routes;
};

} // namespace llmux
