#include "ui/health/TargetHealthModel.h"

#include "core/gateway/Gateway.h"
#include "ui/common/StatusTone.h"

#include <algorithm>

namespace llmux {
namespace {

bool byName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) < 0;
}

} // namespace

TargetHealthModel::TargetHealthModel(Gateway *gateway, QObject *parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &TargetHealthModel::refresh);
    connect(gateway, &Gateway::configReloaded, this, &TargetHealthModel::refresh);
    refresh();
}

int TargetHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TargetHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TargetHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Failures && m_config)
        return tr("Failed / all requests in the last %1 s").arg(m_config->breaker.windowMs / 1000);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Route:
        return tr("Model name");
    case Target:
        return tr("Target");
    case State:
        return tr("Circuit");
    case Failures:
        return tr("Failures");
    case Latency:
        return tr("Latency");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}

QVariant TargetHealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const RoutingState::TargetHealth &h = row.health;
    StatusTone tone = StatusTone::Neutral;
    if (!row.stateId.isEmpty()) {
        switch (h.state) {
        case CircuitBreaker::State::Closed:
            tone = StatusTone::Good;
            break;
        case CircuitBreaker::State::HalfOpen:
            tone = StatusTone::Warning;
            break;
        case CircuitBreaker::State::Open:
            tone = StatusTone::Bad;
            break;
        }
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Route:
            return role == Qt::ToolTipRole ? routeToolTip(row) : row.route;
        case Target:
            return row.target;
        case State:
            return stateText(row);
        case Failures:
            return h.windowRequests
                       ? tr("%1 of %n failed", nullptr, h.windowRequests).arg(h.windowFailures)
                       : QString();
        case Latency:
            return h.latencyMs > 0 ? tr("%1 ms").arg(qRound(h.latencyMs)) : QString();
        case Reason:
            return row.stateId.isEmpty() ? tr("Tracked separately for each requested model")
                                         : h.reason;
        default:
            return {};
        }
    case Qt::ForegroundRole:
        return index.column() == State ? QVariant(toneBrush(tone)) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == Failures || index.column() == Latency)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ToneRole:
        return int(tone);
    default:
        return {};
    }
}

QString TargetHealthModel::stateText(const Row &row) const
{
    if (row.stateId.isEmpty())
        return tr("per model");
    switch (row.health.state) {
    case CircuitBreaker::State::Closed:
        return tr("healthy");
    case CircuitBreaker::State::HalfOpen:
        return tr("probing");
    case CircuitBreaker::State::Open:
        return tr("circuit open until %1").arg(row.openUntil.toString(QStringLiteral("HH:mm:ss")));
    }
    return {};
}

QString TargetHealthModel::routeToolTip(const Row &row) const
{
    switch (row.kind) {
    case Kind::Route:
        return tr("Route, strategy: %1").arg(routeStrategyName(row.strategy));
    case Kind::Wildcard:
        return tr("Wildcard route, strategy: %1").arg(routeStrategyName(row.strategy));
    case Kind::Alias:
        return tr("Model alias");
    }
    return {};
}

void TargetHealthModel::setActive(bool active)
{
    if (active) {
        refresh();
        m_poll.start();
    } else {
        m_poll.stop();
    }
}

void TargetHealthModel::rebuild(const GatewayConfig &config)
{
    QList<Row> rows;
    auto addRoute = [&rows](const llmux::Route &route, Kind kind) {
        for (const ModelTarget &target : route.targets) {
            Row row;
            row.route = route.name;
            row.kind = kind;
            row.strategy = route.strategy;
            row.target = target.displayName();
            // A wildcard target like "openai/gpt-4o*" has one breaker per model it stands for.
            if (!target.upstreamModel.contains(QLatin1Char('*')))
                row.stateId = target.stateId();
            rows.append(row);
        }
    };
    auto routes = config.routes.values();
    std::sort(routes.begin(), routes.end(),
              [](const llmux::Route &a, const llmux::Route &b) { return byName(a.name, b.name); });
    for (const llmux::Route &route : std::as_const(routes))
        addRoute(route, Kind::Route);
    for (const WildcardRoute &wildcard : config.wildcardRoutes)
        addRoute(wildcard.route, Kind::Wildcard);
    QList<ModelRecord> aliases = config.modelRecords;
    std::sort(aliases.begin(), aliases.end(), [](const ModelRecord &a, const ModelRecord &b) {
        return byName(a.publicName, b.publicName);
    });
    for (const ModelRecord &alias : std::as_const(aliases)) {
        const auto it = config.models.constFind(alias.publicName.toLower());
        if (it != config.models.cend())
            addRoute({alias.publicName, RouteStrategy::Failover, {*it}}, Kind::Alias);
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void TargetHealthModel::refresh()
{
    const GatewayConfigPtr config = m_gateway->currentConfig();
    if (config != m_config) {
        m_config = config;
        if (config) {
            rebuild(*config);
        } else {
            beginResetModel();
            m_rows.clear();
            endResetModel();
        }
    }
    if (m_rows.isEmpty() || !m_config)
        return;
    RoutingState *routing = m_gateway->routingState();
    const qint64 nowMs = routing->nowMs();
    const QDateTime wallNow = QDateTime::currentDateTime();
    for (Row &row : m_rows) {
        if (row.stateId.isEmpty())
            continue;
        row.health = routing->targetHealth(row.stateId, nowMs, m_config->breaker);
        row.openUntil = wallNow.addMSecs(row.health.openUntilMs - nowMs);
    }
    Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace llmux
