#include "core/config/ListenSettings.h"

#include "core/store/SettingsRepository.h"

namespace llmux {

QString ListenSettings::storedHost(const SettingsRepository &settings)
{
    return settings.value(QLatin1String(kHostKey), QStringLiteral("127.0.0.1"));
}

QString ListenSettings::storedPort(const SettingsRepository &settings)
{
    return settings.value(QLatin1String(kPortKey), QString::number(kDefaultPort));
}

Result<QHostAddress> ListenSettings::parseHost(const QString &text)
{
    const QString host = text.trimmed();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(host))
        return Status::failure(QStringLiteral("'%1' is not an IP address to listen on (e.g. "
                                              "127.0.0.1, ::1 or 0.0.0.0).")
                                   .arg(host));
    return address;
}

Result<quint16> ListenSettings::parsePort(const QString &text)
{
    bool ok = false;
    const uint port = text.trimmed().toUInt(&ok);
    if (!ok || port > 65535)
        return Status::failure(
            QStringLiteral("'%1' is not a port number (1 to 65535; 0 picks a free one).")
                .arg(text.trimmed()));
    return quint16(port);
}

Status ListenSettings::save(SettingsRepository &settings, const QString &host, const QString &port)
{
    const Result<QHostAddress> address = parseHost(host);
    if (!address)
        return Status::failure(address.error());
    const Result<quint16> number = parsePort(port);
    if (!number)
        return Status::failure(number.error());
    if (Status s = settings.setValue(QLatin1String(kHostKey), host.trimmed()); !s)
        return s;
    return settings.setValue(QLatin1String(kPortKey), QString::number(*number));
}

} // namespace llmux
