#include "ui/playground/ChatStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace llmux {
namespace {

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// The message of an OpenAI-style error object ({"error": {"message": ...}} or {"error": "..."}).
QString errorMessage(const QJsonValue &error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject object = error.toObject();
    QString message = object.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return message;
}

} // namespace

ChatStream::ChatStream(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

ChatStream::~ChatStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ChatStream::start(const QUrl &url, const QString &key, const QByteArray &body)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_parser = SseParser();
    m_errorBody.clear();
    m_streamError.clear();
    m_servedModel.clear();
    m_firstTokenMs.reset();
    m_usage.reset();
    m_totalMs = 0;
    m_done = false;
    m_stopped = false;

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Authorization", "Bearer " + key.toLatin1());
    // A reply may take minutes to start (long reasoning); only Stop ends it early.
    request.setTransferTimeout(0);
    m_clock.start();
    m_reply = m_network->post(request, body);
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatStream::onFinished);
}

void ChatStream::abort()
{
    if (!m_reply)
        return;
    m_stopped = true;
    m_reply->abort(); // finished() follows synchronously
}

void ChatStream::onReadyRead()
{
    const QByteArray bytes = m_reply->readAll();
    // An error arrives as one JSON document, whatever the status says.
    const bool eventStream = m_reply->header(QNetworkRequest::ContentTypeHeader)
                                 .toString()
                                 .startsWith(QLatin1String("text/event-stream"));
    if (httpStatus(m_reply) >= 400 || !eventStream) {
        m_errorBody += bytes.left(64 * 1024 - m_errorBody.size());
        return;
    }
    for (const SseParser::Event &event : m_parser.feed(bytes))
        handleEvent(event);
}

void ChatStream::handleEvent(const SseParser::Event &event)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty())
        return;
    if (data == "[DONE]") {
        m_done = true;
        return;
    }
    const QJsonObject chunk = QJsonDocument::fromJson(data).object();
    if (chunk.contains(QStringLiteral("error"))) {
        m_streamError = errorMessage(chunk.value(QStringLiteral("error")));
        return;
    }
    if (const QString model = chunk.value(QStringLiteral("model")).toString(); !model.isEmpty())
        m_servedModel = model;
    if (const auto usage = chunk.value(QStringLiteral("usage")); usage.isObject())
        if (const auto tokens = TokenUsage::fromOpenAiJson(data))
            m_usage = tokens;
    QString text;
    for (const auto &choice : chunk.value(QStringLiteral("choices")).toArray())
        text += choice.toObject()
                    .value(QStringLiteral("delta"))
                    .toObject()
                    .value(QStringLiteral("content"))
                    .toString();
    if (text.isEmpty())
        return;
    if (!m_firstTokenMs)
        m_firstTokenMs = m_clock.elapsed();
    Q_EMIT textReceived(text);
}

QString ChatStream::describeHttpError(int status, const QByteArray &body) const
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    QString message = json.contains(QStringLiteral("error"))
                          ? errorMessage(json.value(QStringLiteral("error")))
                          : QString::fromUtf8(body.left(300)).trimmed();
    if (status == 401)
        return tr("The gateway did not accept the Playground's key (%1). Check it on the Keys "
                  "page, or start a new chat to get a new one.")
            .arg(message);
    if (message.isEmpty())
        return tr("The gateway answered with HTTP status %1 and no explanation.").arg(status);
    return tr("The gateway answered with HTTP status %1: %2").arg(status).arg(message);
}

void ChatStream::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    m_totalMs = m_clock.elapsed();
    if (reply->bytesAvailable() > 0) {
        m_reply = reply;
        onReadyRead();
        m_reply = nullptr;
    }
    for (const SseParser::Event &event : m_parser.feed("\n\n"))
        handleEvent(event);

    const int status = httpStatus(reply);
    QString error;
    if (m_stopped) {
        error.clear();
    } else if (status >= 400) {
        error = describeHttpError(status, m_errorBody);
    } else if (const QJsonObject json = QJsonDocument::fromJson(m_errorBody).object();
               json.contains(QStringLiteral("error"))) {
        error = tr("The gateway could not get a reply: %1")
                    .arg(errorMessage(json.value(QStringLiteral("error"))));
    } else if (!m_streamError.isEmpty()) {
        error =
            tr("The model's provider reported an error during the reply: %1").arg(m_streamError);
    } else if (reply->error() == QNetworkReply::ConnectionRefusedError) {
        error = tr("Cannot reach the gateway at %1: it is not running. Start it, then send "
                   "again.")
                    .arg(reply->url().toString(QUrl::RemovePath));
    } else if (reply->error() != QNetworkReply::NoError) {
        error = tr("The connection to the gateway failed: %1").arg(reply->errorString());
    } else if (!m_done && !m_firstTokenMs && !m_usage) {
        error = tr("The gateway ended the reply without sending anything.");
    }
    Q_EMIT finished(error, m_stopped);
}

} // namespace llmux
