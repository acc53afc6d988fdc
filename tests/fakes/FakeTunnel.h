#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace llmux::test {

// What the fake proxies share: one client connection that, once its proxy protocol's handshake
// is done, dials a target and relays bytes both ways until either side closes, closing the other
// after it has written what it still holds. A subclass reads the handshake from buffer() and
// answers; bytes the client sends before the relay starts are kept for the target.
class FakeTunnel : public QObject
{
public:
    FakeTunnel(QObject *owner, QTcpSocket *client);

protected:
    // Client bytes arrived while the handshake runs; they are in buffer().
    virtual void onHandshakeData() = 0;
    // The dialled target answered: reply to the client, then startRelay().
    virtual void onTargetConnected() = 0;
    // The target could not be reached: reply to the client, then close().
    virtual void onTargetFailed() = 0;

    void dial(const QString &host, quint16 port);
    void startRelay();
    // Ends the connection: the target is dropped, the client closed after what it was sent.
    void close();
    bool isDialing() const { return m_state == State::Dialing; }

    QTcpSocket *client() const { return m_client; }
    QTcpSocket *target() const { return m_target; }
    QByteArray &buffer() { return m_buffer; }

private:
    enum class State { Handshake, Dialing, Relaying, Done };

    void onClientReadyRead();
    void forward(QTcpSocket *from, QTcpSocket *to);
    void onClosed(QTcpSocket *closed, QTcpSocket *other);

    QTcpSocket *m_client;
    QTcpSocket *m_target = nullptr;
    QByteArray m_buffer;
    State m_state = State::Handshake;
};

} // namespace llmux::test
