#pragma once

#include "core/domain/Alert.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace llmux {

// Delivers one alert to one channel: an HTTPS POST for the webhook kinds (Qt Network), a mail
// over SMTP with STARTTLS or TLS and authentication for e-mail (libcurl, on a pool thread, as it
// blocks). Answers each send once, on this object's thread, with what the receiver said.
class AlertSender : public QObject
{
    Q_OBJECT
public:
    explicit AlertSender(QObject *parent = nullptr);
    // Waits for mails being sent (each gives up after timeoutMs).
    ~AlertSender() override;

    // How long one delivery may take (15 s by default).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    using Done = std::function<void(const AlertDelivery &)>;
    void send(const AlertChannel &channel, const AlertChannelSecrets &secrets, const Alert &alert,
              Done done);

private:
    void post(const AlertChannel &channel, const AlertChannelSecrets &secrets, const Alert &alert,
              Done done);
    void mail(const AlertChannel &channel, const AlertChannelSecrets &secrets, const Alert &alert,
              Done done);

    QNetworkAccessManager *m_network;
    QThreadPool m_mailers;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    int m_timeoutMs = 15000;
};

} // namespace llmux
