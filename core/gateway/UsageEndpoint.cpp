#include "core/gateway/UsageEndpoint.h"

#include "core/limits/RateLimiter.h"
#include "core/translate/TranslationSupport.h"

#include <QTimeZone>
#include <QUrlQuery>

namespace llmux {
namespace {

GatewayError badRequest(const QString &message)
{
    return GatewayError{400, "invalid_request", message, {}};
}

// An ISO 8601 date or time (UTC without a zone), or seconds since the epoch.
std::optional<QDateTime> timeFrom(const QString &text)
{
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        t = d.startOfDay(QTimeZone::utc());
    }
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeZone(QTimeZone::utc());
    return t;
}

QString bounded(const QString &text)
{
    return text.left(64);
}

} // namespace

std::variant<UsageEndpoint::Question, GatewayError>
UsageEndpoint::question(const QByteArray &query, const AcceptedKey &key,
                        const GatewayConfig &config, const QDateTime &now)
{
    const QUrlQuery q(QString::fromUtf8(query));
    Question out;
    out.name = key.name;
    out.keyId = key.id;
    out.keyName = key.name;
    out.projectName = key.projectId ? config.projectNames.value(*key.projectId) : QString();
    const QDate today = now.toUTC().date();
    out.fromMs =
        QDate(today.year(), today.month(), 1).startOfDay(QTimeZone::utc()).toMSecsSinceEpoch();
    out.toMs = now.toMSecsSinceEpoch() + 1;
    for (const auto &[name, target] : {std::pair{"from", &out.fromMs}, {"to", &out.toMs}}) {
        const QString value = q.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
        if (value.isEmpty())
            continue;
        const std::optional<QDateTime> t = timeFrom(value);
        if (!t)
            return badRequest(QStringLiteral("?%1= takes an ISO 8601 date or time (2026-12-01, "
                                             "2026-12-01T08:00:00Z) or seconds since 1970, not "
                                             "'%2'.")
                                  .arg(QString::fromLatin1(name), bounded(value)));
        *target = t->toMSecsSinceEpoch();
    }
    if (out.fromMs >= out.toMs)
        return badRequest(QStringLiteral("?from= must come before ?to=."));
    const QString groupBy = q.queryItemValue(QStringLiteral("group_by"));
    if (groupBy == u"model")
        out.groupBy = KeyUsageQuery::GroupBy::Model;
    else if (!groupBy.isEmpty() && groupBy != u"day")
        return badRequest(
            QStringLiteral("?group_by= takes day or model, not '%1'.").arg(bounded(groupBy)));

    // Not ?key=, which is where Gemini's clients put the key itself.
    const QString otherKey = q.queryItemValue(QStringLiteral("key_name"), QUrl::FullyDecoded);
    const QString project = q.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded);
    const bool all = q.queryItemValue(QStringLiteral("all")) == u"true";
    if ((otherKey.isEmpty() || otherKey == key.name) && project.isEmpty() && !all)
        return out;
    const bool admin = key.permissions && key.permissions->scope() == KeyPermissions::Scope::Admin;
    if (!admin)
        return GatewayError{403,
                            "permission_denied",
                            QStringLiteral("The key '%1' may read only its own usage; an "
                                           "admin-scope key may ask about other keys and "
                                           "projects.")
                                .arg(key.name),
                            {}};
    if (all) {
        out.subject = KeyUsageQuery::Subject::Everyone;
        out.name.clear();
        out.keyName.clear();
        out.projectName.clear();
    } else if (!project.isEmpty()) {
        out.subject = KeyUsageQuery::Subject::Project;
        out.name = bounded(project);
        out.keyName.clear();
        out.projectName = out.name;
    } else {
        out.keyId = 0; // another key, by name
        out.name = bounded(otherKey);
        out.keyName = out.name;
        out.projectName.clear();
        for (const AcceptedKey &k : config.keys)
            if (k.name == out.name && k.projectId)
                out.projectName = config.projectNames.value(*k.projectId);
    }
    return out;
}

QByteArray UsageEndpoint::answer(const Question &question, const QList<KeyUsageQuery::Row> &rows,
                                 const GatewayConfig &config, const BudgetLedger &budgets,
                                 const QDateTime &now)
{
    Json data = Json::array();
    Json totals = {{"requests", 0},          {"errors", 0},     {"prompt_tokens", 0},
                   {"completion_tokens", 0}, {"cost_usd", 0.0}, {"unpriced_tokens", 0}};
    const char *groupKey = question.groupBy == KeyUsageQuery::GroupBy::Day ? "date" : "model";
    for (const KeyUsageQuery::Row &r : rows) {
        data.push_back({{groupKey, r.group.toStdString()},
                        {"requests", r.requests},
                        {"errors", r.errors},
                        {"prompt_tokens", r.promptTokens},
                        {"completion_tokens", r.completionTokens},
                        {"cost_usd", r.cost},
                        {"unpriced_tokens", r.unpricedTokens}});
        for (const char *field :
             {"requests", "errors", "prompt_tokens", "completion_tokens", "unpriced_tokens"})
            totals[field] = totals[field].get<qint64>() + data.back()[field].get<qint64>();
        totals["cost_usd"] = totals["cost_usd"].get<double>() + r.cost;
    }
    // What applies to the key (or project) asked about.
    Json limits = Json::array();
    const LimitedRequest asKey{question.keyName, question.projectName, {}, {}, 0};
    for (const LimitRule &rule : config.limits) {
        const RateLimit &l = rule.limit;
        const bool applies =
            l.scope == RateLimit::Scope::Global ||
            (l.scope == RateLimit::Scope::Key && !question.keyName.isEmpty() &&
             RateLimiter::applies(rule, asKey)) ||
            (l.scope == RateLimit::Scope::Project && RateLimiter::applies(rule, asKey)) ||
            l.scope == RateLimit::Scope::Endpoint || l.scope == RateLimit::Scope::Model;
        if (applies)
            limits.push_back({{"id", l.id},
                              {"applies_to", l.subjectText().toStdString()},
                              {"limit", l.rateText().toStdString()}});
    }
    Json budgetList = Json::array();
    for (const Budget &b : config.budgets) {
        if (!BudgetLedger::applies(b, question.keyName, question.projectName) &&
            question.subject != KeyUsageQuery::Subject::Everyone)
            continue;
        const double spent = budgets.spent(b, now);
        const Budget::Window window = b.periodAround(now);
        budgetList.push_back(
            {{"id", b.id},
             {"applies_to", b.subjectText().toStdString()},
             {"measure", Budget::measureName(b.measure).toStdString()},
             {"period", Budget::periodName(b.period).toStdString()},
             {"amount", b.amount},
             {"spent", spent},
             {"remaining", std::max(0.0, b.amount - spent)},
             {"hard", b.hard},
             {"resets_at", window.end.isValid()
                               ? Json(window.end.toUTC().toString(Qt::ISODate).toStdString())
                               : Json(nullptr)}});
    }
    Json out = {{"object", "usage"},
                {"from", QDateTime::fromMSecsSinceEpoch(question.fromMs, QTimeZone::utc())
                             .toString(Qt::ISODate)
                             .toStdString()},
                {"to", QDateTime::fromMSecsSinceEpoch(question.toMs, QTimeZone::utc())
                           .toString(Qt::ISODate)
                           .toStdString()},
                {"group_by", groupKey == std::string("date") ? "day" : "model"},
                {"totals", totals},
                {"data", data},
                {"limits", limits},
                {"budgets", budgetList}};
    switch (question.subject) {
    case KeyUsageQuery::Subject::Key:
        out["key"] = question.name.toStdString();
        out["project"] = question.projectName.isEmpty() ? Json(nullptr)
                                                        : Json(question.projectName.toStdString());
        break;
    case KeyUsageQuery::Subject::Project:
        out["project"] = question.name.toStdString();
        break;
    case KeyUsageQuery::Subject::Everyone:
        out["all"] = true;
        break;
    }
    return json::toBytes(out);
}

} // namespace llmux
