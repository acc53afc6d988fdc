#include "core/alerts/AlertPayloads.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QUrlQuery>
#include <QUuid>

namespace llmux {
namespace {

constexpr int kAnswerChars = 300;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// Slack's mrkdwn treats these three as markup.
QString slackEscaped(QString text)
{
    return text.replace(QLatin1Char('&'), QStringLiteral("&amp;"))
        .replace(QLatin1Char('<'), QStringLiteral("&lt;"))
        .replace(QLatin1Char('>'), QStringLiteral("&gt;"));
}

// DingTalk and Feishu robots may require a keyword in every message: "LLMux" is the one to set.
QString chatText(const Alert &alert)
{
    return QStringLiteral("LLMux: ") + alert.text();
}

QString oneLine(const QByteArray &body)
{
    QString text = QString::fromUtf8(body).simplified();
    if (text.size() > kAnswerChars)
        text = text.left(kAnswerChars) + QStringLiteral("…");
    return text;
}

// An RFC 2047 encoded word for a header that is not plain ASCII.
QByteArray headerText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    bool ascii = true;
    for (char c : utf8)
        ascii = ascii && uchar(c) >= 0x20 && uchar(c) < 0x7f;
    return ascii ? utf8 : "=?UTF-8?B?" + utf8.toBase64() + "?=";
}

} // namespace

AlertPayloads::HttpPost AlertPayloads::httpPost(const AlertChannel &channel,
                                                const AlertChannelSecrets &secrets,
                                                const Alert &alert, qint64 nowMs)
{
    HttpPost post;
    post.url = QUrl(secrets.url);
    post.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    switch (channel.kind) {
    case AlertChannel::Kind::Webhook: {
        QJsonObject details;
        for (const auto &[name, value] : alert.details)
            details.insert(name, value);
        post.body = compact({{QStringLiteral("source"), QStringLiteral("llmux")},
                             {QStringLiteral("event"), Alert::eventName(alert.event)},
                             {QStringLiteral("severity"), Alert::severityName(alert.severity)},
                             {QStringLiteral("subject"), alert.subject},
                             {QStringLiteral("title"), alert.title},
                             {QStringLiteral("message"), alert.message},
                             {QStringLiteral("time"), alert.at.toUTC().toString(Qt::ISODate)},
                             {QStringLiteral("details"), details}});
        if (!secrets.signingKey.isEmpty()) {
            const qint64 seconds = nowMs / 1000;
            post.headers << qMakePair(QByteArray("X-LLMux-Timestamp"), QByteArray::number(seconds))
                         << qMakePair(QByteArray("X-LLMux-Signature"),
                                      webhookSignature(seconds, post.body, secrets.signingKey));
        }
        break;
    }
    case AlertChannel::Kind::Slack:
        post.body = compact({{QStringLiteral("text"),
                              QStringLiteral("*%1*\n%2")
                                  .arg(slackEscaped(alert.title), slackEscaped(alert.message))}});
        break;
    case AlertChannel::Kind::DingTalk:
        post.body = compact(
            {{QStringLiteral("msgtype"), QStringLiteral("text")},
             {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), chatText(alert)}}}});
        if (!secrets.signingKey.isEmpty()) {
            QUrlQuery query(post.url);
            query.removeAllQueryItems(QStringLiteral("timestamp"));
            query.removeAllQueryItems(QStringLiteral("sign"));
            query.addQueryItem(QStringLiteral("timestamp"), QString::number(nowMs));
            // Percent-encoded in full: Base64's '+', '/' and '=' must survive the query.
            query.addQueryItem(
                QStringLiteral("sign"),
                QString::fromLatin1(dingTalkSign(nowMs, secrets.signingKey).toPercentEncoding()));
            post.url.setQuery(query);
        }
        break;
    case AlertChannel::Kind::Feishu: {
        QJsonObject body{
            {QStringLiteral("msg_type"), QStringLiteral("text")},
            {QStringLiteral("content"), QJsonObject{{QStringLiteral("text"), chatText(alert)}}}};
        if (!secrets.signingKey.isEmpty()) {
            const qint64 seconds = nowMs / 1000;
            body.insert(QStringLiteral("timestamp"), QString::number(seconds));
            body.insert(QStringLiteral("sign"),
                        QString::fromLatin1(feishuSign(seconds, secrets.signingKey)));
        }
        post.body = compact(body);
        break;
    }
    case AlertChannel::Kind::Email:
        break;
    }
    return post;
}

QByteArray AlertPayloads::dingTalkSign(qint64 timestampMs, const QByteArray &secret)
{
    return hmac(secret, QByteArray::number(timestampMs) + '\n' + secret).toBase64();
}

QByteArray AlertPayloads::feishuSign(qint64 timestampS, const QByteArray &secret)
{
    return hmac(QByteArray::number(timestampS) + '\n' + secret, QByteArray()).toBase64();
}

QByteArray AlertPayloads::webhookSignature(qint64 timestampS, const QByteArray &body,
                                           const QByteArray &secret)
{
    return "sha256=" + hmac(secret, QByteArray::number(timestampS) + '.' + body).toHex();
}

AlertDelivery AlertPayloads::readAnswer(AlertChannel::Kind kind, int status, const QByteArray &body)
{
    AlertDelivery d;
    const QString said = oneLine(body);
    if (status < 200 || status >= 300) {
        d.answer = said.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                                  : QStringLiteral("HTTP %1: %2").arg(status).arg(said);
        return d;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    switch (kind) {
    case AlertChannel::Kind::Webhook:
        d.ok = true;
        break;
    case AlertChannel::Kind::Slack:
        d.ok = body.trimmed() == "ok";
        break;
    case AlertChannel::Kind::DingTalk:
        d.ok = json.contains(QStringLiteral("errcode")) &&
               json.value(QStringLiteral("errcode")).toInt(-1) == 0;
        break;
    case AlertChannel::Kind::Feishu: {
        // Newer bots answer "code", older ones "StatusCode".
        const QJsonValue code = json.contains(QStringLiteral("code"))
                                    ? json.value(QStringLiteral("code"))
                                    : json.value(QStringLiteral("StatusCode"));
        d.ok = !code.isUndefined() && code.toInt(-1) == 0;
        break;
    }
    case AlertChannel::Kind::Email:
        break;
    }
    d.answer = QStringLiteral("HTTP %1").arg(status);
    if (!said.isEmpty())
        d.answer += QStringLiteral(": ") + said;
    return d;
}

QByteArray AlertPayloads::mail(const AlertChannel &channel, const Alert &alert,
                               const QDateTime &now)
{
    const QLocale c = QLocale::c();
    QByteArray out;
    const auto header = [&out](const QByteArray &name, const QByteArray &value) {
        out += name + ": " + value + "\r\n";
    };
    header("Date", c.toString(now.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() +
                       " +0000");
    header("From", channel.from.toUtf8());
    header("To", channel.to.join(QStringLiteral(", ")).toUtf8());
    header("Subject", headerText(QStringLiteral("[LLMux] ") + alert.title));
    const QString domain = channel.from.section(QLatin1Char('@'), 1);
    header("Message-ID", "<" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + "@" +
                             (domain.isEmpty() ? QByteArray("llmux") : domain.toUtf8()) + ">");
    header("MIME-Version", "1.0");
    header("Content-Type", "text/plain; charset=UTF-8");
    header("Content-Transfer-Encoding", "base64");
    header("X-LLMux-Event", Alert::eventName(alert.event).toLatin1());
    out += "\r\n";
    QString text = alert.text() + QStringLiteral("\n\n");
    for (const auto &[name, value] : alert.details)
        text += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    text += QStringLiteral("\n-- \nSent by LLMux at %1 (UTC).\n")
                .arg(alert.at.toUTC().toString(Qt::ISODate));
    text.replace(QLatin1Char('\n'), QStringLiteral("\r\n"));
    const QByteArray encoded = text.toUtf8().toBase64();
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

} // namespace llmux
