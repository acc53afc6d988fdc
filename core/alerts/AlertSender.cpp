#include "core/alerts/AlertSender.h"

#include "core/alerts/AlertPayloads.h"
#include "core/alerts/SmtpMail.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace llmux {
namespace {

constexpr qint64 kMaxAnswerBytes = 64 * 1024;

// Blots a channel's secrets (its address holds a token) out of what a receiver answered.
QString masked(QString text, const AlertChannelSecrets &secrets)
{
    for (const QString &secret :
         {secrets.url, QString::fromUtf8(secrets.signingKey), QString::fromUtf8(secrets.password)})
        if (secret.size() >= 6)
            text.replace(secret, QStringLiteral("[secret]"));
    return text;
}

} // namespace

AlertSender::AlertSender(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_mailers.setMaxThreadCount(2);
}

AlertSender::~AlertSender()
{
    m_mailers.waitForDone();
}

void AlertSender::send(const AlertChannel &channel, const AlertChannelSecrets &secrets,
                       const Alert &alert, Done done)
{
    auto answer = [channel, secrets, done = std::move(done)](AlertDelivery d) {
        d.channelId = channel.id;
        d.channel = channel.name;
        d.answer = masked(d.answer, secrets);
        done(d);
    };
    if (channel.kind == AlertChannel::Kind::Email)
        mail(channel, secrets, alert, std::move(answer));
    else
        post(channel, secrets, alert, std::move(answer));
}

void AlertSender::post(const AlertChannel &channel, const AlertChannelSecrets &secrets,
                       const Alert &alert, Done done)
{
    const QUrl url(secrets.url);
    if (secrets.url.isEmpty() || !url.isValid() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        done({0,
              {},
              false,
              QStringLiteral("The channel has no usable address in the keychain; set it again "
                             "with llmux alert add.")});
        return;
    }
    const AlertPayloads::HttpPost post =
        AlertPayloads::httpPost(channel, secrets, alert, QDateTime::currentMSecsSinceEpoch());
    QNetworkRequest request(post.url);
    for (const auto &[name, value] : post.headers)
        request.setRawHeader(name, value);
    request.setRawHeader("User-Agent", "LLMux");
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->post(request, post.body);
    const AlertChannel::Kind kind = channel.kind;
    connect(reply, &QNetworkReply::finished, this, [reply, kind, done = std::move(done)] {
        reply->deleteLater();
        const QByteArray body = reply->read(kMaxAnswerBytes);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            done({0, {}, false, reply->errorString()});
            return;
        }
        done(AlertPayloads::readAnswer(kind, status, body));
    });
}

void AlertSender::mail(const AlertChannel &channel, const AlertChannelSecrets &secrets,
                       const Alert &alert, Done done)
{
    SmtpMail job{channel, secrets.password,
                 AlertPayloads::mail(channel, alert, QDateTime::currentDateTimeUtc()), m_timeoutMs};
    // The pool is waited for before this object goes, so the answer always has a receiver.
    m_mailers.start([this, job = std::move(job), done = std::move(done)]() mutable {
        AlertDelivery d = job.send();
        QMetaObject::invokeMethod(
            this, [d, done = std::move(done)] { done(d); }, Qt::QueuedConnection);
    });
}

} // namespace llmux
