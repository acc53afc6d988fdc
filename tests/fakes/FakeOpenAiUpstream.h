#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>

namespace llmux::test {

// A fake OpenAI-compatible provider on raw QTcpServer sockets, speaking the real Chat Completions
// wire format (chat.completion JSON, chat.completion.chunk SSE with chunked framing, OpenAI error
// bodies) with failures injected per request (see FakeScenario). Every reply reports 11 prompt and
// 7 completion tokens. Event-driven only: no sleeps, so many slow requests overlap.
class FakeOpenAiUpstream : public QObject
{
    Q_OBJECT
public:
    explicit FakeOpenAiUpstream(QObject *parent = nullptr);

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    QString baseUrl() const;

    int requestCount() const { return m_requests; }
    QByteArray lastRequestBody() const { return m_lastBody; }
    QByteArray lastRequestPath() const { return m_lastPath; }
    QList<QPair<QByteArray, QByteArray>> lastRequestHeaders() const { return m_lastHeaders; }
    int openConnections() const { return m_openConnections; }
    int maxConcurrentRequests() const { return m_maxInFlight; }
    int requestsInFlight() const { return m_inFlight; }
    // Bytes the fake has written that its clients have not taken yet.
    qint64 unsentBytes() const;

    static constexpr int kPromptTokens = 11;
    static constexpr int kCompletionTokens = 7;

private:
    friend class FakeConnection;
    void onNewConnection();

    QTcpServer m_server;
    int m_requests = 0;
    int m_openConnections = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    QByteArray m_lastBody;
    QByteArray m_lastPath;
    QList<QPair<QByteArray, QByteArray>> m_lastHeaders;
};

} // namespace llmux::test
