#include "ui/providers/ProviderTester.h"

#include "core/config/GatewayConfigLoader.h"
#include "core/net/ProxySettings.h"
#include "core/store/SettingsRepository.h"

namespace llmux {
namespace {

// The probe answers quickly even for providers whose chat timeouts are long.
constexpr int kProbeTimeoutMs = 15000;

} // namespace

ProviderTester::ProviderTester(const Database &db, SecretStore secrets, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(std::move(secrets))
{}

ProviderTester::~ProviderTester() = default;

void ProviderTester::start(const ProviderRecord &typed, const QByteArray &typedKey,
                           const QString &proxyText)
{
    const int generation = ++m_generation;
    m_running = true;
    if (m_probe)
        m_probe->deleteLater();
    m_probe = nullptr;
    ProviderRecord record = typed;
    const ProxySpec spec = ProxySettings::parse(proxyText.trimmed());
    if (!spec.error.isEmpty()) {
        ProbeResult failed;
        failed.message = spec.error;
        return finish(failed);
    }
    record.proxy = ProxySettings::format(spec);
    auto endpoint = GatewayConfigLoader::endpointWithoutSecrets(record);
    endpoint->keys.append(ProviderKey{0, QStringLiteral("main"), {}, {}, {}});

    // Secrets still to come from the keychain; the probe starts when the last one is in.
    struct Pending
    {
        int outstanding = 1; // released after the loop below
    };
    auto pending = std::make_shared<Pending>();
    auto release = [this, pending, endpoint, generation] {
        if (--pending->outstanding == 0)
            probe(endpoint, generation);
    };
    const QString instance = SettingsRepository(m_db).instanceId();

    const auto typedPasswords = ProxySettings::passwords(proxyText);
    for (int i = 0; i < endpoint->proxies.size(); ++i) {
        ProxyEndpoint &proxy = endpoint->proxies[i];
        if (proxy.proxy.user().isEmpty())
            continue;
        bool found = false;
        for (const auto &[id, password] : typedPasswords) {
            if (id == proxy.credentialId) {
                proxy.proxy.setPassword(password);
                found = true;
            }
        }
        if (found || record.id == 0)
            continue;
        ++pending->outstanding;
        m_secrets.readAsync(
            SecretStore::providerProxyAccount(instance, record.id, proxy.credentialId), this,
            [endpoint, i, release](const Result<QByteArray> &secret) {
                if (secret)
                    endpoint->proxies[i].proxy.setPassword(QString::fromUtf8(secret.value()));
                release();
            });
    }

    ProviderKey &key = endpoint->keys.first();
    if (!typedKey.isEmpty()) {
        key.secret = typedKey;
    } else if (!record.apiKeyEnv.isEmpty()) {
        key.secret = qgetenv(record.apiKeyEnv.toLocal8Bit().constData());
        if (key.secret.isEmpty())
            key.problem =
                tr("the environment variable %1 is not set for LLMux").arg(record.apiKeyEnv);
    } else if (record.secretInKeychain && record.id > 0) {
        ++pending->outstanding;
        m_secrets.readAsync(SecretStore::providerAccount(instance, record.id), this,
                            [endpoint, release](const Result<QByteArray> &secret) {
                                ProviderKey &k = endpoint->keys.first();
                                if (secret)
                                    k.secret = secret.value();
                                else
                                    k.problem = secret.error();
                                release();
                            });
    }
    release();
}

void ProviderTester::probe(const std::shared_ptr<const ProviderEndpoint> &endpoint, int generation)
{
    if (generation != m_generation)
        return;
    m_probe = new ProviderProbe(endpoint, 0, -1, this);
    m_probe->setTimeoutMs(kProbeTimeoutMs);
    connect(m_probe, &ProviderProbe::finished, this, [this, generation](const ProbeResult &r) {
        if (generation == m_generation)
            finish(r);
    });
    m_probe->start();
}

void ProviderTester::finish(const ProbeResult &result)
{
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace llmux
