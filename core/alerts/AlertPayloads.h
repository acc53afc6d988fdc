#pragma once

#include "core/domain/Alert.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace llmux {

// What each kind of receiver is sent for an alert, in its own documented format, and how its
// answer is read. Pure functions: the senders do the talking.
class AlertPayloads
{
public:
    struct HttpPost
    {
        QUrl url;
        QByteArray body; // JSON
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    // The POST for a webhook, Slack, DingTalk or Feishu channel, signed when the channel has a
    // signing key; nowMs is the Unix time in milliseconds the signature is made for.
    static HttpPost httpPost(const AlertChannel &channel, const AlertChannelSecrets &secrets,
                             const Alert &alert, qint64 nowMs);

    // DingTalk's signature: Base64 of HMAC-SHA256 keyed with the secret over
    // "timestamp\nsecret", the timestamp in milliseconds (sent URL-encoded as &sign=).
    static QByteArray dingTalkSign(qint64 timestampMs, const QByteArray &secret);
    // Feishu/Lark's: Base64 of HMAC-SHA256 keyed with "timestamp\nsecret" over nothing, the
    // timestamp in seconds (sent in the body beside it).
    static QByteArray feishuSign(qint64 timestampS, const QByteArray &secret);
    // The generic webhook's X-LLMux-Signature: "sha256=" and the hex HMAC-SHA256 keyed with the
    // secret over "timestamp.body" (timestamp in seconds, also sent as X-LLMux-Timestamp).
    static QByteArray webhookSignature(qint64 timestampS, const QByteArray &body,
                                       const QByteArray &secret);

    // Whether the receiver took the alert, from its HTTP status and body (Slack answers "ok",
    // DingTalk errcode 0, Feishu code 0), and its answer in a line.
    static AlertDelivery readAnswer(AlertChannel::Kind kind, int status, const QByteArray &body);

    // The e-mail (RFC 5322, UTF-8, CRLF line ends) for an alert.
    static QByteArray mail(const AlertChannel &channel, const Alert &alert, const QDateTime &now);
};

} // namespace llmux
