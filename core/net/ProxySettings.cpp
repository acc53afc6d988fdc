#include "core/net/ProxySettings.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace llmux {
namespace {

QStringList entries(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

int defaultPort(const QString &scheme)
{
    return scheme == QLatin1String("http") ? 8080 : 1080;
}

QString hostPort(const QUrl &url)
{
    const QString host = url.host();
    const QString shown = host.contains(QLatin1Char(':')) ? u'[' + host + u']' : host;
    return url.port() < 0 ? shown : shown + QLatin1Char(':') + QString::number(url.port());
}

} // namespace

ProxySpec ProxySettings::parse(const QString &text)
{
    ProxySpec spec;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ||
        trimmed.compare(QLatin1String("direct"), Qt::CaseInsensitive) == 0)
        return spec;
    if (trimmed.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0) {
        spec.mode = ProxySpec::Mode::System;
        return spec;
    }
    spec.mode = ProxySpec::Mode::Explicit;
    for (const QString &entry : entries(trimmed)) {
        QUrl url(entry, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()) {
            spec.error = QStringLiteral("'%1' is not a proxy URL; write http://host:port or "
                                        "socks5://host:port.")
                             .arg(display(url).isEmpty() ? entry.section(QLatin1Char('@'), -1)
                                                         : display(url));
            return spec;
        }
        if (scheme == QLatin1String("socks5h"))
            url.setScheme(QStringLiteral("socks5"));
        else if (scheme == QLatin1String("https"))
            spec.error = QStringLiteral("TLS to the proxy itself (https://) is not supported; use "
                                        "http://%1 (requests to the provider stay encrypted "
                                        "inside the tunnel) or socks5://.")
                             .arg(hostPort(url));
        else if (scheme != QLatin1String("http") && scheme != QLatin1String("socks5"))
            spec.error =
                QStringLiteral("Unknown proxy scheme '%1' in %2: use http:// or socks5://.")
                    .arg(scheme, hostPort(url));
        if (!spec.error.isEmpty())
            return spec;
        url.setScheme(url.scheme().toLower());
        url.setPath(QString());
        url.setPassword(QString());
        if (url.port() < 0)
            url.setPort(defaultPort(url.scheme()));
        spec.urls << url;
    }
    return spec;
}

QList<std::pair<QString, QString>> ProxySettings::passwords(const QString &text)
{
    QList<std::pair<QString, QString>> out;
    for (const QString &entry : entries(text)) {
        QUrl url(entry, QUrl::StrictMode);
        if (url.password().isEmpty())
            continue;
        if (url.port() < 0)
            url.setPort(defaultPort(url.scheme().toLower()));
        out.append({credentialId(url), url.password()});
    }
    return out;
}

QString ProxySettings::format(const ProxySpec &spec)
{
    switch (spec.mode) {
    case ProxySpec::Mode::Direct:
        return QString();
    case ProxySpec::Mode::System:
        return QStringLiteral("system");
    case ProxySpec::Mode::Explicit:
        break;
    }
    QStringList out;
    for (const QUrl &url : spec.urls)
        out << display(url);
    return out.join(QLatin1Char(' '));
}

bool ProxySettings::bypasses(const QString &noProxy, const QString &host)
{
    const QString h = host.toLower();
    const QHostAddress address(h);
    for (QString rule : entries(noProxy.toLower())) {
        if (rule == QLatin1String("*"))
            return true;
        if (rule.contains(QLatin1Char('/'))) {
            const auto subnet = QHostAddress::parseSubnet(rule);
            if (!address.isNull() && subnet.second >= 0 && address.isInSubnet(subnet))
                return true;
            continue;
        }
        // A port in the rule ("host:8080") is ignored: providers are matched by host.
        if (!rule.startsWith(QLatin1Char('[')) && rule.count(QLatin1Char(':')) == 1)
            rule = rule.section(QLatin1Char(':'), 0, 0);
        if (rule.startsWith(QLatin1Char('.'))) {
            if (h.endsWith(rule))
                return true;
            continue;
        }
        if (h == rule || h.endsWith(QLatin1Char('.') + rule))
            return true;
    }
    return false;
}

QNetworkProxy ProxySettings::toProxy(const QUrl &url, const QString &password)
{
    const bool socks = url.scheme() == QLatin1String("socks5");
    QNetworkProxy proxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                        quint16(url.port(defaultPort(url.scheme()))), url.userName(), password);
    // Host names are resolved by the proxy: some providers are only reachable from its side.
    proxy.setCapabilities(proxy.capabilities() | QNetworkProxy::HostNameLookupCapability |
                          QNetworkProxy::TunnelingCapability);
    return proxy;
}

QString ProxySettings::display(const QUrl &url)
{
    if (url.host().isEmpty())
        return QString();
    QString out = url.scheme() + QStringLiteral("://");
    if (!url.userName().isEmpty())
        out += url.userName() + QLatin1Char('@');
    return out + hostPort(url);
}

QString ProxySettings::credentialId(const QUrl &url)
{
    return hostPort(url).toLower();
}

} // namespace llmux
