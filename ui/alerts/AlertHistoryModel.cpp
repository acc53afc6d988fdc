#include "ui/alerts/AlertHistoryModel.h"

#include "ui/alerts/AlertText.h"
#include "ui/common/StatusTone.h"
#include "ui/theme/CoreMessages.h"

#include <QLocale>

namespace llmux {
namespace {

int failures(const AlertRecord &r)
{
    return int(std::count_if(r.deliveries.cbegin(), r.deliveries.cend(),
                             [](const AlertDelivery &d) { return !d.ok; }));
}

} // namespace

void AlertHistoryModel::setRecords(const QList<AlertRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

const AlertRecord *AlertHistoryModel::recordAt(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records[row] : nullptr;
}

int AlertHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int AlertHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertHistoryModel::data(const QModelIndex &index, int role) const
{
    const AlertRecord *r = recordAt(index.row());
    if (!r)
        return {};
    if (role == Qt::ForegroundRole && index.column() == Delivered && !r->deliveries.isEmpty())
        return toneBrush(failures(*r) == 0 ? StatusTone::Good : StatusTone::Bad);
    if (role == Qt::ToolTipRole) {
        if (index.column() == Alert)
            return r->alert.text();
        if (index.column() == Delivered) {
            QStringList lines;
            for (const AlertDelivery &d : r->deliveries)
                lines << QStringLiteral("%1: %2").arg(d.channel, d.answer);
            return lines.join(QLatin1Char('\n'));
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(r->alert.at.toLocalTime(), QLocale::ShortFormat);
    case Event:
        return AlertText::event(r->alert.event);
    case Alert:
        return CoreMessages::translate(r->alert.title);
    case Delivered:
        if (r->deliveries.isEmpty())
            return tr("No channel wanted it");
        if (const int failed = failures(*r); failed > 0)
            return tr("%1 of %2 channels failed").arg(failed).arg(r->deliveries.size());
        return tr("Sent to %n channel(s)", nullptr, int(r->deliveries.size()));
    }
    return {};
}

QVariant AlertHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Event:
        return tr("Event");
    case Alert:
        return tr("Alert");
    case Delivered:
        return tr("Delivered");
    }
    return {};
}

} // namespace llmux
