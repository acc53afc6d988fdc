#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace llmux {

// Makes gateway keys and turns them into what may be stored: a SHA-256 hash and a short display
// prefix. Keys carry 256 bits of randomness, so a fast hash is safe; the plaintext key exists
// only in the moment it is shown to the user.
class GatewayKeyCodec
{
public:
    static constexpr QLatin1StringView kPrefix{"sk-llmux-"};

    static QString generate();
    static QByteArray hash(QByteArrayView key);
    static QString displayPrefix(const QString &key);
    // Compares two equal-length byte strings in time independent of where they differ.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};

} // namespace llmux
