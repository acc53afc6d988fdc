#include "core/common/SecretMask.h"

namespace llmux {

void SecretMask::add(QByteArrayView secret)
{
    if (secret.size() < kMinimumLength)
        return;
    const QByteArray raw = secret.toByteArray();
    if (!m_secrets.contains(raw))
        m_secrets.append(raw);
    // JSON may escape a slash; an echo inside a JSON string then reads "\/".
    if (raw.contains('/')) {
        QByteArray escaped = raw;
        escaped.replace("/", "\\/");
        m_secrets.append(escaped);
    }
}

QByteArray SecretMask::apply(QByteArray text) const
{
    for (const QByteArray &secret : m_secrets)
        if (text.contains(secret))
            text.replace(secret, kReplacement);
    return text;
}

QByteArray SecretMask::applyToContent(QByteArray text) const
{
    for (const QByteArray &secret : m_secrets)
        if (secret.size() >= kMinimumContentLength && text.contains(secret))
            text.replace(secret, kReplacement);
    return text;
}

QString SecretMask::apply(const QString &text) const
{
    if (m_secrets.isEmpty())
        return text;
    const QByteArray utf8 = text.toUtf8();
    const QByteArray masked = apply(utf8);
    return masked.size() == utf8.size() && masked == utf8 ? text : QString::fromUtf8(masked);
}

} // namespace llmux
