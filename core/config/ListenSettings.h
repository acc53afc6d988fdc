#pragma once

#include "core/common/Result.h"

#include <QHostAddress>
#include <QString>

namespace llmux {

class SettingsRepository;

// Where the gateway listens (settings listen_host and listen_port): read, checked and saved in
// one place for `llmux serve`, the desktop app and its Settings page.
class ListenSettings
{
public:
    static constexpr const char *kHostKey = "listen_host";
    static constexpr const char *kPortKey = "listen_port";
    // Avoids the ports of Ollama, LM Studio, LiteLLM, Portkey and claude-code-router.
    static constexpr quint16 kDefaultPort = 5569;

    static QString storedHost(const SettingsRepository &settings);
    static QString storedPort(const SettingsRepository &settings);

    // "localhost", IPv4 or IPv6 text; the error names what was wrong and what works.
    static Result<QHostAddress> parseHost(const QString &text);
    static Result<quint16> parsePort(const QString &text);

    // Checks both before storing either.
    static Status save(SettingsRepository &settings, const QString &host, const QString &port);
};

} // namespace llmux
