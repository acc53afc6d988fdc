#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>

#include <memory>

namespace llmux::test {

class FakeWire;
struct FakeRequest;

// A fake LLM provider on raw QTcpServer sockets, speaking one vendor's real wire format (its JSON
// replies, its streams with chunked framing and keep-alive, its error bodies) with failures
// injected per request by the model name (see FakeScenario). Every reply reports 11 prompt and 7
// completion tokens and answers "Hello from fake upstream: <last user text>" in every dialect.
// Event-driven only: no sleeps, so many slow requests overlap.
class FakeUpstream : public QObject
{
    Q_OBJECT
public:
    // OpenAiResponses: OpenAI's wire with the Responses API too (OpenAi: without it, like most
    // OpenAI-compatible services).
    enum class Dialect { OpenAi, OpenAiResponses, Anthropic, Gemini };

    explicit FakeUpstream(Dialect dialect, QObject *parent = nullptr);
    ~FakeUpstream() override;

    Dialect dialect() const { return m_dialect; }
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    // What a client is configured with: OpenAI ".../v1", Anthropic the bare origin (clients add
    // /v1/messages), Gemini ".../v1beta".
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
    // Requests carrying this API key (in whatever header the dialect uses) get the vendor's 401.
    void rejectKey(const QByteArray &key) { m_rejectedKeys.append(key); }
    void acceptAllKeys() { m_rejectedKeys.clear(); }
    // The API key of every request so far, in order.
    QList<QByteArray> keysSeen() const { return m_keysSeen; }
    static QByteArray apiKeyOf(const QList<QPair<QByteArray, QByteArray>> &headers);

    static constexpr int kPromptTokens = 11;
    static constexpr int kCompletionTokens = 7;

private:
    friend class FakeConnection;
    void onNewConnection();
    bool rejects(const FakeRequest &request) const;
    // How many requests for this model came before this one.
    int countForModel(const QByteArray &model) { return m_perModel[model]++; }

    Dialect m_dialect;
    std::unique_ptr<FakeWire> m_wire; // before m_server: connections go first
    QTcpServer m_server;
    int m_requests = 0;
    int m_openConnections = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    QByteArray m_lastBody;
    QByteArray m_lastPath;
    QList<QPair<QByteArray, QByteArray>> m_lastHeaders;
    QList<QByteArray> m_rejectedKeys;
    QList<QByteArray> m_keysSeen;
    QHash<QByteArray, int> m_perModel;
};

} // namespace llmux::test
