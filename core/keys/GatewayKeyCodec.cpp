#include "core/keys/GatewayKeyCodec.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace llmux {

QString GatewayKeyCodec::generate()
{
    static constexpr char kAlphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    constexpr int kAlphabetSize = sizeof(kAlphabet) - 1;
    constexpr int kLength = 43; // 43 base-62 characters carry more than 256 bits
    QString key = kPrefix;
    key.reserve(kPrefix.size() + kLength);
    // QRandomGenerator::system() is the OS's cryptographic source; bounded() avoids modulo bias.
    for (int i = 0; i < kLength; ++i)
        key += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(kAlphabetSize)]);
    return key;
}

QByteArray GatewayKeyCodec::hash(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

QString GatewayKeyCodec::displayPrefix(const QString &key)
{
    return key.left(kPrefix.size() + 4) + QStringLiteral("…");
}

bool GatewayKeyCodec::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    return diff == 0;
}

} // namespace llmux
