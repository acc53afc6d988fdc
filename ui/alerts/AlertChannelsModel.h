#pragma once

#include "core/domain/Alert.h"

#include <QAbstractTableModel>

namespace llmux {

// The alert channels as a table: where each sends, which events it gets, whether it is on.
// Never a secret: addresses are shown without their tokens.
class AlertChannelsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Kind, State, Address, Events, ColumnCount };

    void setChannels(const QList<AlertChannel> &channels);
    const AlertChannel *channelAt(int row) const;

    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<AlertChannel> m_channels;
};

} // namespace llmux
