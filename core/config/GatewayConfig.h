#pragma once

#include "core/domain/Alert.h"
#include "core/domain/Budget.h"
#include "core/domain/KeyPermissions.h"
#include "core/domain/ModelCapabilities.h"
#include "core/domain/ModelPattern.h"
#include "core/domain/RateLimit.h"
#include "core/domain/Records.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QUrl>

#include <memory>
#include <optional>

namespace llmux {

// One API key of a provider as the gateway uses it: the secret read from the keychain or the
// environment, or why there is none. Id 0 is the key on the provider's own row; the others are
// its extra keys (provider_keys).
struct ProviderKey
{
    qint64 id = 0;
    QString label;
    QByteArray secret;
    QString problem;
    // Names this key's health (cooldowns, rejections) in RoutingState; changes with the secret,
    // so a replaced key starts healthy.
    QString stateId;
};

// One proxy a provider's requests may go through, its password read from the keychain.
struct ProxyEndpoint
{
    QNetworkProxy proxy;
    QString display;      // scheme://[user@]host:port, never the password
    QString credentialId; // names its password in the keychain
    QString problem;      // why it cannot be used (unreadable setting, password missing)
    QString stateId;      // names its health in RoutingState
};

// A provider as the gateway uses it: its record, its keys (the first being its own; a provider
// that needs no key has one key with an empty secret) and the proxies to reach it through, in
// order (none: directly).
struct ProviderEndpoint
{
    ProviderRecord record;
    QUrl baseUrl;
    QList<ProviderKey> keys;
    QList<ProxyEndpoint> proxies;
};

struct ModelTarget
{
    std::shared_ptr<const ProviderEndpoint> provider;
    QString upstreamModel;
    std::optional<ModelPrice> price;
    int weight = 1;
    // What the model can take (presets with the user's edits over them).
    ModelCapabilities capabilities{};

    // Names this target's health (circuit breaker, latency) in RoutingState.
    QString stateId() const
    {
        return QString::number(provider->record.id) + QLatin1Char('|') + upstreamModel;
    }
    QString displayName() const { return provider->record.name + QLatin1Char('/') + upstreamModel; }
};

// What a model name resolves to: the targets that can serve it and how to choose among them.
struct Route
{
    QString name;
    RouteStrategy strategy = RouteStrategy::Failover;
    QList<ModelTarget> targets;
};

// A route whose public name is a pattern ("gpt-4o*"); '*' in a target's upstream model stands for
// what the pattern's first '*' matched.
struct WildcardRoute
{
    Route route;
    QRegularExpression pattern;
};

// How hard the gateway tries before it gives a client an error.
struct RetryPolicy
{
    int maxAttempts = 4;     // upstream attempts per request, the first included
    int deadlineMs = 600000; // no new attempt starts later than this after the request arrived
    int backoffBaseMs = 250; // before retrying a target already tried: base·2^n, with jitter
    int backoffMaxMs = 4000;
    int defaultCooldownMs = 10000; // a rate-limited key without a Retry-After rests this long
};

// When a target stops being tried: after consecutive failures, or a failure rate over a window.
struct BreakerPolicy
{
    int consecutiveFailures = 5;
    double failureRate = 0.5;
    int minimumRequests = 10; // in the window, before the rate counts
    int windowMs = 60000;
    int openMs = 30000; // doubles each time a probe fails, up to maxOpenMs
    int maxOpenMs = 300000;
    int keyRetestMs = 600000; // a rejected key gets one request again after this long
};

// How often each provider key is checked with its cheapest call (0: never), and how long a check
// may take.
struct HealthPolicy
{
    int intervalMs = 300000;
    int timeoutMs = 15000;
};

// How long the request log keeps entries.
struct LogPolicy
{
    int retentionDays = 365; // 0 keeps everything
};

// The Responses API's stored responses (ResponseStore): how long and how much is kept.
struct ResponsesPolicy
{
    int retentionDays = 30; // 0: until the size limit removes them
    int maxMegabytes = 256;
};

// How a stopping gateway treats requests in flight: they may finish within this grace period.
struct ShutdownPolicy
{
    int graceMs = 10000; // 0 cuts them off at once
};

// A rate limit as the gateway applies it, with what every request would otherwise work out
// again: a model-scope limit's name or pattern compiled, and the name of its counter.
struct LimitRule
{
    RateLimit limit{};
    QRegularExpression modelPattern{}; // Scope::Model only
    // With the creation time: a limit added later under a reused id counts afresh.
    QString counter{};

    static LimitRule of(const RateLimit &limit)
    {
        return {
            limit,
            limit.scope == RateLimit::Scope::Model ? ModelPattern::compile(limit.subject)
                                                   : QRegularExpression(),
            QStringLiteral("limit/%1/%2").arg(limit.id).arg(limit.createdAt.toMSecsSinceEpoch())};
    }
};

struct AcceptedKey
{
    qint64 id = 0;
    QString name;
    QByteArray hash;
    QDateTime expiresAt;
    bool disabled = false;
    std::optional<qint64> projectId{};
    // What it may use; null when it may use everything (most keys: nothing to check).
    std::shared_ptr<const KeyPermissions> permissions{};
};

// An immutable snapshot of everything the gateway serves. Workers read it without locks; a change
// replaces the whole snapshot.
struct GatewayConfig
{
    qint64 revision = 0;
    // Keyed by lower-cased name.
    QHash<QString, std::shared_ptr<const ProviderEndpoint>> providers;
    QHash<QString, ModelTarget> models;
    QList<ModelRecord> modelRecords;
    // Routes with a plain public name, keyed by its lower-cased form; wildcard routes most
    // specific (most literal characters) first.
    QHash<QString, Route> routes;
    QList<WildcardRoute> wildcardRoutes;
    QList<RouteRecord> routeRecords;
    // The user's capability edits, keyed by capabilityKey().
    QHash<QString, ModelCapabilities> capabilityEdits;
    QList<AcceptedKey> keys;
    // Project names by id, for limits and budgets by project.
    QHash<qint64, QString> projectNames;
    QList<LimitRule> limits;
    QList<Budget> budgets;
    // Where alerts go (their secrets are read from the keychain when one is sent).
    QList<AlertChannel> alertChannels;
    RetryPolicy retry;
    BreakerPolicy breaker;
    HealthPolicy health;
    LogPolicy log;
    ResponsesPolicy responses;
    ShutdownPolicy shutdown;

    static QString capabilityKey(qint64 providerId, const QString &upstreamModel)
    {
        return QString::number(providerId) + QLatin1Char('|') + upstreamModel;
    }
    // What a provider's model can take: the preset for its name, with the user's edits over it.
    ModelCapabilities capabilitiesOf(qint64 providerId, const QString &upstreamModel) const
    {
        return ModelCapabilities::presetFor(upstreamModel)
            .overriddenBy(capabilityEdits.value(capabilityKey(providerId, upstreamModel)));
    }
};

using GatewayConfigPtr = std::shared_ptr<const GatewayConfig>;

} // namespace llmux
