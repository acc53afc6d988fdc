#include "ui/alerts/AlertChannelsModel.h"

#include "ui/alerts/AlertText.h"
#include "ui/common/StatusTone.h"

namespace llmux {

void AlertChannelsModel::setChannels(const QList<AlertChannel> &channels)
{
    beginResetModel();
    m_channels = channels;
    endResetModel();
}

const AlertChannel *AlertChannelsModel::channelAt(int row) const
{
    return row >= 0 && row < m_channels.size() ? &m_channels[row] : nullptr;
}

int AlertChannelsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_channels.size());
}

int AlertChannelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertChannelsModel::data(const QModelIndex &index, int role) const
{
    const AlertChannel *c = channelAt(index.row());
    if (!c)
        return {};
    if (role == Qt::ForegroundRole && index.column() == State)
        return toneBrush(c->enabled ? StatusTone::Good : StatusTone::Neutral);
    if (role == Qt::ToolTipRole && index.column() == Events)
        return AlertText::events(*c);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return c->name;
    case Kind:
        return AlertText::kind(c->kind);
    case Address:
        if (c->kind == AlertChannel::Kind::Email)
            return tr("%1 to %2").arg(c->where, c->to.join(QStringLiteral(", ")));
        return c->where;
    case Events:
        return AlertText::events(*c);
    case State:
        return c->enabled ? tr("On") : tr("Off");
    }
    return {};
}

QVariant AlertChannelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Kind:
        return tr("Kind");
    case Address:
        return tr("Sends to");
    case Events:
        return tr("Events");
    case State:
        return tr("State");
    }
    return {};
}

} // namespace llmux
