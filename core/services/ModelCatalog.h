#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

namespace llmux {

class Database;

// What is wrong with a model alias or a route about to be saved. Each front end (CLI, desktop)
// words it in its own terms; the checks themselves live only in ModelCatalog.
struct CatalogIssue
{
    enum class Kind {
        None,
        EmptyName,
        NoProvider,         // an alias or a target without a provider
        EmptyUpstreamModel, // an alias or a target without the provider's model name
        NegativePrice,
        ModelExists, // another alias has this name
        RouteExists, // another route has this name
        NameIsModel, // a route named like an alias, which would hide it
        NameIsRoute, // an alias named like a route, which it would hide
        NoTargets,
        WeightOutOfRange,
        StarWithoutPattern, // a target model with '*' under a name with no '*' to fill it
    };

    Kind kind = Kind::None;
    QString name;      // the public name concerned
    int target = -1;   // index of the route target concerned, -1 for none
    ModelRecord model; // the alias in the way (ModelExists, NameIsModel)
    RouteRecord route; // the route in the way (RouteExists, NameIsRoute)

    bool isNone() const { return kind == Kind::None; }
};

// Public model names, aliases and routes alike, form one namespace that clients ask for. This
// class holds the rules an alias or a route must follow before it is saved, so that the CLI and
// the desktop app accept exactly the same configuration. It only reads; saving stays with
// ModelRepository and RouteRepository.
class ModelCatalog
{
public:
    static constexpr int kMaxWeight = 1000;

    explicit ModelCatalog(const Database &db)
        : m_db(db)
    {}

    // The record's own fields, without looking at the database.
    static CatalogIssue checkModelFields(const ModelRecord &model);
    static CatalogIssue checkRouteFields(const RouteRecord &route);

    // The fields, then the names already in use. `editingId` is the id of the alias or route
    // being changed (its own name is not in the way), 0 when adding.
    Result<CatalogIssue> checkModel(const ModelRecord &model, qint64 editingId = 0) const;
    Result<CatalogIssue> checkRoute(const RouteRecord &route, qint64 editingId = 0) const;

private:
    const Database &m_db;
};

} // namespace llmux
