#include "tests/support/MemorySecretBackend.h"

#include <QTimer>

namespace llmux::test {

void MemorySecretBackend::setMode(Mode mode, QString failure)
{
    m_mode = mode;
    m_failure = std::move(failure);
}

void MemorySecretBackend::wake()
{
    m_mode = Mode::Answer;
    const QList<Held> held = std::exchange(m_held, {});
    for (const Held &h : held)
        h.done(apply(h.operation, h.account, h.secret));
}

void MemorySecretBackend::start(Operation operation, const QString &account,
                                const QByteArray &secret,
                                std::function<void(const Answer &)> done) const
{
    switch (m_mode) {
    case Mode::Hang:
        m_held.append({operation, account, secret, std::move(done)});
        return;
    case Mode::Fail: {
        const QString message =
            QStringLiteral("Cannot %1: %2.").arg(describe(operation), m_failure);
        QTimer::singleShot(0,
                           [done = std::move(done), message] { done(Answer::failure(message)); });
        return;
    }
    case Mode::Answer: {
        // Applied now, answered on the next event-loop turn, as a keychain daemon would.
        const Answer answer = apply(operation, account, secret);
        QTimer::singleShot(0, [done = std::move(done), answer] { done(answer); });
        return;
    }
    }
}

MemorySecretBackend::Answer MemorySecretBackend::apply(Operation operation, const QString &account,
                                                       const QByteArray &secret) const
{
    switch (operation) {
    case Operation::Read:
        if (const auto it = m_secrets.constFind(account); it != m_secrets.cend())
            return *it;
        return Answer::failure(
            QStringLiteral("Cannot %1: the keychain has no such entry.").arg(describe(operation)));
    case Operation::Write:
        m_secrets.insert(account, secret);
        return QByteArray();
    case Operation::Remove:
        m_secrets.remove(account);
        return QByteArray();
    }
    return QByteArray();
}

} // namespace llmux::test
