#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTcpServer>

namespace llmux::test {

// An SMTP server on loopback (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN and LOGIN
// (RFC 4954), offered only once the connection is encrypted, as real servers do. Refuses mail
// from a client that has not logged in when it requires a login. Keeps every mail it took.
class FakeSmtpServer : public QTcpServer
{
    Q_OBJECT
public:
    // certificateFile and keyFile: PEM; the client must trust the certificate.
    FakeSmtpServer(const QString &certificateFile, const QString &keyFile, QByteArray user,
                   QByteArray password, QObject *parent = nullptr);

    bool start() { return listen(QHostAddress::LocalHost); }
    QString url() const { return QStringLiteral("smtp://127.0.0.1:%1").arg(serverPort()); }

    struct Mail
    {
        QByteArray from;
        QList<QByteArray> to;
        QByteArray data;
        bool encrypted = false;
        QByteArray user; // who logged in
    };
    const QList<Mail> &mails() const { return m_mails; }
    // Failed logins, so a test can tell a wrong password from nothing arriving.
    int failedLogins() const { return m_failedLogins; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
    QByteArray m_user;
    QByteArray m_password;
    QList<Mail> m_mails;
    int m_failedLogins = 0;
};

} // namespace llmux::test
