#include "core/services/ModelCatalog.h"

#include "core/domain/ModelPattern.h"
#include "core/store/ModelRepository.h"
#include "core/store/RouteRepository.h"

namespace llmux {
namespace {

CatalogIssue issue(CatalogIssue::Kind kind, const QString &name, int target = -1)
{
    CatalogIssue i;
    i.kind = kind;
    i.name = name;
    i.target = target;
    return i;
}

bool sameName(const QString &a, const QString &b)
{
    // The tables compare names with COLLATE NOCASE, the resolver case-insensitively.
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// What a clash with an existing alias or route is called, and which one is being edited (its
// own name is no clash; 0 for none).
struct Clash
{
    CatalogIssue::Kind kind;
    qint64 editingId;
};

// The first alias, then route, other than the one being edited that already has the name.
Result<CatalogIssue> nameInUse(const Database &db, const QString &name, Clash withModel,
                               Clash withRoute)
{
    const auto models = ModelRepository(db).list();
    if (!models)
        return models.status();
    for (const ModelRecord &m : models.value())
        if (m.id != withModel.editingId && sameName(m.publicName, name)) {
            CatalogIssue i = issue(withModel.kind, name);
            i.model = m;
            return i;
        }
    const auto routes = RouteRepository(db).list();
    if (!routes)
        return routes.status();
    for (const RouteRecord &r : routes.value())
        if (r.id != withRoute.editingId && sameName(r.pattern, name)) {
            CatalogIssue i = issue(withRoute.kind, name);
            i.route = r;
            return i;
        }
    return CatalogIssue{};
}

} // namespace

CatalogIssue ModelCatalog::checkModelFields(const ModelRecord &model)
{
    using Kind = CatalogIssue::Kind;
    const QString name = model.publicName.trimmed();
    if (name.isEmpty())
        return issue(Kind::EmptyName, name);
    if (model.providerId <= 0)
        return issue(Kind::NoProvider, name);
    if (model.upstreamModel.trimmed().isEmpty())
        return issue(Kind::EmptyUpstreamModel, name);
    if (model.price && (model.price->inputPerMillion < 0 || model.price->outputPerMillion < 0))
        return issue(Kind::NegativePrice, name);
    return {};
}

CatalogIssue ModelCatalog::checkRouteFields(const RouteRecord &route)
{
    using Kind = CatalogIssue::Kind;
    const QString name = route.pattern.trimmed();
    if (name.isEmpty())
        return issue(Kind::EmptyName, name);
    if (route.targets.isEmpty())
        return issue(Kind::NoTargets, name);
    const bool captures = ModelPattern::isPattern(name) && name.contains(QLatin1Char('*'));
    for (int i = 0; i < route.targets.size(); ++i) {
        const RouteTargetRecord &t = route.targets.at(i);
        if (t.providerId <= 0)
            return issue(Kind::NoProvider, name, i);
        if (t.upstreamModel.trimmed().isEmpty())
            return issue(Kind::EmptyUpstreamModel, name, i);
        if (t.weight < 1 || t.weight > kMaxWeight)
            return issue(Kind::WeightOutOfRange, name, i);
        if (!captures && t.upstreamModel.contains(QLatin1Char('*')))
            return issue(Kind::StarWithoutPattern, name, i);
    }
    return {};
}

Result<CatalogIssue> ModelCatalog::checkModel(const ModelRecord &model, qint64 editingId) const
{
    using Kind = CatalogIssue::Kind;
    if (CatalogIssue fields = checkModelFields(model); !fields.isNone())
        return fields;
    // An alias wins over a route of the same name; adding one would silently take the route over.
    return nameInUse(m_db, model.publicName.trimmed(), {Kind::ModelExists, editingId},
                     {Kind::NameIsRoute, 0});
}

Result<CatalogIssue> ModelCatalog::checkRoute(const RouteRecord &route, qint64 editingId) const
{
    using Kind = CatalogIssue::Kind;
    if (CatalogIssue fields = checkRouteFields(route); !fields.isNone())
        return fields;
    // An alias wins over a route of the same name, so such a route would never serve anything.
    return nameInUse(m_db, route.pattern.trimmed(), {Kind::NameIsModel, 0},
                     {Kind::RouteExists, editingId});
}

} // namespace llmux
