#include "ui/models/RouteTargetsModel.h"

#include "core/services/ModelCatalog.h"

#include <QComboBox>
#include <QSpinBox>

namespace llmux {

RouteTargetsModel::RouteTargetsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RouteTargetsModel::setProviders(const QList<ProviderRecord> &providers)
{
    m_providers = providers;
}

void RouteTargetsModel::setTargets(const QList<RouteTargetRecord> &targets)
{
    beginResetModel();
    m_targets = targets;
    endResetModel();
}

int RouteTargetsModel::addTarget(const RouteTargetRecord &target)
{
    const int row = int(m_targets.size());
    beginInsertRows({}, row, row);
    m_targets << target;
    endInsertRows();
    return row;
}

void RouteTargetsModel::removeTarget(int row)
{
    if (row < 0 || row >= m_targets.size())
        return;
    beginRemoveRows({}, row, row);
    m_targets.removeAt(row);
    endRemoveRows();
}

int RouteTargetsModel::moveTarget(int row, int by)
{
    const int to = row + by;
    if (row < 0 || row >= m_targets.size() || to < 0 || to >= m_targets.size() || by == 0)
        return row;
    // Qt's destination is the row the moved one lands before, counted before the move.
    if (!beginMoveRows({}, row, row, {}, by > 0 ? to + 1 : to))
        return row;
    m_targets.move(row, to);
    endMoveRows();
    return to;
}

int RouteTargetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

int RouteTargetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RouteTargetsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_targets.size())
        return {};
    const RouteTargetRecord &t = m_targets.at(index.row());
    if (role == ProviderIdRole)
        return t.providerId;
    if (role == Qt::DisplayRole && index.column() == Provider && t.providerId == 0)
        return tr("(pick a provider)");
    if (role == Qt::DisplayRole && index.column() == Model && t.upstreamModel.isEmpty())
        return tr("(type the model name)");
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Provider:
        return t.providerName;
    case Model:
        return t.upstreamModel;
    case Weight:
        return t.weight;
    default:
        return {};
    }
}

QVariant RouteTargetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Weight:
        return tr("Weight");
    default:
        return {};
    }
}

Qt::ItemFlags RouteTargetsModel::flags(const QModelIndex &index) const
{
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

bool RouteTargetsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= m_targets.size() || role != Qt::EditRole)
        return false;
    RouteTargetRecord &t = m_targets[index.row()];
    switch (index.column()) {
    case Provider: {
        // By id from the delegate, by name from anyone else.
        bool isId = false;
        const qint64 id = value.toLongLong(&isId);
        for (const ProviderRecord &p : std::as_const(m_providers))
            if ((isId && p.id == id) ||
                p.name.compare(value.toString(), Qt::CaseInsensitive) == 0) {
                t.providerId = p.id;
                t.providerName = p.name;
                emit dataChanged(index, index);
                return true;
            }
        return false;
    }
    case Model:
        t.upstreamModel = value.toString().trimmed();
        break;
    case Weight:
        t.weight = value.toInt();
        break;
    default:
        return false;
    }
    emit dataChanged(index, index);
    return true;
}

QWidget *RouteTargetDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    const auto *targets = qobject_cast<const RouteTargetsModel *>(index.model());
    if (targets && index.column() == RouteTargetsModel::Provider) {
        auto *combo = new QComboBox(parent);
        for (const ProviderRecord &p : targets->providers())
            combo->addItem(p.name, p.id);
        return combo;
    }
    if (index.column() == RouteTargetsModel::Weight) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(1, ModelCatalog::kMaxWeight);
        return spin;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void RouteTargetDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(combo->findData(index.data(RouteTargetsModel::ProviderIdRole)));
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void RouteTargetDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                       const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        if (combo->currentIndex() >= 0)
            model->setData(index, combo->currentData());
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace llmux
