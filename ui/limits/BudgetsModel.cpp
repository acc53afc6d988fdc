#include "ui/limits/BudgetsModel.h"

#include "ui/common/FillBarDelegate.h"
#include "ui/common/GovernanceText.h"
#include "ui/common/StatusTone.h"

#include <QLocale>

namespace llmux {
namespace {

StatusTone toneOf(const BudgetsModel::Row &r)
{
    if (r.spent >= r.budget.amount)
        return StatusTone::Bad;
    if (r.spent >= 0.8 * r.budget.amount || (r.projected && *r.projected > r.budget.amount))
        return StatusTone::Warning;
    return StatusTone::Good;
}

} // namespace

void BudgetsModel::setRows(const QList<Row> &rows)
{
    // Same budgets in the same order (the live refresh): only the values change.
    bool sameBudgets = rows.size() == m_rows.size();
    for (int i = 0; sameBudgets && i < rows.size(); ++i)
        sameBudgets = rows[i].budget.id == m_rows[i].budget.id;
    if (sameBudgets) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

const BudgetsModel::Row *BudgetsModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

bool BudgetsModel::isBlocked(const Row &row)
{
    return row.budget.hard && row.spent >= row.budget.amount;
}

int BudgetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BudgetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BudgetsModel::data(const QModelIndex &index, int role) const
{
    const Row *r = rowAt(index.row());
    if (!r)
        return {};
    const Budget &b = r->budget;
    const double used = b.amount > 0 ? r->spent / b.amount : 0;
    if (role == FillBarDelegate::FillRole)
        return index.column() == Spent ? QVariant(used) : QVariant();
    if (role == ToneRole && (index.column() == Spent || index.column() == Status))
        return int(toneOf(*r));
    if (role == Qt::ForegroundRole && index.column() == Status)
        return toneBrush(b.measure == Budget::Measure::Usd && r->unpricedTokens > 0 &&
                                 toneOf(*r) == StatusTone::Good
                             ? StatusTone::Warning
                             : toneOf(*r));
    if (role == Qt::ToolTipRole && index.column() == Status && b.measure == Budget::Measure::Usd)
        return tr("Requests to models without a price cost nothing here; give them a price on "
                  "the Models page, or add a token quota.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case AppliesTo:
        return GovernanceText::subjectOf(b);
    case Amount:
        return GovernanceText::amountOf(b);
    case Spent:
        return tr("%1 (%2%)")
            .arg(GovernanceText::value(b, r->spent))
            .arg(QLocale().toString(100 * used, 'f', 0));
    case Left:
        return GovernanceText::value(b, std::max(0.0, b.amount - r->spent));
    case Heading:
        return r->projected ? GovernanceText::value(b, *r->projected) : tr("—");
    case Status: {
        QString status = isBlocked(*r)                              ? tr("Spent: refusing requests")
                         : r->spent >= b.amount                     ? tr("Spent (alerts only)")
                         : r->projected && *r->projected > b.amount ? tr("Heading over")
                                                                    : tr("On track");
        // Never silently free: what this budget could not count is said.
        if (b.measure == Budget::Measure::Usd && r->unpricedTokens > 0)
            status = tr("%1; %2 tokens without a price not counted")
                         .arg(status, QLocale().toString(r->unpricedTokens));
        return status;
    }
    }
    return {};
}

QVariant BudgetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AppliesTo:
        return tr("Budget for");
    case Amount:
        return tr("Amount");
    case Spent:
        return tr("Spent this period");
    case Left:
        return tr("Left");
    case Heading:
        return tr("Heading for");
    case Status:
        return tr("Status");
    }
    return {};
}

} // namespace llmux
