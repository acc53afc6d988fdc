#include "core/services/AlertChannelStore.h"

#include "core/store/AlertRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"

#include <QFileInfo>
#include <QUrl>

namespace llmux {

QString AlertChannelStore::problemWith(const AlertChannel &channel,
                                       const AlertChannelSecrets &secrets)
{
    if (channel.name.trimmed().isEmpty() || channel.name.size() > 100)
        return QStringLiteral("A channel needs a name (up to 100 characters).");
    if (channel.kind == AlertChannel::Kind::Email) {
        const QUrl server(channel.where);
        if (!server.isValid() || server.host().isEmpty() ||
            (server.scheme() != QLatin1String("smtp") && server.scheme() != QLatin1String("smtps")))
            return QStringLiteral("The mail server must be an address like "
                                  "smtp://mail.example.com:587 or smtps://mail.example.com:465.");
        if (!server.userInfo().isEmpty())
            return QStringLiteral("Give the mail login with --user and its password with "
                                  "--password-env, not in the server's address (it is shown in "
                                  "lists).");
        if (!channel.from.contains(QLatin1Char('@')))
            return QStringLiteral("Say who the mail is from (--from alerts@example.com).");
        if (channel.to.isEmpty())
            return QStringLiteral("Say who gets the mail (--to you@example.com).");
        for (const QString &to : channel.to)
            if (!to.contains(QLatin1Char('@')))
                return QStringLiteral("'%1' is not a mail address.").arg(to.left(100));
        if (!channel.user.isEmpty() && secrets.password.isEmpty())
            return QStringLiteral("A login needs its password (--password-env VAR or "
                                  "--password -).");
        if (!channel.user.isEmpty() && channel.tls == AlertChannel::Tls::None)
            return QStringLiteral("LLMux does not send a password over a connection without "
                                  "TLS: use --tls starttls or --tls tls.");
        if (!channel.caFile.isEmpty() && !QFileInfo(channel.caFile).isReadable())
            return QStringLiteral("Cannot read the certificate file %1.").arg(channel.caFile);
        return {};
    }
    const QUrl url(secrets.url);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return QStringLiteral("The webhook address must be an http:// or https:// URL.");
    return {};
}

Result<qint64> AlertChannelStore::add(AlertChannel channel, const AlertChannelSecrets &secrets)
{
    if (const QString problem = problemWith(channel, secrets); !problem.isEmpty())
        return Status::failure(problem);
    if (channel.kind != AlertChannel::Kind::Email)
        channel.where = AlertChannel::shownAddress(QUrl(secrets.url));
    AlertRepository repository(m_db);
    Result<qint64> id = repository.addChannel(channel);
    if (!id)
        return id;
    const QString account =
        SecretStore::alertChannelAccount(SettingsRepository(m_db).instanceId(), id.value());
    if (Status written = m_secrets.write(account, secrets.toBlob()); !written) {
        (void)repository.removeChannel(id.value());
        return Status::failure(
            QStringLiteral("The channel was not added: %1").arg(written.error()));
    }
    return id;
}

void AlertChannelStore::addAsync(AlertChannel channel, const AlertChannelSecrets &secrets,
                                 QObject *context,
                                 const std::function<void(const Result<qint64> &)> &done)
{
    if (const QString problem = problemWith(channel, secrets); !problem.isEmpty()) {
        done(Status::failure(problem));
        return;
    }
    if (channel.kind != AlertChannel::Kind::Email)
        channel.where = AlertChannel::shownAddress(QUrl(secrets.url));
    const Result<qint64> id = AlertRepository(m_db).addChannel(channel);
    if (!id) {
        done(id);
        return;
    }
    const Database *db = &m_db;
    m_secrets.writeAsync(
        SecretStore::alertChannelAccount(SettingsRepository(m_db).instanceId(), id.value()),
        secrets.toBlob(), context, [db, id = id.value(), done](const Status &written) {
            if (written) {
                done(id);
                return;
            }
            (void)AlertRepository(*db).removeChannel(id);
            done(Status::failure(
                QStringLiteral("The channel was not added: %1").arg(written.error())));
        });
}

void AlertChannelStore::removeAsync(const AlertChannel &channel, QObject *context,
                                    const std::function<void(const Status &)> &done)
{
    if (Status s = AlertRepository(m_db).removeChannel(channel.id); !s) {
        done(s);
        return;
    }
    m_secrets.removeAsync(
        SecretStore::alertChannelAccount(SettingsRepository(m_db).instanceId(), channel.id),
        context, done);
}

Status AlertChannelStore::remove(const AlertChannel &channel)
{
    if (Status s = AlertRepository(m_db).removeChannel(channel.id); !s)
        return s;
    // A secret left behind would be harmless but untidy; say so rather than fail.
    return m_secrets.remove(
        SecretStore::alertChannelAccount(SettingsRepository(m_db).instanceId(), channel.id));
}

} // namespace llmux
