#include "tests/fakes/FakeTunnel.h"

#include <QNetworkProxy>
#include <QTcpSocket>

#include <utility>

namespace llmux::test {

FakeTunnel::FakeTunnel(QObject *owner, QTcpSocket *client)
    : QObject(owner)
    , m_client(client)
{
    client->setParent(this);
    client->setSocketOption(QAbstractSocket::LowDelayOption, 1); // streams pass piece by piece
    connect(client, &QTcpSocket::readyRead, this, &FakeTunnel::onClientReadyRead);
    connect(client, &QTcpSocket::disconnected, this, [this] { onClosed(m_client, m_target); });
}

void FakeTunnel::onClientReadyRead()
{
    switch (m_state) {
    case State::Relaying:
        forward(m_client, m_target);
        return;
    case State::Done:
        m_client->readAll();
        return;
    case State::Dialing:
        m_buffer += m_client->readAll(); // early tunnel bytes, kept for the target
        return;
    case State::Handshake:
        m_buffer += m_client->readAll();
        onHandshakeData();
        return;
    }
}

void FakeTunnel::dial(const QString &host, quint16 port)
{
    m_state = State::Dialing;
    m_target = new QTcpSocket(this);
    m_target->setProxy(QNetworkProxy::NoProxy); // never through an application proxy: ourselves
    connect(m_target, &QTcpSocket::connected, this, [this] {
        m_target->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        onTargetConnected();
    });
    connect(m_target, &QTcpSocket::errorOccurred, this, [this] {
        if (m_state == State::Dialing)
            onTargetFailed(); // a relay ends through disconnected()
    });
    connect(m_target, &QTcpSocket::readyRead, this, [this] { forward(m_target, m_client); });
    connect(m_target, &QTcpSocket::disconnected, this, [this] { onClosed(m_target, m_client); });
    m_target->connectToHost(host, port);
}

void FakeTunnel::startRelay()
{
    m_state = State::Relaying;
    if (!m_buffer.isEmpty())
        m_target->write(std::exchange(m_buffer, {}));
}

void FakeTunnel::close()
{
    m_state = State::Done;
    m_buffer.clear();
    if (m_target)
        m_target->abort();
    m_client->disconnectFromHost(); // after writing the refusal
}

void FakeTunnel::forward(QTcpSocket *from, QTcpSocket *to)
{
    const QByteArray data = from->readAll();
    if (to && to->state() == QAbstractSocket::ConnectedState && !data.isEmpty())
        to->write(data);
}

void FakeTunnel::onClosed(QTcpSocket *closed, QTcpSocket *other)
{
    if (m_state == State::Relaying)
        forward(closed, other); // the last bytes may come with the close
    m_state = State::Done;
    if (other && other->state() == QAbstractSocket::ConnectedState)
        other->disconnectFromHost(); // after writing what it holds
    else if (other)
        other->abort(); // still dialling
    if (m_client->state() == QAbstractSocket::UnconnectedState &&
        (!m_target || m_target->state() == QAbstractSocket::UnconnectedState))
        deleteLater();
}

} // namespace llmux::test
