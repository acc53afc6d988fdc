#include "gateway/GatewayWorker.h"

#include "gateway/GatewayRequestHandler.h"
#include "http/GatewayHttpServer.h"
#include "http/SharedSocketListener.h"
#include "upstream/UpstreamConnectionPool.h"

#include <QTcpSocket>

namespace llmux {

GatewayWorker::GatewayWorker(const ConfigHolder &config, UsageWriter *usage, RoutingState *routing,
                             HttpLimits limits, OriginPolicy originPolicy,
                             std::atomic<int> *openConnections)
    : m_config(config)
    , m_usage(usage)
    , m_routing(routing)
    , m_limits(limits)
    , m_originPolicy(std::move(originPolicy))
    , m_openConnections(openConnections)
{}

GatewayWorker::~GatewayWorker() = default;

bool GatewayWorker::startAccepting(qintptr listeningDescriptor)
{
    m_pool = std::make_unique<UpstreamConnectionPool>();
    m_handler = std::make_unique<GatewayRequestHandler>(m_config, m_pool.get(), m_usage, m_routing,
                                                        m_originPolicy);
    m_server = new GatewayHttpServer(this);
    auto *listener =
        new SharedSocketListener(m_limits, m_handler.get(), m_openConnections, m_server);
    if (!listener->setSocketDescriptor(listeningDescriptor)) {
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_server->bind(listener);
    return true;
}

void GatewayWorker::shutdown()
{
    if (!m_server)
        return;
    for (QTcpServer *listener : m_server->servers())
        listener->close();
    // Deleting the sockets deletes their connections, exchanges and relays; each relay records
    // its request on the way out.
    const auto sockets = m_server->findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->abort();
        delete socket;
    }
    delete m_server;
    m_server = nullptr;
    m_handler.reset();
    m_pool.reset();
}

} // namespace llmux
