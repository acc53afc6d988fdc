#pragma once

#include "core/store/SecretStore.h"

#include <QHash>
#include <QList>

namespace llmux::test {

// Secrets in memory, for tests of what LLMux does when the keychain misbehaves, without pausing
// a real keyring daemon. It answers on the next event-loop turn, fails every operation with a
// given message, or hangs: it holds every operation until wake(), which then answers them in
// order, as a keychain does once its unlock prompt is answered. Single-threaded, like its users.
class MemorySecretBackend final : public SecretBackend
{
public:
    enum class Mode { Answer, Fail, Hang };

    void setMode(Mode mode, QString failure = QStringLiteral("the keychain is broken"));
    // Answers what was held (writes and removals land now), then answers as usual.
    void wake();
    int heldOperations() const { return int(m_held.size()); }
    bool contains(const QString &account) const { return m_secrets.contains(account); }

    void start(Operation operation, const QString &account, const QByteArray &secret,
               std::function<void(const Answer &)> done) const override;

private:
    struct Held
    {
        Operation operation;
        QString account;
        QByteArray secret;
        std::function<void(const Answer &)> done;
    };
    Answer apply(Operation operation, const QString &account, const QByteArray &secret) const;

    Mode m_mode = Mode::Answer;
    QString m_failure;
    mutable QHash<QString, QByteArray> m_secrets;
    mutable QList<Held> m_held;
};

} // namespace llmux::test
