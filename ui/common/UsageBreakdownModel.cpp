#include "ui/common/UsageBreakdownModel.h"

#include <QLocale>

#include <cmath>

namespace llmux {

UsageBreakdownModel::UsageBreakdownModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int UsageBreakdownModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_slices.size());
}

int UsageBreakdownModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void UsageBreakdownModel::setSlices(const QList<UsageSlice> &slices, UsageDimension dimension,
                                    int limit)
{
    beginResetModel();
    m_dimension = dimension;
    m_totalRequests = 0;
    for (const UsageSlice &s : slices)
        m_totalRequests += s.totals.requests;
    m_slices = limit > 0 ? slices.mid(0, limit) : slices;
    endResetModel();
}

QString UsageBreakdownModel::displayName(int row) const
{
    const UsageSlice &s = m_slices.at(row);
    if (!s.name.isEmpty())
        return s.name;
    switch (m_dimension) {
    case UsageDimension::Model:
        return tr("(no model)");
    case UsageDimension::Provider:
        return tr("(no provider reached)");
    case UsageDimension::Key:
        return s.keyId ? tr("Key #%1").arg(*s.keyId) : tr("(no key)");
    }
    return QString();
}

double UsageBreakdownModel::share(int row) const
{
    return m_totalRequests ? double(m_slices.at(row).totals.requests) / double(m_totalRequests) : 0;
}

QString UsageBreakdownModel::formatCost(double usd)
{
    // Cents for ordinary amounts; a small one keeps two significant digits, enough to tell it
    // apart from zero ("$0.0012", not "$0.00") without a column of six decimals.
    int decimals = 2;
    if (usd > 0 && usd < 0.01)
        decimals = qMin(8, 1 - int(std::floor(std::log10(usd))));
    return tr("$%1").arg(QLocale().toString(usd, 'f', decimals));
}

QVariant UsageBreakdownModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_slices.size())
        return {};
    const UsageSlice &s = m_slices.at(index.row());
    const QLocale locale;
    if (role == RawRole) {
        switch (index.column()) {
        case Name:
            return s.name;
        case Requests:
            return s.totals.requests;
        case Tokens:
            return s.totals.tokens();
        case Cost:
            return s.totals.cost;
        case Share:
            return share(index.row());
        }
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return displayName(index.row());
        case Requests:
            return locale.toString(s.totals.requests);
        case Tokens:
            return locale.toString(s.totals.tokens());
        case Cost:
            return formatCost(s.totals.cost);
        case Share:
            return QString(locale.toString(100 * share(index.row()), 'f', 1) + QLatin1Char('%'));
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Name) // the whole name where a narrow column cuts it
            return displayName(index.row());
        if (index.column() == Tokens)
            return tr("%1 in, %2 out")
                .arg(locale.toString(s.totals.promptTokens),
                     locale.toString(s.totals.completionTokens));
        if (index.column() == Requests && s.totals.errors > 0)
            return tr("%1 failed").arg(locale.toString(s.totals.errors));
    }
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant UsageBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant((section == Name ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        switch (m_dimension) {
        case UsageDimension::Model:
            return tr("Model");
        case UsageDimension::Provider:
            return tr("Provider");
        case UsageDimension::Key:
            return tr("Key");
        }
        break;
    case Requests:
        return tr("Requests");
    case Tokens:
        return tr("Tokens");
    case Cost:
        return tr("Cost");
    case Share:
        return tr("Share");
    }
    return {};
}

} // namespace llmux
