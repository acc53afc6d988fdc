#include "core/gateway/GatewayWorker.h"

#include "core/gateway/GatewayRequestHandler.h"
#include "core/http/GatewayHttpServer.h"
#include "core/http/HttpConnection.h"
#include "core/http/SharedSocketListener.h"
#include "core/upstream/UpstreamConnectionPool.h"

#include <QLoggingCategory>
#include <QTcpSocket>

namespace llmux {
namespace {

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// QAbstractHttpServer::bind() warns about a server that does not listen itself, which a worker
// fed by the single acceptor never does, by design.
void muteHttpServerWarnings(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
        category->setEnabled(QtWarningMsg, false);
}

} // namespace

GatewayWorker::GatewayWorker(const ConfigHolder &config, RequestLogWriter *usage,
                             ResponseStore *responses, RoutingState *routing,
                             Governance *governance, const Database *db, HttpLimits limits,
                             OriginPolicy originPolicy, ConnectionBudget *budget)
    : m_config(config)
    , m_usage(usage)
    , m_responses(responses)
    , m_routing(routing)
    , m_governance(governance)
    , m_db(db)
    , m_limits(limits)
    , m_originPolicy(std::move(originPolicy))
    , m_budget(budget)
{}

GatewayWorker::~GatewayWorker() = default;

bool GatewayWorker::startAccepting(qintptr listeningDescriptor)
{
    m_pool = std::make_unique<UpstreamConnectionPool>();
    m_handler =
        std::make_unique<GatewayRequestHandler>(m_config, m_pool.get(), m_usage, m_routing,
                                                m_governance, m_db, m_originPolicy, m_responses);
    m_server = new GatewayHttpServer(this);
    m_listener = new SharedSocketListener(m_limits, m_handler.get(), m_budget, m_server);
    if (listeningDescriptor >= 0 && !m_listener->setSocketDescriptor(listeningDescriptor)) {
        delete m_server;
        m_server = nullptr;
        m_listener = nullptr;
        return false;
    }
    if (listeningDescriptor >= 0) {
        m_server->bind(m_listener);
        return true;
    }
    // Workers start one after another (the gateway waits for each), so this never races itself.
    g_previousFilter = QLoggingCategory::installFilter(muteHttpServerWarnings);
    m_server->bind(m_listener);
    QLoggingCategory::installFilter(g_previousFilter);
    return true;
}

void GatewayWorker::adopt(qintptr connectionDescriptor)
{
    if (m_listener)
        m_listener->adopt(connectionDescriptor);
    else
        QTcpSocket().setSocketDescriptor(connectionDescriptor); // closes it: no longer serving
}

QList<QTcpSocket *> GatewayWorker::stopListening()
{
    for (QTcpServer *listener : m_server->servers())
        listener->close();
    return m_server->findChildren<QTcpSocket *>();
}

void GatewayWorker::stopAccepting()
{
    if (!m_server)
        return;
    for (QTcpSocket *socket : stopListening())
        if (HttpConnection *connection = HttpConnection::of(socket))
            connection->goAway();
}

void GatewayWorker::shutdown()
{
    if (!m_server)
        return;
    // What is still being answered is cut off and recorded as such; deleting the sockets then
    // deletes their connections, exchanges and relays.
    const QList<QTcpSocket *> sockets = stopListening();
    for (QTcpSocket *socket : sockets)
        if (HttpConnection *connection = HttpConnection::of(socket))
            connection->cutOff();
    for (QTcpSocket *socket : sockets) {
        socket->abort();
        delete socket;
    }
    delete m_server;
    m_server = nullptr;
    m_listener = nullptr;
    m_handler.reset();
    m_pool.reset();
}

} // namespace llmux
