#pragma once

#include "core/domain/ProviderTimeouts.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace llmux {

// What LLMux is configured with and what it records: providers, models, routes, keys, health
// checks and request-log entries. The store reads and writes them; every layer above uses them.

struct ProviderRecord
{
    qint64 id = 0;
    QString name;
    QString kind;
    QString baseUrl;
    // Name of an environment variable that holds the API key (headless machines); empty when
    // the key lives in the OS keychain.
    QString apiKeyEnv;
    bool secretInKeychain = false;
    ProviderTimeouts timeouts;
    bool enabled = true;
    QDateTime createdAt;
    // "" (direct), "system", or proxy URLs separated by spaces, tried in order.
    QString proxy;
    QString noProxy;
    // How a Responses API request reaches it (OpenAI-compatible kinds; the others always
    // translate): "auto" (try the provider's own /responses once, remember whether it has one),
    // "native" or "translate".
    QString responsesApi = QStringLiteral("auto");

    static QStringList responsesApiModes()
    {
        return {QStringLiteral("auto"), QStringLiteral("native"), QStringLiteral("translate")};
    }
};

struct ModelPrice
{
    double inputPerMillion = 0;
    double outputPerMillion = 0;
};

struct ModelRecord
{
    qint64 id = 0;
    QString publicName;
    qint64 providerId = 0;
    QString providerName;
    QString upstreamModel;
    std::optional<ModelPrice> price;
    bool enabled = true;
    QDateTime createdAt;
};

// An extra API key of a provider, beside the one on its own row: a key pool that LLMux spreads
// requests over and takes keys out of when they are rejected or rate limited.
struct ProviderKeyRecord
{
    qint64 id = 0;
    qint64 providerId = 0;
    QString label;
    QString apiKeyEnv; // empty when the key lives in the OS keychain
    bool secretInKeychain = false;
    QDateTime createdAt;
};

// How a route picks among its targets.
enum class RouteStrategy { Failover, RoundRobin, Weighted, Latency, Cost };

QString routeStrategyName(RouteStrategy strategy);
std::optional<RouteStrategy> routeStrategyFromName(const QString &name);
QStringList routeStrategyNames();

struct RouteTargetRecord
{
    qint64 providerId = 0;
    QString providerName;
    // May contain '*', replaced by what the '*' of a wildcard route matched.
    QString upstreamModel;
    int weight = 1;
};

// A public model name (exact, or a pattern with '*' and '?') served by several targets.
struct RouteRecord
{
    qint64 id = 0;
    QString pattern;
    RouteStrategy strategy = RouteStrategy::Failover;
    QList<RouteTargetRecord> targets;
    bool enabled = true;
    QDateTime createdAt;
};

// One health check of one provider key: the cheapest authenticated call, and how it went.
struct HealthCheckRecord
{
    qint64 id = 0;
    qint64 timestampMs = 0;
    qint64 providerId = 0;
    QString providerName;
    qint64 keyId = 0; // 0: the provider's own key
    QString proxy;    // the proxy the check went through, empty: directly
    bool ok = false;
    int status = 0; // HTTP status, 0 when there was none
    double latencyMs = 0;
    QString error;
};

// A group of gateway keys (a team, a customer, a tool) whose usage, limits and budgets can be
// taken together.
struct ProjectRecord
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt;
    int keyCount = 0; // live keys in it, when listed
};

struct GatewayKeyRecord
{
    qint64 id = 0;
    QString name;
    QByteArray keyHash;
    QString displayPrefix;
    QDateTime createdAt;
    QDateTime expiresAt;
    bool disabled = false;
    QDateTime revokedAt;
    std::optional<qint64> projectId;
    QString projectName;
    // What the key may use (KeyPermissions); empty lists allow everything.
    QStringList allowedModels;
    QStringList allowedEndpoints;
    QString scope = QStringLiteral("inference");

    bool isRevoked() const { return revokedAt.isValid(); }
    bool isExpired(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
    bool isUsable(const QDateTime &now) const
    {
        return !disabled && !isRevoked() && !isExpired(now);
    }
};

// One request as the gateway saw it; the usage writer stores these in batches.
struct RequestLogEntry
{
    qint64 id = 0;
    qint64 timestampMs = 0;
    std::optional<qint64> keyId;
    QString keyName;
    QString endpoint;
    QString modelRequested;
    QString provider;
    QString upstreamModel;
    bool stream = false;
    int status = 0;
    double latencyMs = 0;
    std::optional<double> ttfbMs;
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    std::optional<double> cost;
    QString error;
    bool clientDisconnected = false;
    // Upstream attempts made for this request (1 when the first one answered), and why each
    // attempt before the one that served failed, a line per attempt.
    int attempts = 1;
    QString attemptErrors;
    // The client's own session, when it names one (Claude Code's X-Claude-Code-Session-Id,
    // Codex's session-id): the requests of one agent session can be filtered together.
    QString session;
    // Not stored: the route whose every target failed this request (the gateway answered with
    // its own failure), for the alert center; empty otherwise, and in entries replayed from the
    // spool after a restart.
    QString exhaustedRoute{};
};

} // namespace llmux
