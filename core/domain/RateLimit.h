#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace llmux {

// One rate limit: at most `amount` requests or tokens in any sliding window of `windowMs`, or at
// most `amount` requests at once, counted for everything (global) or for one endpoint, project,
// key or model (a public name or pattern). A request must pass every limit that applies to it.
struct RateLimit
{
    enum class Scope { Global, Endpoint, Project, Key, Model };
    enum class Kind { Requests, Tokens, Concurrent };

    qint64 id = 0;
    Scope scope = Scope::Global;
    QString subject; // endpoint, project, key or model; empty for global
    Kind kind = Kind::Requests;
    qint64 amount = 0;
    qint64 windowMs = 0; // 0 for concurrent
    QDateTime createdAt;

    static QString scopeName(Scope scope);
    static std::optional<Scope> scopeFromName(const QString &name);
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);

    // "1m", "90s", "1h", "1d" (seconds to a day); nullopt for anything else.
    static std::optional<qint64> windowFromText(const QString &text);
    static QString windowText(qint64 windowMs);
    // "5/1m" as an amount and a window; nullopt when it is not that shape.
    static std::optional<std::pair<qint64, qint64>> rateFromText(const QString &text);

    // "key cherry", "endpoint chat", "everything".
    QString subjectText() const;
    // "5 requests per 1m", "100000 tokens per 1h", "2 requests at once".
    QString rateText() const;
};

} // namespace llmux
