#pragma once

#include <QHash>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QSslSocket;

namespace llmux {

// Keep-alive connections to upstream origins for one worker thread. There is no cap per host
// (QNetworkAccessManager's six would serialise concurrent streams); idle connections are closed
// after a while and dropped as soon as the server closes them.
class UpstreamConnectionPool : public QObject
{
    Q_OBJECT
public:
    explicit UpstreamConnectionPool(QObject *parent = nullptr);

    // Names where a connection goes: the origin, and the proxy it goes through.
    static QString originOf(const QUrl &url, const QNetworkProxy &proxy);
    // An idle connected socket for the origin, or nullptr.
    QSslSocket *takeIdle(const QString &origin);
    // A fresh, unconnected socket owned by the pool.
    QSslSocket *createSocket();
    void release(QSslSocket *socket, const QString &origin);
    void discard(QSslSocket *socket);

private:
    struct Idle
    {
        QSslSocket *socket;
        qint64 since;
    };
    void expireIdle();
    void forget(QSslSocket *socket);

    QHash<QString, QList<Idle>> m_idle;
    QTimer m_sweep;
    static constexpr qint64 kIdleLifetimeMs = 30000;
};

} // namespace llmux
