#pragma once

#include "core/domain/Alert.h"

#include <QByteArray>

#include <atomic>
#include <memory>

namespace llmux {

// One mail sent over SMTP with libcurl: to the channel's server, with STARTTLS (required, not
// merely tried), implicit TLS or, when the user chose it, none; logging in when the channel has a
// user. Blocks until the server has answered: run it off the GUI and gateway threads.
struct SmtpMail
{
    AlertChannel channel;
    QByteArray password;
    QByteArray message; // RFC 5322, CRLF line ends
    int timeoutMs = 15000;
    // Set when the sender goes: a transfer under way gives up.
    std::shared_ptr<const std::atomic<bool>> cancelled{};

    AlertDelivery send() const;
};

} // namespace llmux
