#include "core/alerts/SmtpMail.h"

#include <QUrl>

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <mutex>

namespace llmux {
namespace {

struct Upload
{
    const QByteArray *data;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *user)
{
    auto *upload = static_cast<Upload *>(user);
    const size_t left = size_t(upload->data->size() - upload->offset);
    const size_t n = std::min(left, size * count);
    std::memcpy(buffer, upload->data->constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

// The address part of "Name <a@b>", or the text itself.
QByteArray mailbox(const QString &text)
{
    const qsizetype open = text.indexOf(QLatin1Char('<'));
    const qsizetype close = text.lastIndexOf(QLatin1Char('>'));
    const QString address =
        open >= 0 && close > open ? text.mid(open + 1, close - open - 1) : text.trimmed();
    return "<" + address.trimmed().toUtf8() + ">";
}

int progress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *cancelled = static_cast<const std::atomic<bool> *>(user);
    return cancelled->load() ? 1 : 0; // non-zero aborts the transfer
}

} // namespace

AlertDelivery SmtpMail::send() const
{
    static std::once_flag initialised;
    std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    AlertDelivery d;
    QUrl server(channel.where);
    if (!server.isValid() || server.host().isEmpty()) {
        d.answer = QStringLiteral("The channel's server '%1' is not an smtp:// or smtps:// "
                                  "address.")
                       .arg(channel.where.left(100));
        return d;
    }
    // libcurl speaks implicit TLS for smtps:// and plain SMTP (upgraded by STARTTLS) otherwise.
    server.setScheme(channel.tls == AlertChannel::Tls::Implicit ? QStringLiteral("smtps")
                                                                : QStringLiteral("smtp"));
    CURL *curl = curl_easy_init();
    if (!curl) {
        d.answer = QStringLiteral("libcurl could not start a transfer.");
        return d;
    }
    char error[CURL_ERROR_SIZE] = {};
    const QByteArray url = server.toString(QUrl::RemoveUserInfo).toUtf8();
    const QByteArray from = mailbox(channel.from);
    const QByteArray user = channel.user.toUtf8();
    const QByteArray caFile = channel.caFile.toUtf8();
    curl_slist *recipients = nullptr;
    for (const QString &to : channel.to)
        recipients = curl_slist_append(recipients, mailbox(to).constData());
    Upload upload{&message};

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(timeoutMs, 10000)));
    if (channel.tls == AlertChannel::Tls::StartTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    if (cancelled) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
        // curl passes it back as given; progress() only reads it.
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, static_cast<const void *>(cancelled.get()));
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    const CURLcode result = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);

    if (result == CURLE_OK) {
        d.ok = true;
        d.answer = QStringLiteral("SMTP %1: accepted by %2").arg(code).arg(server.host());
    } else {
        const QString why = QString::fromUtf8(error[0] ? error : curl_easy_strerror(result));
        d.answer = code >= 400 ? QStringLiteral("SMTP %1: %2").arg(code).arg(why) : why;
    }
    return d;
}

} // namespace llmux
