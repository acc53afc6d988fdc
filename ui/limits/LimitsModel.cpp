#include "ui/limits/LimitsModel.h"

#include "ui/common/FillBarDelegate.h"
#include "ui/common/GovernanceText.h"
#include "ui/common/StatusTone.h"

#include <QLocale>

namespace llmux {
namespace {

StatusTone toneOf(const LimitsModel::Row &r)
{
    if (LimitsModel::isFull(r))
        return StatusTone::Bad;
    if (r.inUse >= 0.8 * double(r.limit.amount))
        return StatusTone::Warning;
    return StatusTone::Good;
}

} // namespace

void LimitsModel::setRows(const QList<Row> &rows)
{
    bool sameLimits = rows.size() == m_rows.size();
    for (int i = 0; sameLimits && i < rows.size(); ++i)
        sameLimits = rows[i].limit.id == m_rows[i].limit.id;
    if (sameLimits) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

const LimitsModel::Row *LimitsModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int LimitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LimitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LimitsModel::data(const QModelIndex &index, int role) const
{
    const Row *r = rowAt(index.row());
    if (!r)
        return {};
    if (role == FillBarDelegate::FillRole)
        return index.column() == InUse && r->limit.amount > 0
                   ? QVariant(double(r->inUse) / double(r->limit.amount))
                   : QVariant();
    if (role == ToneRole && (index.column() == InUse || index.column() == Status))
        return int(toneOf(*r));
    if (role == Qt::ForegroundRole && index.column() == Status)
        return toneBrush(toneOf(*r));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case AppliesTo:
        return GovernanceText::subjectOf(r->limit);
    case Limit:
        return GovernanceText::rateOf(r->limit);
    case InUse:
        return tr("%1 of %2")
            .arg(QLocale().toString(r->inUse), QLocale().toString(r->limit.amount));
    case Status:
        return isFull(*r)                          ? tr("Full: refusing requests")
               : toneOf(*r) == StatusTone::Warning ? tr("Nearly full")
                                                   : tr("Room to spare");
    }
    return {};
}

QVariant LimitsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AppliesTo:
        return tr("Applies to");
    case Limit:
        return tr("Limit");
    case InUse:
        return tr("In use now");
    case Status:
        return tr("Status");
    }
    return {};
}

} // namespace llmux
