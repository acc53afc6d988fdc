#pragma once

#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace llmux {

// What one gateway key may use: which public model names (exact names or patterns with '*' and
// '?', matched case-insensitively), which endpoints, and its scope. Empty lists allow everything.
// The gateway asks before it reads a body (endpoint) and before it resolves a model; the model
// lists clients read show only what is allowed.
class KeyPermissions
{
public:
    enum class Scope {
        Inference, // the default: every endpoint it is allowed
        Read,      // models and usage only
        Admin,     // also the management API
    };

    // The endpoint names permissions use, in the order people read them.
    static QStringList endpointNames();
    static QStringList scopeNames();
    static QString scopeName(Scope scope);
    static std::optional<Scope> scopeFromName(const QString &name);
    // What is wrong with lists about to be saved (an unknown endpoint, a pattern with spaces),
    // or empty.
    static QString problemWith(const QStringList &models, const QStringList &endpoints);

    KeyPermissions() = default;
    KeyPermissions(QStringList models, QStringList endpoints, Scope scope);

    bool restrictsAnything() const
    {
        return !m_models.isEmpty() || !m_endpoints.isEmpty() || m_scope != Scope::Inference;
    }
    // Why the key may not use this endpoint (one of endpointNames()), or empty when it may.
    QString endpointRefusal(const QString &endpoint) const;
    bool allowsModel(const QString &publicName) const;
    // Why the key may not use this model, or empty when it may.
    QString modelRefusal(const QString &publicName) const;

    const QStringList &models() const { return m_models; }
    const QStringList &endpoints() const { return m_endpoints; }
    Scope scope() const { return m_scope; }

private:
    QStringList m_models;
    QList<QRegularExpression> m_patterns; // compiled m_models
    QStringList m_endpoints;
    Scope m_scope = Scope::Inference;
};

} // namespace llmux
