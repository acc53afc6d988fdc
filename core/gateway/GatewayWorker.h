#pragma once

#include "core/http/HttpLimits.h"
#include "core/http/OriginPolicy.h"

#include <QList>
#include <QObject>

#include <memory>

class QTcpSocket;

namespace llmux {

class ConfigHolder;
class ConnectionBudget;
class GatewayHttpServer;
class GatewayRequestHandler;
class Database;
struct Governance;
class RoutingState;
class SharedSocketListener;
class UpstreamConnectionPool;
class RequestLogWriter;
class ResponseStore;

// Everything that serves requests on one thread: its share of the listening socket, the HTTP
// server, the request handler and the upstream connection pool. Created and destroyed on its own
// thread, so nothing it does ever crosses threads on the request path.
class GatewayWorker : public QObject
{
    Q_OBJECT
public:
    GatewayWorker(const ConfigHolder &config, RequestLogWriter *usage, ResponseStore *responses,
                  RoutingState *routing, Governance *governance, const Database *db,
                  HttpLimits limits, OriginPolicy originPolicy, ConnectionBudget *budget);
    ~GatewayWorker() override;

    // Runs on the worker's thread: starts serving, accepting from its own listening socket, or,
    // with -1, only the connections handed to it with adopt().
    bool startAccepting(qintptr listeningDescriptor);
    // Runs on the worker's thread: serves a connection accepted elsewhere.
    void adopt(qintptr connectionDescriptor);
    // Runs on the worker's thread: stops accepting and closes every connection.
    // Closes the listening socket; connections answer what they received, then close.
    void stopAccepting();
    // Cuts off whatever is still being answered and closes every connection.
    void shutdown();

private:
    // Closes the listening sockets; returns the client connections' sockets.
    QList<QTcpSocket *> stopListening();
    const ConfigHolder &m_config;
    RequestLogWriter *m_usage;
    ResponseStore *m_responses;
    RoutingState *m_routing;
    Governance *m_governance;
    const Database *m_db;
    HttpLimits m_limits;
    OriginPolicy m_originPolicy;
    ConnectionBudget *m_budget;
    std::unique_ptr<UpstreamConnectionPool> m_pool;
    std::unique_ptr<GatewayRequestHandler> m_handler;
    GatewayHttpServer *m_server = nullptr;
    SharedSocketListener *m_listener = nullptr;
};

} // namespace llmux
