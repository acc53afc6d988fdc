#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTcpServer>

namespace llmux::test {

// A fake HTTP proxy that opens CONNECT tunnels (RFC 9110 §9.3.6), the way Qt reaches a host
// through a QNetworkProxy::HttpProxy, optionally behind Basic proxy credentials. It never
// forwards plain absolute-form requests ("GET http://host/ HTTP/1.1"): they get 405, so a client
// that does not tunnel fails loudly. Event-driven on the caller's thread: no sleeps, no threads.
class FakeHttpProxy : public QObject
{
    Q_OBJECT
public:
    explicit FakeHttpProxy(QObject *parent = nullptr);
    ~FakeHttpProxy() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    // "http://127.0.0.1:PORT"
    QString url() const;

    // From now on a CONNECT needs "Proxy-Authorization: Basic base64(user:password)"; any other
    // gets 407 with a Basic challenge, and the connection closes.
    void requireCredentials(const QByteArray &user, const QByteArray &password);

    // CONNECTs answered with 200.
    int tunnelsOpened() const { return m_tunnels; }
    // The "host:port" of the last CONNECT request, whether or not it was granted.
    QString lastTarget() const { return m_lastTarget; }
    // CONNECTs refused with 407 because their credentials were wrong.
    int authFailures() const { return m_authFailures; }
    // CONNECTs refused with 407 because they carried no credentials: the normal first step of
    // clients that wait for a challenge, as Qt does, so a Qt tunnel behind credentials costs one.
    int authChallenges() const { return m_authChallenges; }

private:
    class Connection;
    void onNewConnection();

    QTcpServer m_server;
    QByteArray m_credentials; // "user:password"; null when none are required
    int m_tunnels = 0;
    int m_authFailures = 0;
    int m_authChallenges = 0;
    QString m_lastTarget;
};

} // namespace llmux::test
