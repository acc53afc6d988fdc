#include "core/alerts/AlertSender.h"

#include "core/alerts/AlertPayloads.h"
#include "core/alerts/SmtpMail.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace llmux {
namespace {

constexpr qint64 kMaxAnswerBytes = 64 * 1024;

// Blots a channel's secrets out of what a receiver answered: the address (and, as receivers may
// echo only those, its path and query values, where webhook tokens live), the signing secret and
// the password.
QString masked(QString text, const AlertChannelSecrets &secrets)
{
    QStringList secretParts = {secrets.url, QString::fromUtf8(secrets.signingKey),
                               QString::fromUtf8(secrets.password)};
    const QUrl url(secrets.url);
    secretParts << url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        secretParts << value;
    // Longest first, so a part inside a longer secret does not break that one's masking.
    std::sort(secretParts.begin(), secretParts.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(secretParts))
        if (secret.size() >= 8)
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
    // Mails not yet begun are dropped; those being sent give up at once.
    m_mailers.clear();
    m_cancelled->store(true);
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
    // A receiver that answers without end, or slowly, is cut off: its answer is only read for a
    // line, and the whole delivery has one deadline (the transfer timeout restarts with each byte).
    reply->setReadBufferSize(kMaxAnswerBytes);
    auto answer = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::readyRead, reply, [reply, answer] {
        *answer += reply->read(kMaxAnswerBytes - answer->size());
        if (answer->size() >= kMaxAnswerBytes)
            reply->abort();
    });
    QTimer::singleShot(m_timeoutMs, reply, [reply] { reply->abort(); });
    const AlertChannel::Kind kind = channel.kind;
    connect(reply, &QNetworkReply::finished, this, [reply, answer, kind, done = std::move(done)] {
        reply->deleteLater();
        *answer += reply->read(kMaxAnswerBytes - answer->size());
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            done({0, {}, false, reply->errorString()});
            return;
        }
        done(AlertPayloads::readAnswer(kind, status, *answer));
    });
}

void AlertSender::mail(const AlertChannel &channel, const AlertChannelSecrets &secrets,
                       const Alert &alert, Done done)
{
    SmtpMail job{channel, secrets.password,
                 AlertPayloads::mail(channel, alert, QDateTime::currentDateTimeUtc()), m_timeoutMs,
                 m_cancelled};
    // The pool is waited for before this object goes, so the answer always has a receiver.
    m_mailers.start([this, job = std::move(job), done = std::move(done)]() mutable {
        AlertDelivery d = job.send();
        QMetaObject::invokeMethod(
            this, [d, done = std::move(done)] { done(d); }, Qt::QueuedConnection);
    });
}

} // namespace llmux
