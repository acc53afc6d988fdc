#pragma once

#include "core/domain/Records.h"

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

namespace llmux {

// The targets of a route being edited, in priority order: provider, model and weight, each
// editable in place. Knows the configured providers so a target's provider is picked, not typed.
class RouteTargetsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Provider, Model, Weight, ColumnCount };
    static constexpr int ProviderIdRole = Qt::UserRole + 1;

    explicit RouteTargetsModel(QObject *parent = nullptr);

    void setProviders(const QList<ProviderRecord> &providers);
    const QList<ProviderRecord> &providers() const { return m_providers; }
    void setTargets(const QList<RouteTargetRecord> &targets);
    const QList<RouteTargetRecord> &targets() const { return m_targets; }

    // Appends a target and returns its row.
    int addTarget(const RouteTargetRecord &target);
    void removeTarget(int row);
    // Moves a target one place up (-1) or down (+1); returns its new row.
    int moveTarget(int row, int by);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    QList<ProviderRecord> m_providers;
    QList<RouteTargetRecord> m_targets;
};

// Edits a target's provider with a list of the configured ones and its weight within the range
// the catalog accepts.
class RouteTargetDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
};

} // namespace llmux
