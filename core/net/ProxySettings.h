#pragma once

#include <QList>
#include <QNetworkProxy>
#include <QString>
#include <QUrl>

namespace llmux {

// A provider's proxy setting as stored in its row: "" (connect directly), "system" (what the
// operating system or the http_proxy/https_proxy/no_proxy environment says), or proxy URLs —
// http://host:port or socks5://host:port, with an optional user name — separated by spaces or
// commas, tried in order. Passwords never appear here; they live in the keychain.
struct ProxySpec
{
    enum class Mode { Direct, System, Explicit };
    Mode mode = Mode::Direct;
    QList<QUrl> urls; // Explicit: without passwords
    QString error;    // non-empty: the text could not be read
};

class ProxySettings
{
public:
    static ProxySpec parse(const QString &text);
    // The passwords written into proxy URLs ("http://user:secret@host:port"), by credentialId,
    // so that the caller can move them to the keychain.
    static QList<std::pair<QString, QString>> passwords(const QString &text);
    // The text to store for a spec (URLs without passwords).
    static QString format(const ProxySpec &spec);

    // Whether a host is exempt from proxying under a NO_PROXY style list: "*", host names
    // ("example.com" also covers its subdomains, ".example.com" only them), IP addresses and
    // CIDR ranges, separated by commas or spaces.
    static bool bypasses(const QString &noProxy, const QString &host);

    // A proxy for sockets; password may be empty.
    static QNetworkProxy toProxy(const QUrl &url, const QString &password);
    // scheme://[user@]host:port, for messages and the UI.
    static QString display(const QUrl &url);
    // Names a proxy's password in the keychain: "host:port".
    static QString credentialId(const QUrl &url);
};

} // namespace llmux
