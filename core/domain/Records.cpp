#include "core/domain/Records.h"

namespace llmux {
namespace {

struct StrategyName
{
    RouteStrategy strategy;
    const char *name;
};

// The names the CLI and the database use.
constexpr StrategyName kStrategies[] = {
    {RouteStrategy::Failover, "failover"}, {RouteStrategy::RoundRobin, "round-robin"},
    {RouteStrategy::Weighted, "weighted"}, {RouteStrategy::Latency, "latency"},
    {RouteStrategy::Cost, "cost"},
};

} // namespace

QString routeStrategyName(RouteStrategy strategy)
{
    for (const StrategyName &s : kStrategies)
        if (s.strategy == strategy)
            return QLatin1String(s.name);
    return QStringLiteral("failover");
}

std::optional<RouteStrategy> routeStrategyFromName(const QString &name)
{
    for (const StrategyName &s : kStrategies)
        if (name.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return s.strategy;
    return std::nullopt;
}

QStringList routeStrategyNames()
{
    QStringList names;
    for (const StrategyName &s : kStrategies)
        names << QLatin1String(s.name);
    return names;
}

} // namespace llmux
