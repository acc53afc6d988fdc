#include "config/GatewayConfigLoader.h"

#include "store/GatewayKeyRepository.h"
#include "store/ModelRepository.h"
#include "store/ProviderRepository.h"
#include "store/SettingsRepository.h"

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

} // namespace

GatewayConfigLoader::GatewayConfigLoader(const Database &db, SecretStore secrets, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(std::move(secrets))
{
    connect(&m_poll, &QTimer::timeout, this, &GatewayConfigLoader::pollRevision);
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
    const auto models = ModelRepository(m_db).list();
    const auto keys = GatewayKeyRepository(m_db).list(false);
    for (const QString &error : {providers.error(), models.error(), keys.error()}) {
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
    const QString instance = settings.instanceId();

    auto publishIfDone = [this, pending] {
        if (pending->outstanding > 0 || pending->published)
            return;
        pending->published = true;
        auto &config = *pending->config;
        for (const auto &endpoint : std::as_const(pending->endpoints))
            config.providers.insert(endpoint->record.name.toLower(), endpoint);
        for (const ModelRecord &m : std::as_const(config.modelRecords)) {
            const auto endpoint = pending->endpoints.value(m.providerId);
            if (!m.enabled || !endpoint)
                continue;
            config.models.insert(m.publicName.toLower(), {endpoint, m.upstreamModel, m.price});
        }
        m_loading = false;
        Q_EMIT loaded(pending->config);
        if (std::exchange(m_reloadAgain, false))
            reload();
    };

    for (const GatewayKeyRecord &k : keys.value())
        pending->config->keys.append({k.id, k.name, k.keyHash, k.expiresAt, k.disabled});
    pending->config->modelRecords = models.value();

    QList<std::shared_ptr<ProviderEndpoint>> needKeychain;
    for (const ProviderRecord &p : providers.value()) {
        auto endpoint = std::make_shared<ProviderEndpoint>();
        endpoint->record = p;
        endpoint->baseUrl = QUrl(p.baseUrl);
        if (!p.apiKeyEnv.isEmpty()) {
            endpoint->apiKey = qgetenv(p.apiKeyEnv.toLocal8Bit().constData());
            if (endpoint->apiKey.isEmpty())
                endpoint->keyProblem =
                    QStringLiteral("the environment variable %1, which should hold the API key "
                                   "of provider '%2', is not set for the LLMux process")
                        .arg(p.apiKeyEnv, p.name);
        } else if (p.secretInKeychain) {
            needKeychain << endpoint;
        }
        pending->endpoints.insert(p.id, endpoint);
    }
    pending->outstanding = int(needKeychain.size());
    for (const auto &endpoint : std::as_const(needKeychain)) {
        m_secrets.readAsync(SecretStore::providerAccount(instance, endpoint->record.id), this,
                            [pending, endpoint, publishIfDone](const Result<QByteArray> &secret) {
                                if (pending->published)
                                    return;
                                if (secret.ok())
                                    endpoint->apiKey = secret.value();
                                else
                                    endpoint->keyProblem = secret.error();
                                --pending->outstanding;
                                publishIfDone();
                            });
    }
    if (pending->outstanding > 0) {
        QTimer::singleShot(kKeychainWaitMs, this, [pending, needKeychain, publishIfDone] {
            if (pending->published)
                return;
            for (const auto &endpoint : needKeychain)
                if (endpoint->apiKey.isEmpty() && endpoint->keyProblem.isEmpty())
                    endpoint->keyProblem = QStringLiteral(
                        "the OS keychain did not answer within 15 seconds (is it locked?); "
                        "unlock it, or use --api-key-env NAME");
            pending->outstanding = 0;
            publishIfDone();
        });
    }
    publishIfDone();
}

} // namespace llmux
