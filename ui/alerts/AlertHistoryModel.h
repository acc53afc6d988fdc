#pragma once

#include "core/domain/Alert.h"

#include <QAbstractTableModel>

namespace llmux {

// The alerts sent, newest first, and whether every channel took each one (what each answered
// in the tooltip).
class AlertHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Event, Alert, Delivered, ColumnCount };

    void setRecords(const QList<AlertRecord> &records);
    const AlertRecord *recordAt(int row) const;

    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<AlertRecord> m_records;
};

} // namespace llmux
