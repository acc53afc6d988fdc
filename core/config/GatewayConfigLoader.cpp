#include "core/config/GatewayConfigLoader.h"

#include "core/config/TuningSettings.h"
#include "core/domain/ModelPattern.h"
#include "core/net/ProxySettings.h"
#include "core/store/AlertRepository.h"
#include "core/store/BudgetRepository.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProjectRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RateLimitRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SettingsRepository.h"

#include <QNetworkProxyFactory>

#include <algorithm>

namespace llmux {
namespace {

// Collects keychain answers for one snapshot and publishes it when the last one is in.
struct PendingSnapshot
{
    std::shared_ptr<GatewayConfig> config;
    QHash<qint64, std::shared_ptr<ProviderEndpoint>> endpoints;
    int outstanding = 0;
    bool published = false;
};

// A keychain that never answers (a locked keyring waiting for a prompt nobody sees) must not keep
// the gateway from starting: its providers get a clear problem instead of a key.
constexpr int kKeychainWaitMs = 15000;

QString keyStateId(qint64 providerId, const ProviderKey &key)
{
    // The secret's hash is part of the name so that a replaced key starts with a clean record.
    return QStringLiteral("%1/%2/%3").arg(providerId).arg(key.id).arg(qHash(key.secret, 0x11D5));
}

void buildRoutes(GatewayConfig &config,
                 const QHash<qint64, std::shared_ptr<ProviderEndpoint>> &endpoints)
{
    for (const RouteRecord &r : std::as_const(config.routeRecords)) {
        if (!r.enabled)
            continue;
        Route route{r.pattern, r.strategy, {}};
        for (const RouteTargetRecord &t : r.targets) {
            const auto endpoint = endpoints.value(t.providerId);
            if (!endpoint)
                continue;
            std::optional<ModelPrice> price;
            for (const ModelRecord &m : std::as_const(config.modelRecords))
                if (m.providerId == t.providerId && m.upstreamModel == t.upstreamModel && m.price)
                    price = m.price;
            route.targets.append({endpoint, t.upstreamModel, price, std::max(1, t.weight),
                                  config.capabilitiesOf(t.providerId, t.upstreamModel)});
        }
        if (route.targets.isEmpty())
            continue;
        if (ModelPattern::isPattern(r.pattern)) {
            QRegularExpression pattern = ModelPattern::compile(r.pattern);
            if (!pattern.isValid())
                continue; // cannot happen for patterns the CLI accepts
            config.wildcardRoutes.append({route, std::move(pattern)});
        } else
            config.routes.insert(r.pattern.toLower(), route);
    }
    auto literals = [](const QString &p) {
        return p.size() - p.count(QLatin1Char('*')) - p.count(QLatin1Char('?'));
    };
    std::stable_sort(config.wildcardRoutes.begin(), config.wildcardRoutes.end(),
                     [&literals](const WildcardRoute &a, const WildcardRoute &b) {
                         return literals(a.route.name) > literals(b.route.name);
                     });
}

// One secret to read from the keychain: a provider key, or a proxy password.
struct KeychainRead
{
    QString account;
    std::shared_ptr<ProviderEndpoint> endpoint;
    int keyIndex = -1;
    int proxyIndex = -1;

    void apply(const QByteArray &secret, const QString &problem) const
    {
        if (keyIndex >= 0) {
            ProviderKey &key = endpoint->keys[keyIndex];
            key.secret = secret;
            key.problem = problem;
            return;
        }
        ProxyEndpoint &proxy = endpoint->proxies[proxyIndex];
        if (problem.isEmpty())
            proxy.proxy.setPassword(QString::fromUtf8(secret));
        else
            proxy.problem = QStringLiteral("its password is not in the keychain: %1").arg(problem);
    }
    void applyIfUnanswered(const QString &problem) const
    {
        if (keyIndex >= 0) {
            const ProviderKey &key = endpoint->keys.at(keyIndex);
            if (key.secret.isEmpty() && key.problem.isEmpty())
                apply({}, problem);
        } else if (endpoint->proxies.at(proxyIndex).proxy.password().isEmpty()) {
            apply({}, problem);
        }
    }
};

// The proxies a provider's requests go through, in order; none when it connects directly or its
// host is exempt.
void addProxies(ProviderEndpoint &endpoint)
{
    const ProviderRecord &p = endpoint.record;
    const ProxySpec spec = ProxySettings::parse(p.proxy);
    if (spec.mode == ProxySpec::Mode::Direct ||
        ProxySettings::bypasses(p.noProxy, endpoint.baseUrl.host()))
        return;
    if (!spec.error.isEmpty()) {
        // Never silently direct: a provider that must go through a proxy fails clearly instead.
        ProxyEndpoint broken;
        broken.display = p.proxy;
        broken.problem = spec.error;
        broken.stateId = QStringLiteral("proxy|%1|broken").arg(p.id);
        endpoint.proxies << broken;
        return;
    }
    if (spec.mode == ProxySpec::Mode::System) {
        for (const QNetworkProxy &system :
             QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint.baseUrl))) {
            if (system.type() != QNetworkProxy::HttpProxy &&
                system.type() != QNetworkProxy::Socks5Proxy)
                continue;
            ProxyEndpoint e;
            e.proxy = system;
            e.display =
                QStringLiteral("%1://%2:%3")
                    .arg(system.type() == QNetworkProxy::HttpProxy ? QStringLiteral("http")
                                                                   : QStringLiteral("socks5"),
                         system.hostName())
                    .arg(system.port());
            e.stateId = QStringLiteral("proxy|") + e.display;
            endpoint.proxies << e;
        }
        return;
    }
    for (const QUrl &url : spec.urls) {
        ProxyEndpoint e;
        e.proxy = ProxySettings::toProxy(url, QString());
        e.display = ProxySettings::display(url);
        e.credentialId = ProxySettings::credentialId(url);
        e.stateId = QStringLiteral("proxy|") + e.display;
        endpoint.proxies << e;
    }
}

} // namespace

GatewayConfigLoader::GatewayConfigLoader(const Database &db, SecretStore secrets, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(std::move(secrets))
{
    connect(&m_poll, &QTimer::timeout, this, &GatewayConfigLoader::pollRevision);
}

std::shared_ptr<ProviderEndpoint>
GatewayConfigLoader::endpointWithoutSecrets(const ProviderRecord &record)
{
    auto endpoint = std::make_shared<ProviderEndpoint>();
    endpoint->record = record;
    endpoint->baseUrl = QUrl(record.baseUrl);
    addProxies(*endpoint);
    return endpoint;
}

void GatewayConfigLoader::startWatching(int intervalMs)
{
    m_poll.start(intervalMs);
}

void GatewayConfigLoader::pollRevision()
{
    if (SettingsRepository(m_db).configRevision() != m_seenRevision)
        reload();
}

void GatewayConfigLoader::reload()
{
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    SettingsRepository settings(m_db);
    const qint64 revision = settings.configRevision();
    const auto providers = ProviderRepository(m_db).list();
    const auto extraKeys = ProviderKeyRepository(m_db).list();
    const auto models = ModelRepository(m_db).list();
    const auto capabilities = ModelCapabilityRepository(m_db).list();
    const auto limits = RateLimitRepository(m_db).list();
    const auto budgets = BudgetRepository(m_db).list();
    const auto alertChannels = AlertRepository(m_db).channels();
    const auto projects = ProjectRepository(m_db).list();
    const auto routes = RouteRepository(m_db).list();
    const auto keys = GatewayKeyRepository(m_db).list(false);
    for (const QString &error :
         {providers.error(), extraKeys.error(), models.error(), capabilities.error(),
          limits.error(), budgets.error(), alertChannels.error(), projects.error(), routes.error(),
          keys.error()}) {
        if (!error.isEmpty()) {
            Q_EMIT loadFailed(error);
            return;
        }
    }
    m_seenRevision = revision;
    m_loading = true;

    auto pending = std::make_shared<PendingSnapshot>();
    pending->config = std::make_shared<GatewayConfig>();
    pending->config->revision = revision;
    TuningSettings::apply(settings, *pending->config);
    const QString instance = settings.instanceId();

    auto publishIfDone = [this, pending] {
        if (pending->outstanding > 0 || pending->published)
            return;
        pending->published = true;
        auto &config = *pending->config;
        for (const auto &endpoint : std::as_const(pending->endpoints)) {
            for (ProviderKey &key : endpoint->keys)
                key.stateId = keyStateId(endpoint->record.id, key);
            config.providers.insert(endpoint->record.name.toLower(), endpoint);
        }
        for (const ModelRecord &m : std::as_const(config.modelRecords)) {
            const auto endpoint = pending->endpoints.value(m.providerId);
            if (!m.enabled || !endpoint)
                continue;
            config.models.insert(m.publicName.toLower(),
                                 {endpoint, m.upstreamModel, m.price, 1,
                                  config.capabilitiesOf(m.providerId, m.upstreamModel)});
        }
        buildRoutes(config, pending->endpoints);
        m_loading = false;
        Q_EMIT loaded(pending->config);
        if (std::exchange(m_reloadAgain, false))
            reload();
    };

    for (const GatewayKeyRecord &k : keys.value()) {
        AcceptedKey key{k.id, k.name, k.keyHash, k.expiresAt, k.disabled, k.projectId, nullptr};
        KeyPermissions permissions(
            k.allowedModels, k.allowedEndpoints,
            KeyPermissions::scopeFromName(k.scope).value_or(KeyPermissions::Scope::Read));
        if (permissions.restrictsAnything())
            key.permissions = std::make_shared<const KeyPermissions>(std::move(permissions));
        pending->config->keys.append(std::move(key));
    }
    pending->config->modelRecords = models.value();
    for (const RateLimit &l : limits.value())
        pending->config->limits.append(LimitRule::of(l));
    pending->config->budgets = budgets.value();
    pending->config->alertChannels = alertChannels.value();
    for (const ProjectRecord &p : projects.value())
        pending->config->projectNames.insert(p.id, p.name);
    for (const ModelCapabilityRecord &c : capabilities.value())
        pending->config->capabilityEdits.insert(
            GatewayConfig::capabilityKey(c.providerId, c.upstreamModel), c.capabilities);
    pending->config->routeRecords = routes.value();

    // Every secret that lives in the keychain, with where its answer goes.
    QList<KeychainRead> keychain;
    auto addKey = [&keychain](const std::shared_ptr<ProviderEndpoint> &endpoint, ProviderKey key,
                              const QString &env, bool inKeychain, const QString &account) {
        if (!env.isEmpty()) {
            key.secret = qgetenv(env.toLocal8Bit().constData());
            if (key.secret.isEmpty())
                key.problem =
                    QStringLiteral("the environment variable %1, which should hold an API key "
                                   "of provider '%2', is not set for the LLMux process")
                        .arg(env, endpoint->record.name);
        }
        endpoint->keys.append(key);
        if (env.isEmpty() && inKeychain)
            keychain.append({account, endpoint, int(endpoint->keys.size() - 1), -1});
    };
    for (const ProviderRecord &p : providers.value()) {
        auto endpoint = endpointWithoutSecrets(p);
        addKey(endpoint, ProviderKey{0, QStringLiteral("main"), {}, {}, {}}, p.apiKeyEnv,
               p.secretInKeychain, SecretStore::providerAccount(instance, p.id));
        for (int i = 0; i < endpoint->proxies.size(); ++i)
            if (!endpoint->proxies.at(i).proxy.user().isEmpty())
                keychain.append({SecretStore::providerProxyAccount(
                                     instance, p.id, endpoint->proxies.at(i).credentialId),
                                 endpoint, -1, i});
        pending->endpoints.insert(p.id, endpoint);
    }
    for (const ProviderKeyRecord &k : extraKeys.value()) {
        const auto endpoint = pending->endpoints.value(k.providerId);
        if (endpoint)
            addKey(endpoint, ProviderKey{k.id, k.label, {}, {}, {}}, k.apiKeyEnv,
                   k.secretInKeychain,
                   SecretStore::providerKeyAccount(instance, k.providerId, k.id));
    }

    pending->outstanding = int(keychain.size());
    for (const KeychainRead &read : std::as_const(keychain)) {
        m_secrets.readAsync(read.account, this,
                            [pending, read, publishIfDone](const Result<QByteArray> &secret) {
                                if (pending->published)
                                    return;
                                read.apply(secret.ok() ? secret.value() : QByteArray(),
                                           secret.ok() ? QString() : secret.error());
                                --pending->outstanding;
                                publishIfDone();
                            });
    }
    if (pending->outstanding > 0) {
        QTimer::singleShot(kKeychainWaitMs, this, [pending, keychain, publishIfDone] {
            if (pending->published)
                return;
            for (const KeychainRead &read : keychain)
                read.applyIfUnanswered(QStringLiteral(
                    "the OS keychain did not answer within 15 seconds (is it locked?); "
                    "unlock it, or use --api-key-env NAME"));
            pending->outstanding = 0;
            publishIfDone();
        });
    }
    publishIfDone();
}

} // namespace llmux
