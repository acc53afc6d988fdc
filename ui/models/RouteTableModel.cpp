#include "ui/models/RouteTableModel.h"

#include "core/domain/ModelPattern.h"
#include "core/store/RouteRepository.h"

namespace llmux {

RouteTableModel::RouteTableModel(const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{}

Status RouteTableModel::reload()
{
    auto routes = RouteRepository(m_db).list();
    if (!routes)
        return routes.status();
    beginResetModel();
    m_routes = routes.value();
    endResetModel();
    return Status::success();
}

int RouteTableModel::rowOf(const QString &pattern) const
{
    for (int row = 0; row < m_routes.size(); ++row)
        if (m_routes.at(row).pattern.compare(pattern, Qt::CaseInsensitive) == 0)
            return row;
    return -1;
}

QString RouteTableModel::strategyLabel(RouteStrategy strategy)
{
    switch (strategy) {
    case RouteStrategy::Failover:
        return tr("Failover");
    case RouteStrategy::RoundRobin:
        return tr("Round robin");
    case RouteStrategy::Weighted:
        return tr("Weighted");
    case RouteStrategy::Latency:
        return tr("Lowest latency");
    case RouteStrategy::Cost:
        return tr("Lowest cost");
    }
    return routeStrategyName(strategy);
}

QString RouteTableModel::targetsSummary(const RouteRecord &route)
{
    // Targets go with their provider when it is removed.
    if (route.targets.isEmpty())
        return tr("No targets: their providers were removed");
    QStringList parts;
    for (const RouteTargetRecord &t : route.targets) {
        const QString target = t.providerName + QLatin1Char('/') + t.upstreamModel;
        parts << (route.strategy == RouteStrategy::Weighted ? tr("%1 ×%2").arg(target).arg(t.weight)
                                                            : target);
    }
    return parts.join(QStringLiteral(", "));
}

int RouteTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int RouteTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RouteTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_routes.size())
        return {};
    const RouteRecord &r = m_routes.at(index.row());
    if (role == Qt::CheckStateRole && index.column() == Enabled)
        return r.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        if (index.column() == Name && ModelPattern::isPattern(r.pattern))
            return tr("A pattern: serves every model name it matches");
        if (index.column() == Targets)
            return targetsSummary(r);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return r.pattern;
    case Strategy:
        return strategyLabel(r.strategy);
    case Targets:
        return targetsSummary(r);
    default:
        return {};
    }
}

QVariant RouteTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name or pattern");
    case Strategy:
        return tr("Strategy");
    case Targets:
        return tr("Targets, in order");
    case Enabled:
        return tr("Enabled");
    default:
        return {};
    }
}

Qt::ItemFlags RouteTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Enabled)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RouteTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Enabled || role != Qt::CheckStateRole ||
        index.row() >= m_routes.size())
        return false;
    RouteRecord &r = m_routes[index.row()];
    const bool enabled = value.toInt() == Qt::Checked;
    if (const Status s = RouteRepository(m_db).setEnabled(r.pattern, enabled); !s) {
        emit failed(enabled ? tr("Could not turn route “%1” on: %2").arg(r.pattern, s.error())
                            : tr("Could not turn route “%1” off: %2").arg(r.pattern, s.error()));
        return false;
    }
    r.enabled = enabled;
    emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    return true;
}

} // namespace llmux
