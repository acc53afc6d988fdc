#include "tests/fakes/FakeUpstream.h"

#include "tests/fakes/FakeConnection.h"
#include "tests/fakes/FakeWire.h"

#include <QTcpSocket>

namespace llmux::test {

namespace {

std::unique_ptr<FakeWire> makeWire(FakeUpstream::Dialect dialect)
{
    switch (dialect) {
    case FakeUpstream::Dialect::Anthropic:
        return makeAnthropicWire();
    case FakeUpstream::Dialect::Gemini:
        return makeGeminiWire();
    case FakeUpstream::Dialect::OpenAiResponses:
        return makeOpenAiWire(true);
    case FakeUpstream::Dialect::OpenAi:
        break;
    }
    return makeOpenAiWire(false);
}

} // namespace

FakeUpstream::FakeUpstream(Dialect dialect, QObject *parent)
    : QObject(parent)
    , m_dialect(dialect)
    , m_wire(makeWire(dialect))
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeUpstream::onNewConnection);
}

FakeUpstream::~FakeUpstream() = default;

bool FakeUpstream::listen(const QHostAddress &address, quint16 port)
{
    m_server.setMaxPendingConnections(1024);
    return m_server.listen(address, port);
}

QString FakeUpstream::baseUrl() const
{
    return m_wire->baseUrl(port());
}

qint64 FakeUpstream::unsentBytes() const
{
    qint64 total = 0;
    for (const QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
        total += socket->bytesToWrite();
    return total;
}

QByteArray FakeUpstream::apiKeyOf(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    for (const auto &[name, value] : headers) {
        if (name == "authorization")
            return value.startsWith("Bearer ") ? value.mid(7) : value;
        if (name == "x-api-key" || name == "x-goog-api-key" || name == "api-key")
            return value;
    }
    return {};
}

bool FakeUpstream::rejects(const FakeRequest &request) const
{
    return !m_rejectedKeys.isEmpty() && m_rejectedKeys.contains(apiKeyOf(request.headers));
}

void FakeUpstream::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new FakeConnection(this, socket);
    }
}

} // namespace llmux::test
