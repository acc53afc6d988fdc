#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTcpServer>

namespace llmux::test {

// A fake SOCKS5 proxy (RFC 1928) that opens CONNECT tunnels to IPv4, IPv6 and domain-name
// targets, the way Qt reaches a host through a QNetworkProxy::Socks5Proxy, with no authentication
// or, once requireCredentials() was called, only username/password (RFC 1929). BIND and UDP
// ASSOCIATE get "command not supported". Event-driven on the caller's thread: no sleeps, no
// threads; every message may arrive split anywhere.
class FakeSocksProxy : public QObject
{
    Q_OBJECT
public:
    explicit FakeSocksProxy(QObject *parent = nullptr);
    ~FakeSocksProxy() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    // "socks5://127.0.0.1:PORT"
    QString url() const;

    // From now on only method 0x02 is offered: clients that do not propose it get 0xFF, wrong
    // credentials get status 0x01; both are closed.
    void requireCredentials(const QByteArray &user, const QByteArray &password);

    // CONNECTs answered with success.
    int tunnelsOpened() const { return m_tunnels; }
    // The "host:port" of the last CONNECT request, whether or not it was granted; an IPv6 host in
    // brackets, a domain name as the client sent it.
    QString lastTarget() const { return m_lastTarget; }
    // Clients refused for credentials: wrong ones, or no offer of username/password when required.
    int authFailures() const { return m_authFailures; }

private:
    class Connection;
    void onNewConnection();

    QTcpServer m_server;
    QByteArray m_user; // null when no credentials are required
    QByteArray m_password;
    int m_tunnels = 0;
    int m_authFailures = 0;
    QString m_lastTarget;
};

} // namespace llmux::test
