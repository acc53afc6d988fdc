#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

namespace llmux::test {

// A webhook receiver on loopback that behaves like one vendor's: a generic webhook (checks
// X-LLMux-Signature when given a secret), a Slack incoming webhook (answers "ok"), a DingTalk
// robot (checks timestamp and sign in the query as DingTalk documents them, answers errcode) or a
// Feishu/Lark bot (checks timestamp and sign in the body, answers code). Written from the
// vendors' documentation, sharing no code with LLMux; keeps every request it took.
class FakeAlertReceiver : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Webhook, Slack, DingTalk, Feishu };
    explicit FakeAlertReceiver(Kind kind, QByteArray secret = {}, QObject *parent = nullptr);

    bool listen();
    // The address to configure, with the path (and for DingTalk the access_token) the vendor's
    // own has.
    QString url() const;

    struct Received
    {
        QByteArray path;                       // with the query
        QHash<QByteArray, QByteArray> headers; // lower-cased names
        QByteArray body;
        bool signatureOk = false; // only meaningful with a secret
        QString text;             // the message's text as the receiver shows it
    };
    const QList<Received> &received() const { return m_received; }
    void clear() { m_received.clear(); }
    // From now on, answer every request with this status and body instead.
    void failWith(int status, QByteArray body);

private:
    void serve(QTcpSocket *socket);
    QByteArray answerFor(Received &r) const;

    Kind m_kind;
    QByteArray m_secret;
    QTcpServer m_server;
    QList<Received> m_received;
    int m_failStatus = 0;
    QByteArray m_failBody;
};

} // namespace llmux::test
