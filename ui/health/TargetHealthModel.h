#pragma once

#include "core/config/GatewayConfig.h"
#include "core/routing/RoutingState.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

namespace llmux {

class Gateway;

// One row per target of every route, wildcard route and single-target model alias: its circuit
// breaker's state, why, recent failures and measured latency. Polls the gateway's RoutingState
// while active and rebuilds its rows when the configuration changes; data() never locks.
class TargetHealthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Route, Target, State, Failures, Latency, Reason, ColumnCount };
    static constexpr int kPollMs = 2000;

    explicit TargetHealthModel(Gateway *gateway, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Polls every kPollMs while active (a view shows the model); refreshes at once when turned on.
    void setActive(bool active);

public Q_SLOTS:
    void refresh();

private:
    enum class Kind { Route, Wildcard, Alias };
    struct Row
    {
        QString route;
        Kind kind = Kind::Route;
        RouteStrategy strategy = RouteStrategy::Failover;
        QString target;
        QString stateId; // empty when the upstream model depends on the requested name
        RoutingState::TargetHealth health;
        QDateTime openUntil; // wall-clock end of an open circuit
    };
    void rebuild(const GatewayConfig &config);
    QString stateText(const Row &row) const;
    QString routeToolTip(const Row &row) const;

    Gateway *m_gateway;
    GatewayConfigPtr m_config; // the snapshot the rows were built from
    QList<Row> m_rows;
    QTimer m_poll;
};

} // namespace llmux
