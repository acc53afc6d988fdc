#pragma once

#include "core/domain/Records.h"
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/SecretStore.h"
#include "core/upstream/HttpResponseParser.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "tests/support/TestClock.h"

#include <QTcpSocket>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace llmux::test {

// A real gateway on an ephemeral loopback port in front of the fake OpenAI upstream, with a
// provider "fake", a model alias "gpt-fake" and a gateway key, plus a raw HTTP client to talk to
// it. The provider's API key comes from an environment variable, so no keychain is needed.
class GatewayFixture
{
public:
    explicit GatewayFixture(HttpLimits limits = testLimits());
    ~GatewayFixture();

    static HttpLimits testLimits();
    // Sets everything up and waits for the gateway to be ready; returns an error or empty.
    // setup runs after the default provider, model and key exist and before the gateway starts,
    // so extra providers and models are in its first configuration.
    QString start(ProviderTimeouts timeouts = {},
                  const std::function<QString(GatewayFixture &)> &setup = {});

    QString addModel(const QString &publicName, const QString &upstreamModel,
                     std::optional<ModelPrice> price = std::nullopt, qint64 providerId = 0);
    qint64 addProvider(const QString &name, const QString &baseUrl, ProviderTimeouts timeouts,
                       const QString &kind = QStringLiteral("openai"));
    // The provider's ProviderRecord::responsesApi.
    bool setResponsesApi(qint64 providerId, const QString &mode);

    struct Response
    {
        int status = 0;
        HeaderList headers;
        QByteArray body;
        bool complete = false;
        QString error;
        QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    };

    QByteArray chatRequest(const QByteArray &json, const QByteArray &extraHeaders = {}) const;
    QByteArray rawRequest(const QByteArray &method, const QByteArray &path,
                          const QByteArray &body = {}, const QByteArray &extraHeaders = {},
                          bool withKey = true) const;
    // Opens a connection, writes the bytes and reads one complete response.
    Response send(const QByteArray &raw, int timeoutMs = 15000) const;
    Response chat(const QByteArray &json, const QByteArray &extraHeaders = {}) const
    {
        return send(chatRequest(json, extraHeaders));
    }
    // Flushes the usage writer and returns the newest log entries, newest first.
    QList<RequestLogEntry> log(int limit = 50) const;

    FakeOpenAiUpstream upstream;
    // What routing and health checks run on: tests move it forward instead of sleeping.
    test::TestClock clock;
    test::SeededRandom random;
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretStore> secrets;
    std::unique_ptr<Gateway> gateway;
    HttpLimits limits;
    QByteArray key;
    qint64 providerId = 0;
};

// Reads HTTP responses from a socket, pumping the event loop while waiting.
class RawClient
{
public:
    explicit RawClient(quint16 port);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    // Waits for one complete response (or an error / timeout).
    GatewayFixture::Response readResponse(int timeoutMs = 15000);
    // Waits until the raw bytes received so far contain the needle.
    bool waitForBytes(const QByteArray &needle, int timeoutMs = 15000);
    QByteArray received() const { return m_received; }
    bool waitForDisconnect(int timeoutMs = 15000);
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    qsizetype m_consumed = 0;
};

} // namespace llmux::test
