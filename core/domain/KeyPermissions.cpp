#include "core/domain/KeyPermissions.h"

#include "core/domain/ModelPattern.h"

#include <algorithm>

namespace llmux {
namespace {

// Model names are matched only up to this length: a name is never longer (RequestShaper refuses
// longer ones), and a long one is no reason to run every pattern over it.
constexpr qsizetype kMaxMatchedName = 256;

} // namespace

QStringList KeyPermissions::endpointNames()
{
    return {QStringLiteral("chat"),   QStringLiteral("messages"),   QStringLiteral("responses"),
            QStringLiteral("gemini"), QStringLiteral("embeddings"), QStringLiteral("completions"),
            QStringLiteral("models"), QStringLiteral("usage")};
}

QStringList KeyPermissions::scopeNames()
{
    return {QStringLiteral("inference"), QStringLiteral("read"), QStringLiteral("admin")};
}

QString KeyPermissions::scopeName(Scope scope)
{
    return scopeNames().at(int(scope));
}

std::optional<KeyPermissions::Scope> KeyPermissions::scopeFromName(const QString &name)
{
    const qsizetype index = scopeNames().indexOf(name.trimmed().toLower());
    return index < 0 ? std::nullopt : std::optional(Scope(index));
}

QString KeyPermissions::problemWith(const QStringList &models, const QStringList &endpoints)
{
    for (const QString &model : models) {
        if (model.isEmpty() || model.size() > kMaxMatchedName)
            return QStringLiteral("A model name or pattern must have 1 to %1 characters.")
                .arg(kMaxMatchedName);
        for (const QChar c : model)
            if (c.isSpace() || c == QLatin1Char(','))
                return QStringLiteral("'%1' is not a model name or pattern (no spaces or commas; "
                                      "give each with its own option).")
                    .arg(model);
    }
    for (const QString &endpoint : endpoints)
        if (!endpointNames().contains(endpoint))
            return QStringLiteral("'%1' is not an endpoint LLMux knows; use %2.")
                .arg(endpoint, endpointNames().join(QStringLiteral(", ")));
    return QString();
}

KeyPermissions::KeyPermissions(QStringList models, QStringList endpoints, Scope scope)
    : m_models(std::move(models))
    , m_endpoints(std::move(endpoints))
    , m_scope(scope)
{
    for (const QString &model : std::as_const(m_models))
        m_patterns << ModelPattern::compile(model);
}

QString KeyPermissions::endpointRefusal(const QString &endpoint) const
{
    if (m_scope == Scope::Read && endpoint != u"models" && endpoint != u"usage")
        return QStringLiteral("it has the read scope: models and usage only");
    if (!m_endpoints.isEmpty() && !m_endpoints.contains(endpoint))
        return QStringLiteral("it may use only the endpoints %1")
            .arg(m_endpoints.join(QStringLiteral(", ")));
    return QString();
}

bool KeyPermissions::allowsModel(const QString &publicName) const
{
    if (m_patterns.isEmpty())
        return true;
    if (publicName.size() > kMaxMatchedName)
        return false;
    return std::any_of(m_patterns.cbegin(), m_patterns.cend(),
                       [&](const QRegularExpression &p) { return p.match(publicName).hasMatch(); });
}

QString KeyPermissions::modelRefusal(const QString &publicName) const
{
    if (allowsModel(publicName))
        return QString();
    return QStringLiteral("it may use only the models %1").arg(m_models.join(QStringLiteral(", ")));
}

} // namespace llmux
