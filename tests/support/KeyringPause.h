#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QtGlobal>

#include <csignal>
#include <sys/types.h>

namespace llmux::test {

// True inside tests/support/with-keyring.sh, whose gnome-keyring belongs to the test run alone.
inline bool insidePrivateKeyring()
{
    return !qEnvironmentVariableIsEmpty("LLMUX_TEST_PRIVATE_KEYRING");
}

// Freezes the Secret Service daemon of the test run's private D-Bus session while it lives, so
// the keychain does not answer, as when an unlock prompt is ignored. Does nothing outside
// with-keyring.sh: a developer's own keyring is never paused.
class KeyringPause
{
public:
    KeyringPause()
    {
        if (!insidePrivateKeyring())
            return;
        QProcess ask;
        ask.start(QStringLiteral("dbus-send"),
                  {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                   QStringLiteral("--dest=org.freedesktop.DBus"),
                   QStringLiteral("/org/freedesktop/DBus"),
                   QStringLiteral("org.freedesktop.DBus.GetConnectionUnixProcessID"),
                   QStringLiteral("string:org.freedesktop.secrets")});
        if (!ask.waitForFinished(10000) || ask.exitCode() != 0)
            return;
        // "method return ... \n   uint32 1234"
        const QByteArray reply = ask.readAllStandardOutput().trimmed();
        m_pid = reply.mid(reply.lastIndexOf(' ') + 1).toLongLong();
        if (m_pid > 1 && ::kill(pid_t(m_pid), SIGSTOP) != 0)
            m_pid = 0;
    }
    ~KeyringPause() { resume(); }
    KeyringPause(const KeyringPause &) = delete;
    KeyringPause &operator=(const KeyringPause &) = delete;

    bool paused() const { return m_pid > 1; }
    void resume()
    {
        if (paused())
            ::kill(pid_t(m_pid), SIGCONT);
        m_pid = 0;
    }

private:
    qint64 m_pid = 0;
};

} // namespace llmux::test
