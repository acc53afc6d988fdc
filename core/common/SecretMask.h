#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace llmux {

// The secrets LLMux sent along with one upstream request (its API key, a proxy password), to be
// blotted out of anything that comes back before it is relayed, logged or printed: some providers
// echo the credential they received in their error bodies.
class SecretMask
{
public:
    // Remembers a secret; empty and very short ones are ignored (they are not secrets worth the
    // damage masking them would do to ordinary text).
    void add(QByteArrayView secret);
    bool isEmpty() const { return m_secrets.isEmpty(); }

    // For errors, messages and logs: every secret.
    QByteArray apply(QByteArray text) const;
    QString apply(const QString &text) const;
    // For a provider's successful answers: only secrets long enough (API keys, tokens) that they
    // cannot be ordinary words or numbers of the answer (a short proxy password could be).
    QByteArray applyToContent(QByteArray text) const;

    static constexpr qsizetype kMinimumLength = 6;
    static constexpr qsizetype kMinimumContentLength = 20;
    static constexpr char kReplacement[] = "[secret masked by LLMux]";

private:
    QList<QByteArray> m_secrets; // each as sent, and as a JSON string would escape it
};

} // namespace llmux
