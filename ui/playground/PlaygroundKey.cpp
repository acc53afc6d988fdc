#include "ui/playground/PlaygroundKey.h"

#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyCodec.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/SettingsRepository.h"

namespace llmux {
namespace {

// How long to wait for a running gateway to load a new key before trying it anyway.
constexpr int kServeWaitMs = 5000;

} // namespace

PlaygroundKey::PlaygroundKey(Gateway *gateway, const Database &db, const SecretStore &secrets,
                             QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_secrets(secrets)
{
    m_waitLimit.setSingleShot(true);
    m_waitLimit.setInterval(kServeWaitMs);
    connect(&m_waitLimit, &QTimer::timeout, this, [this] {
        if (!m_waitingKey.isEmpty())
            finish(std::exchange(m_waitingKey, QString()), QString());
    });
    connect(gateway, &Gateway::configReloaded, this, [this] {
        if (!m_waitingKey.isEmpty())
            waitUntilServed(QString(m_waitingKey)); // a copy: the wait clears m_waitingKey
    });
}

QString PlaygroundKey::keyName()
{
    return QStringLiteral("Playground");
}

void PlaygroundKey::request()
{
    if (m_pending)
        return;
    m_pending = true;
    if (!m_key.isEmpty()) {
        useOrCreate(m_key);
        return;
    }
    if (m_keychainAsked) {
        create();
        return;
    }
    m_keychainAsked = true;
    const QString account =
        SecretStore::playgroundKeyAccount(SettingsRepository(m_db).instanceId());
    m_secrets.readAsync(account, this, [this](const Result<QByteArray> &stored) {
        // No entry yet, or no keychain: either way a new key follows.
        useOrCreate(stored ? QString::fromLatin1(stored.value()) : QString());
    });
}

PlaygroundKey::Check PlaygroundKey::check(const QString &key, QString *error) const
{
    if (key.isEmpty())
        return Check::Unknown;
    const auto keys = GatewayKeyRepository(m_db).list(false);
    if (!keys) {
        *error = keys.error();
        return Check::Error;
    }
    const QByteArray hash = GatewayKeyCodec::hash(key.toLatin1());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const GatewayKeyRecord &record : keys.value()) {
        if (record.keyHash != hash)
            continue;
        if (record.disabled)
            return Check::Disabled;
        return record.isExpired(now) ? Check::Unknown : Check::Usable;
    }
    return Check::Unknown;
}

void PlaygroundKey::useOrCreate(const QString &key)
{
    QString error;
    switch (check(key, &error)) {
    case Check::Usable:
        m_key = key;
        waitUntilServed(key);
        return;
    case Check::Disabled:
        finish(QString(), tr("The Playground's key is disabled. Enable the key named “%1” on the "
                             "Keys page to chat here.")
                              .arg(keyName()));
        return;
    case Check::Error:
        finish(QString(), tr("Cannot read the gateway keys: %1").arg(error));
        return;
    case Check::Unknown:
        create();
        return;
    }
}

void PlaygroundKey::create()
{
    m_key.clear();
    GatewayKeyRepository keys(m_db);
    // The plaintext of an older Playground key is lost (no keychain, or it was revoked or
    // expired), so nothing can use it any more; the name is free again once it is revoked.
    const auto existing = keys.list(false);
    if (!existing) {
        finish(QString(), tr("Cannot read the gateway keys: %1").arg(existing.error()));
        return;
    }
    for (const GatewayKeyRecord &record : existing.value())
        if (record.name == keyName())
            if (Status revoked = keys.revoke(record.name); !revoked) {
                finish(QString(),
                       tr("Cannot replace the Playground's old key: %1").arg(revoked.error()));
                return;
            }
    GatewayKeyRecord record;
    record.name = keyName();
    const auto issued = GatewayKeyIssuer::issue(m_db, record);
    if (!issued) {
        finish(QString(), tr("Cannot create a key for the Playground: %1").arg(issued.error()));
        return;
    }
    m_key = issued->key;
    m_sessionOnly = false;
    const QString account =
        SecretStore::playgroundKeyAccount(SettingsRepository(m_db).instanceId());
    // The chat does not wait for the keychain; without one the key simply lasts this session.
    m_secrets.writeAsync(account, m_key.toLatin1(), this,
                         [this](const Status &written) { m_sessionOnly = !written.ok(); });
    waitUntilServed(m_key);
}

void PlaygroundKey::waitUntilServed(const QString &key)
{
    bool served = !m_gateway->isRunning();
    if (const GatewayConfigPtr config = m_gateway->currentConfig(); config && !served) {
        const QByteArray hash = GatewayKeyCodec::hash(key.toLatin1());
        for (const AcceptedKey &accepted : config->keys)
            served = served || accepted.hash == hash;
    }
    if (served) {
        m_waitingKey.clear();
        m_waitLimit.stop();
        finish(key, QString());
        return;
    }
    if (m_waitingKey.isEmpty())
        m_waitLimit.start();
    m_waitingKey = key;
}

void PlaygroundKey::finish(const QString &key, const QString &error)
{
    m_waitLimit.stop();
    m_pending = false;
    if (error.isEmpty())
        Q_EMIT ready(key);
    else
        Q_EMIT failed(error);
}

} // namespace llmux
