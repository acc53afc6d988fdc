#include "tests/fakes/FakeAlertReceiver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTcpSocket>
#include <QUrlQuery>

namespace llmux::test {
namespace {

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
}

// How a Java or Go server reads a query value: '+' is a space, then %XX decoding.
QByteArray formDecoded(QByteArray value)
{
    value.replace('+', ' ');
    return QByteArray::fromPercentEncoding(value);
}

QByteArray queryValue(const QByteArray &query, const QByteArray &name)
{
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0 && pair.left(eq) == name)
            return formDecoded(pair.mid(eq + 1));
    }
    return {};
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

FakeAlertReceiver::FakeAlertReceiver(Kind kind, QByteArray secret, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_secret(std::move(secret))
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

bool FakeAlertReceiver::listen()
{
    return m_server.listen(QHostAddress::LocalHost);
}

QString FakeAlertReceiver::url() const
{
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
    switch (m_kind) {
    case Kind::Webhook:
        return base + QStringLiteral("/hooks/llmux?token=webhook-token-123456");
    case Kind::Slack:
        return base + QStringLiteral("/services/T000/B000/slacktoken123456");
    case Kind::DingTalk:
        return base + QStringLiteral("/robot/send?access_token=dingtalktoken123456");
    case Kind::Feishu:
        return base + QStringLiteral("/open-apis/bot/v2/hook/feishu-hook-123456");
    }
    return base;
}

void FakeAlertReceiver::failWith(int status, QByteArray body)
{
    m_failStatus = status;
    m_failBody = std::move(body);
}

void FakeAlertReceiver::serve(QTcpSocket *socket)
{
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        *buffer += socket->readAll();
        const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        Received r;
        const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        r.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer->size() < headEnd + 4 + length)
            return;
        r.body = buffer->mid(headEnd + 4, length);
        buffer->remove(0, headEnd + 4 + length);
        QByteArray answer = answerFor(r);
        int status = 200;
        if (m_failStatus) {
            status = m_failStatus;
            answer = m_failBody;
        }
        m_received << r;
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " Whatever\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(answer.size()) + "\r\nConnection: close\r\n\r\n" + answer);
        socket->disconnectFromHost();
    });
}

QByteArray FakeAlertReceiver::answerFor(Received &r) const
{
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    switch (m_kind) {
    case Kind::Webhook: {
        r.text = body.value(QStringLiteral("title")).toString();
        const QByteArray timestamp = r.headers.value("x-llmux-timestamp");
        r.signatureOk = r.headers.value("x-llmux-signature") ==
                        "sha256=" + hmacSha256(m_secret, timestamp + "." + r.body).toHex();
        if (!m_secret.isEmpty() && !r.signatureOk)
            return json({{QStringLiteral("error"), QStringLiteral("bad signature")}});
        return "{}";
    }
    case Kind::Slack:
        r.text = body.value(QStringLiteral("text")).toString();
        return "ok";
    case Kind::DingTalk: {
        // https://open.dingtalk.com/document/robots/customize-robot-security-settings: the
        // timestamp in ms, within an hour of now; sign = urlEncode(base64(HmacSHA256(secret,
        // timestamp + "\n" + secret))).
        r.text = body.value(QStringLiteral("text"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString();
        const QByteArray query = r.path.mid(r.path.indexOf('?') + 1);
        const QByteArray timestamp = queryValue(query, "timestamp");
        const QByteArray sign = queryValue(query, "sign");
        r.signatureOk = !timestamp.isEmpty() && qAbs(nowMs - timestamp.toLongLong()) < 3600000 &&
                        sign == hmacSha256(m_secret, timestamp + "\n" + m_secret).toBase64();
        if (queryValue(query, "access_token").isEmpty())
            return json({{QStringLiteral("errcode"), 300001},
                         {QStringLiteral("errmsg"), QStringLiteral("token is not exist")}});
        if (!m_secret.isEmpty() && !r.signatureOk)
            return json({{QStringLiteral("errcode"), 310000},
                         {QStringLiteral("errmsg"), QStringLiteral("sign not match")}});
        if (body.value(QStringLiteral("msgtype")).toString() != QLatin1String("text"))
            return json({{QStringLiteral("errcode"), 40035},
                         {QStringLiteral("errmsg"), QStringLiteral("missing msgtype")}});
        return json(
            {{QStringLiteral("errcode"), 0}, {QStringLiteral("errmsg"), QStringLiteral("ok")}});
    }
    case Kind::Feishu: {
        // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot: the timestamp in
        // seconds, within an hour of now; sign = base64(HmacSHA256 keyed with
        // timestamp + "\n" + secret over an empty message).
        r.text = body.value(QStringLiteral("content"))
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString();
        const QByteArray timestamp = body.value(QStringLiteral("timestamp")).toString().toLatin1();
        const QByteArray sign = body.value(QStringLiteral("sign")).toString().toLatin1();
        r.signatureOk = !timestamp.isEmpty() &&
                        qAbs(nowMs / 1000 - timestamp.toLongLong()) < 3600 &&
                        sign == hmacSha256(timestamp + "\n" + m_secret, QByteArray()).toBase64();
        if (!m_secret.isEmpty() && !r.signatureOk)
            return json({{QStringLiteral("code"), 19021},
                         {QStringLiteral("msg"), QStringLiteral("sign match fail or timestamp is "
                                                                "not within one hour from current "
                                                                "time")}});
        if (body.value(QStringLiteral("msg_type")).toString() != QLatin1String("text"))
            return json({{QStringLiteral("code"), 9499},
                         {QStringLiteral("msg"), QStringLiteral("Bad Request")}});
        return json({{QStringLiteral("StatusCode"), 0},
                     {QStringLiteral("StatusMessage"), QStringLiteral("success")},
                     {QStringLiteral("code"), 0},
                     {QStringLiteral("data"), QJsonObject()},
                     {QStringLiteral("msg"), QStringLiteral("success")}});
    }
    }
    return {};
}

} // namespace llmux::test
