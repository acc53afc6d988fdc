#include "tests/fakes/FakeSmtpServer.h"

#include <QFile>
#include <QSslSocket>

#include <memory>

namespace llmux::test {
namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One client's conversation.
struct Session
{
    enum class State { Command, AuthPlain, AuthLoginUser, AuthLoginPassword, Data };
    State state = State::Command;
    QByteArray buffer;
    QByteArray loginUser;
    QByteArray authenticated;
    FakeSmtpServer::Mail mail;
    bool inMail = false;
};

QByteArray addressIn(const QByteArray &line)
{
    const qsizetype open = line.indexOf('<');
    const qsizetype close = line.indexOf('>', open);
    return open >= 0 && close > open ? line.mid(open + 1, close - open - 1) : QByteArray();
}

} // namespace

FakeSmtpServer::FakeSmtpServer(const QString &certificateFile, const QString &keyFile,
                               QByteArray user, QByteArray password, QObject *parent)
    : QTcpServer(parent)
    , m_certificate(readFile(certificateFile))
    , m_key(readFile(keyFile), QSsl::Rsa)
    , m_user(std::move(user))
    , m_password(std::move(password))
{}

void FakeSmtpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setLocalCertificate(m_certificate);
    socket->setPrivateKey(m_key);
    auto session = std::make_shared<Session>();
    const auto reply = [socket](const QByteArray &line) { socket->write(line + "\r\n"); };
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QSslSocket::readyRead, this, [this, socket, session, reply] {
        session->buffer += socket->readAll();
        qsizetype end;
        while ((end = session->buffer.indexOf("\r\n")) >= 0) {
            const QByteArray line = session->buffer.left(end);
            session->buffer.remove(0, end + 2);
            if (session->state == Session::State::Data) {
                if (line == ".") {
                    session->mail.encrypted = socket->isEncrypted();
                    session->mail.user = session->authenticated;
                    m_mails << session->mail;
                    session->mail = {};
                    session->inMail = false;
                    session->state = Session::State::Command;
                    reply("250 2.0.0 Ok: queued as FAKE1");
                } else {
                    // Dot-stuffing (RFC 5321 4.5.2).
                    session->mail.data += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
                }
                continue;
            }
            // AUTH PLAIN's credentials: "\0user\0password" in Base64.
            const auto plainLogin = [&](const QByteArray &encoded) {
                const QList<QByteArray> fields = QByteArray::fromBase64(encoded).split('\0');
                if (fields.size() == 3 && fields[1] == m_user && fields[2] == m_password) {
                    session->authenticated = m_user;
                    reply("235 2.7.0 Authentication successful");
                } else {
                    ++m_failedLogins;
                    reply("535 5.7.8 Authentication credentials invalid");
                }
            };
            if (session->state == Session::State::AuthPlain) {
                session->state = Session::State::Command;
                plainLogin(line);
                continue;
            }
            if (session->state == Session::State::AuthLoginUser) {
                session->loginUser = QByteArray::fromBase64(line);
                session->state = Session::State::AuthLoginPassword;
                reply("334 UGFzc3dvcmQ6");
                continue;
            }
            if (session->state == Session::State::AuthLoginPassword) {
                session->state = Session::State::Command;
                if (session->loginUser == m_user && QByteArray::fromBase64(line) == m_password) {
                    session->authenticated = m_user;
                    reply("235 2.7.0 Authentication successful");
                } else {
                    ++m_failedLogins;
                    reply("535 5.7.8 Authentication credentials invalid");
                }
                continue;
            }
            const QByteArray verb = line.split(' ').value(0).toUpper();
            if (verb == "EHLO" || verb == "HELO") {
                if (socket->isEncrypted())
                    reply("250-fake.smtp.test\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 "
                          "SIZE 10485760");
                else
                    reply("250-fake.smtp.test\r\n250-STARTTLS\r\n250-8BITMIME\r\n250 SIZE "
                          "10485760");
            } else if (verb == "STARTTLS") {
                if (socket->isEncrypted()) {
                    reply("503 5.5.1 TLS already active");
                    continue;
                }
                reply("220 2.0.0 Ready to start TLS");
                socket->flush();
                socket->startServerEncryption();
                session->buffer.clear(); // nothing sent before the handshake counts (RFC 3207)
                return;
            } else if (verb == "AUTH") {
                if (!socket->isEncrypted()) {
                    reply("538 5.7.11 Encryption required for requested authentication "
                          "mechanism");
                    continue;
                }
                const QList<QByteArray> parts = line.split(' ');
                const QByteArray mechanism = parts.value(1).toUpper();
                if (mechanism == "PLAIN") {
                    if (parts.size() < 3) { // no initial response: asked for
                        session->state = Session::State::AuthPlain;
                        reply("334 ");
                        continue;
                    }
                    plainLogin(parts.value(2));
                } else if (mechanism == "LOGIN") {
                    session->state = Session::State::AuthLoginUser;
                    reply("334 VXNlcm5hbWU6");
                } else {
                    reply("504 5.5.4 Unrecognized authentication type");
                }
            } else if (verb == "MAIL") {
                if (!m_user.isEmpty() && session->authenticated.isEmpty()) {
                    reply("530 5.7.0 Authentication required");
                    continue;
                }
                session->mail = {};
                session->mail.from = addressIn(line);
                session->inMail = true;
                reply("250 2.1.0 Ok");
            } else if (verb == "RCPT") {
                if (!session->inMail) {
                    reply("503 5.5.1 Error: need MAIL command");
                    continue;
                }
                session->mail.to << addressIn(line);
                reply("250 2.1.5 Ok");
            } else if (verb == "DATA") {
                if (session->mail.to.isEmpty()) {
                    reply("554 5.5.1 Error: no valid recipients");
                    continue;
                }
                session->state = Session::State::Data;
                reply("354 End data with <CR><LF>.<CR><LF>");
            } else if (verb == "RSET") {
                session->mail = {};
                session->inMail = false;
                reply("250 2.0.0 Ok");
            } else if (verb == "NOOP") {
                reply("250 2.0.0 Ok");
            } else if (verb == "QUIT") {
                reply("221 2.0.0 Bye");
                socket->disconnectFromHost();
                return;
            } else {
                reply("502 5.5.2 Error: command not recognized");
            }
        }
    });
    reply("220 fake.smtp.test ESMTP");
}

} // namespace llmux::test
