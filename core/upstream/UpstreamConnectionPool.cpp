#include "core/upstream/UpstreamConnectionPool.h"

#include <QDateTime>
#include <QSslSocket>

namespace llmux {

UpstreamConnectionPool::UpstreamConnectionPool(QObject *parent)
    : QObject(parent)
{
    m_sweep.setInterval(5000);
    connect(&m_sweep, &QTimer::timeout, this, &UpstreamConnectionPool::expireIdle);
}

QString UpstreamConnectionPool::originOf(const QUrl &url, const QNetworkProxy &proxy)
{
    const bool tls = url.scheme() == QLatin1String("https");
    QString origin =
        QStringLiteral("%1://%2:%3").arg(url.scheme(), url.host()).arg(url.port(tls ? 443 : 80));
    // A tunnel opened with one set of proxy credentials must not serve another.
    if (proxy.type() != QNetworkProxy::NoProxy)
        origin += QStringLiteral(" via %1:%2:%3:%4:%5")
                      .arg(int(proxy.type()))
                      .arg(proxy.hostName())
                      .arg(proxy.port())
                      .arg(proxy.user())
                      .arg(qHash(proxy.password(), 0x5EED));
    return origin;
}

QSslSocket *UpstreamConnectionPool::takeIdle(const QString &origin)
{
    auto it = m_idle.find(origin);
    while (it != m_idle.end() && !it->isEmpty()) {
        // Most recently used first: it is the least likely to have been closed by the server.
        Idle idle = it->takeLast();
        QSslSocket *socket = idle.socket;
        QObject::disconnect(socket, nullptr, this, nullptr);
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
        socket->deleteLater();
    }
    return nullptr;
}

QSslSocket *UpstreamConnectionPool::createSocket()
{
    auto *socket = new QSslSocket(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return socket;
}

void UpstreamConnectionPool::release(QSslSocket *socket, const QString &origin)
{
    if (socket->state() != QAbstractSocket::ConnectedState) {
        discard(socket);
        return;
    }
    // An idle connection that becomes readable was closed (or misused) by the server.
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { forget(socket); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] { forget(socket); });
    m_idle[origin].append({socket, QDateTime::currentMSecsSinceEpoch()});
    if (!m_sweep.isActive())
        m_sweep.start();
}

void UpstreamConnectionPool::discard(QSslSocket *socket)
{
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void UpstreamConnectionPool::forget(QSslSocket *socket)
{
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        for (qsizetype i = 0; i < it->size(); ++i) {
            if (it->at(i).socket == socket) {
                it->removeAt(i);
                discard(socket);
                return;
            }
        }
    }
}

void UpstreamConnectionPool::expireIdle()
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - kIdleLifetimeMs;
    bool any = false;
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        for (qsizetype i = it->size() - 1; i >= 0; --i) {
            if (it->at(i).since < cutoff)
                discard(it->takeAt(i).socket);
        }
        any = any || !it->isEmpty();
    }
    if (!any)
        m_sweep.stop();
}

} // namespace llmux
