#include "tests/integration/GatewayFixture.h"

#include "core/keys/GatewayKeyCodec.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/usage/RequestLogWriter.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QSignalSpy>

namespace llmux::test {
namespace {

bool pumpUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

} // namespace

HttpLimits GatewayFixture::testLimits()
{
    HttpLimits l;
    l.maxBodyBytes = 1024 * 1024;
    l.maxHeaderBytes = 16 * 1024;
    l.idleTimeoutMs = 2000;
    l.drainTimeoutMs = 1000; // a refused body's client that never sends it is let go sooner
    l.maxConnections = 256;
    return l;
}

GatewayFixture::GatewayFixture(HttpLimits limits)
    : limits(limits)
{}

GatewayFixture::~GatewayFixture()
{
    if (gateway)
        gateway->stop();
}

QString GatewayFixture::start(ProviderTimeouts timeouts,
                              const std::function<QString(GatewayFixture &)> &setup)
{
    if (!upstream.listen())
        return QStringLiteral("fake upstream cannot listen");
    qputenv("LLMUX_TEST_PROVIDER_KEY", "sk-upstream-secret");
    db = std::make_unique<Database>(dir.filePath(QStringLiteral("llmux.sqlite")));
    if (Status s = db->open(); !s)
        return s.error();
    secrets = std::make_unique<SecretStore>(QStringLiteral("LLMux-tests"));
    // Health checks would add requests to the fakes that tests count; tst_health turns them on.
    if (Status s = SettingsRepository(*db).setValue(QStringLiteral("health.interval_ms"),
                                                    QStringLiteral("0"));
        !s)
        return s.error();
    providerId = addProvider(QStringLiteral("fake"), upstream.baseUrl(), timeouts);
    if (providerId <= 0)
        return QStringLiteral("cannot add provider");
    if (QString e =
            addModel(QStringLiteral("gpt-fake"), QStringLiteral("gpt-fake"), ModelPrice{1.0, 2.0});
        !e.isEmpty())
        return e;
    const QString plain = GatewayKeyCodec::generate();
    key = plain.toLatin1();
    GatewayKeyRecord record;
    record.name = QStringLiteral("tests");
    record.keyHash = GatewayKeyCodec::hash(key);
    record.displayPrefix = GatewayKeyCodec::displayPrefix(plain);
    if (auto id = GatewayKeyRepository(*db).add(record); !id)
        return id.error();
    if (setup)
        if (QString e = setup(*this); !e.isEmpty())
            return e;

    gateway = std::make_unique<Gateway>(*db, *secrets, clock, random);
    QSignalSpy ready(gateway.get(), &Gateway::ready);
    GatewayOptions options;
    options.port = 0;
    options.limits = limits;
    options.workerThreads = 2;
    if (Status s = gateway->start(options); !s)
        return s.error();
    if (!gateway->isReady() && !ready.wait(10000))
        return QStringLiteral("gateway did not become ready");
    return QString();
}

qint64 GatewayFixture::addProvider(const QString &name, const QString &baseUrl,
                                   ProviderTimeouts timeouts, const QString &kind)
{
    ProviderRecord p;
    p.name = name;
    p.kind = kind;
    p.baseUrl = baseUrl;
    p.apiKeyEnv = QStringLiteral("LLMUX_TEST_PROVIDER_KEY");
    p.timeouts = timeouts;
    const auto id = ProviderRepository(*db).add(p);
    return id ? id.value() : -1;
}

bool GatewayFixture::setResponsesApi(qint64 id, const QString &mode)
{
    const auto all = ProviderRepository(*db).list();
    if (!all)
        return false;
    for (ProviderRecord p : all.value())
        if (p.id == id) {
            p.responsesApi = mode;
            return ProviderRepository(*db).update(p).ok();
        }
    return false;
}

QString GatewayFixture::addModel(const QString &publicName, const QString &upstreamModel,
                                 std::optional<ModelPrice> price, qint64 provider)
{
    ModelRecord m;
    m.publicName = publicName;
    m.providerId = provider ? provider : providerId;
    m.upstreamModel = upstreamModel;
    m.price = price;
    const auto id = ModelRepository(*db).add(m);
    return id ? QString() : id.error();
}

QByteArray GatewayFixture::rawRequest(const QByteArray &method, const QByteArray &path,
                                      const QByteArray &body, const QByteArray &extraHeaders,
                                      bool withKey) const
{
    QByteArray r = method + ' ' + path +
                   " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(gateway->port()) + "\r\n";
    if (withKey)
        r += "Authorization: Bearer " + key + "\r\n";
    if (!body.isEmpty() || method == "POST")
        r +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    r += extraHeaders;
    r += "\r\n";
    r += body;
    return r;
}

QByteArray GatewayFixture::chatRequest(const QByteArray &json, const QByteArray &extraHeaders) const
{
    return rawRequest("POST", "/v1/chat/completions", json, extraHeaders);
}

GatewayFixture::Response GatewayFixture::send(const QByteArray &raw, int timeoutMs) const
{
    RawClient client(gateway->port());
    client.write(raw);
    return client.readResponse(timeoutMs);
}

QList<RequestLogEntry> GatewayFixture::log(int limit) const
{
    gateway->requestLogWriter()->flush();
    const auto entries = RequestLogRepository(*db).recent(limit);
    return entries ? entries.value() : QList<RequestLogEntry>();
}

RawClient::RawClient(quint16 port)
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                     [this] { m_received += m_socket.readAll(); });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    pumpUntil([this] { return isConnected(); }, 5000);
}

GatewayFixture::Response RawClient::readResponse(int timeoutMs)
{
    GatewayFixture::Response response;
    HttpResponseParser parser;
    qsizetype fed = m_consumed;
    bool done = false;
    auto step = [&] {
        if (fed < m_received.size()) {
            auto out = parser.feed(QByteArrayView(m_received).sliced(fed));
            fed = m_received.size();
            if (out.head) {
                response.status = out.head->status;
                response.headers = out.head->headers;
            }
            response.body += out.body;
            if (!out.error.isEmpty()) {
                response.error = out.error;
                done = true;
            }
            if (out.complete) {
                response.complete = true;
                done = true;
            }
        }
        if (!done && m_socket.state() == QAbstractSocket::UnconnectedState) {
            auto out = parser.peerClosed();
            response.body += out.body;
            response.complete = out.complete;
            response.error = out.error;
            done = true;
        }
        return done;
    };
    pumpUntil(step, timeoutMs);
    if (!done)
        response.error = QStringLiteral("timed out");
    m_consumed = fed;
    return response;
}

bool RawClient::waitForBytes(const QByteArray &needle, int timeoutMs)
{
    // Only the bytes that arrived since the last look are searched: streams here reach 64 MB.
    qsizetype from = 0;
    return pumpUntil(
        [&] {
            if (m_received.indexOf(needle, from) >= 0)
                return true;
            from = qMax<qsizetype>(0, m_received.size() - needle.size());
            return false;
        },
        timeoutMs);
}

bool RawClient::waitForDisconnect(int timeoutMs)
{
    return pumpUntil([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                     timeoutMs);
}

} // namespace llmux::test
