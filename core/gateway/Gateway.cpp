#include "core/gateway/Gateway.h"

#include "core/alerts/AlertCenter.h"
#include "core/config/GatewayConfigLoader.h"
#include "core/gateway/GatewayWorker.h"
#include "core/health/HealthMonitor.h"
#include "core/http/ListeningSockets.h"
#include "core/limits/Governance.h"
#include "core/routing/RoutingState.h"
#include "core/store/BudgetRepository.h"
#include "core/store/Database.h"
#include "core/store/ResponseStore.h"
#include "core/store/SecretStore.h"
#include "core/usage/RequestLogWriter.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

namespace llmux {
namespace {
// Long enough not to slow start-up; short enough that the tray knows soon.
constexpr int kFirstHealthCheckMs = 3000;

// Whether listening on one address keeps another from listening on the same port.
bool overlaps(const QHostAddress &a, const QHostAddress &b)
{
    const auto wildcard = [](const QHostAddress &x) {
        return x == QHostAddress::Any || x == QHostAddress::AnyIPv4 || x == QHostAddress::AnyIPv6;
    };
    return a.isEqual(b, QHostAddress::TolerantConversion) || wildcard(a) || wildcard(b);
}

int workerCount(const GatewayOptions &options)
{
    return options.workerThreads > 0 ? options.workerThreads : qMax(2, QThread::idealThreadCount());
}
} // namespace

Gateway::Gateway(const Database &db, const SecretStore &secrets, QObject *parent)
    : Gateway(db, secrets, Clock::system(), RandomSource::system(), parent)
{}

Gateway::Gateway(const Database &db, const SecretStore &secrets, Clock &clock, RandomSource &random,
                 QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_usage(std::make_unique<RequestLogWriter>(db, clock))
    , m_responses(std::make_unique<ResponseStore>(db, clock))
    , m_routing(std::make_unique<RoutingState>(clock, random))
    , m_governance(std::make_unique<Governance>())
    , m_health(std::make_unique<HealthMonitor>(db, m_routing.get(), clock))
    , m_alerts(std::make_unique<AlertCenter>(db, secrets, clock))
    , m_loader(std::make_unique<GatewayConfigLoader>(db, secrets))
{
    AlertCenter *alerts = m_alerts.get();
    m_governance->crossed = [alerts](const BudgetLedger::Crossing &c) {
        alerts->raise(AlertCenter::budgetCrossed(c.budget, c.percent, c.spent));
    };
    m_governance->refused = [alerts](const RateLimit &limit) {
        alerts->limitRefused(limit.id, QStringLiteral("Rate limit %1 (%2: %3)")
                                           .arg(limit.id)
                                           .arg(limit.subjectText(), limit.rateText()));
    };
    m_routing->setKeyDisabledObserver(
        [alerts](const QString &provider, qint64 keyId, const QString &reason, bool outOfCredit) {
            alerts->raise(AlertCenter::keyRejected(provider, keyId, reason, outOfCredit));
        });
    connect(m_usage.get(), &RequestLogWriter::written, alerts, &AlertCenter::watchRequests);
    connect(m_health.get(), &HealthMonitor::checked, alerts, &AlertCenter::watchHealthCheck);
    connect(m_health.get(), &HealthMonitor::providerStateChanged, alerts,
            &AlertCenter::watchProviderState);
    connect(m_loader.get(), &GatewayConfigLoader::loaded, this, &Gateway::applyConfig);
    connect(m_loader.get(), &GatewayConfigLoader::loadFailed, this, &Gateway::problem);
}

Gateway::~Gateway()
{
    stop();
}

QString Gateway::baseUrl() const
{
    QString host = m_address.toString();
    if (m_address.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2/v1").arg(host).arg(m_port);
}

Status Gateway::start(const GatewayOptions &options)
{
    if (m_stopping)
        return Status::failure(QStringLiteral("The gateway is stopping; start it again in a "
                                              "moment."));
    if (m_running)
        return Status::success();
    m_options = options;
    Result<ListeningSockets::Bound> bound =
        ListeningSockets::open(options.host, options.port, workerCount(options), options.listener);
    if (!bound)
        return bound.status();
    return startOn(std::move(bound.value()));
}

Status Gateway::moveTo(const QHostAddress &host, quint16 port)
{
    if (!m_running || m_stopping)
        return Status::success();
    GatewayOptions wanted = m_options;
    wanted.host = host;
    wanted.port = port;
    Result<ListeningSockets::Bound> bound =
        ListeningSockets::open(host, port, workerCount(wanted), wanted.listener);
    if (!bound && !(port == m_port && overlaps(host, m_address)))
        return bound.status(); // still serving where it was
    GatewayOptions previous = m_options;
    previous.port = m_port; // where it really listens, even when asked for "any free port"
    stop();
    if (!bound) {
        // The same port on an overlapping address (127.0.0.1 → 0.0.0.0): the old listener was
        // what stood in the way. Bound again with it gone, or back where it was.
        bound = ListeningSockets::open(host, port, workerCount(wanted), wanted.listener);
        if (!bound) {
            [[maybe_unused]] const Status back = start(previous);
            return bound.status();
        }
    }
    m_options = wanted;
    if (Status started = startOn(std::move(bound.value())); !started) {
        [[maybe_unused]] const Status back = start(previous);
        return started;
    }
    return Status::success();
}

Status Gateway::startOn(ListeningSockets::Bound bound)
{
    m_address = bound.address;
    m_port = bound.port;
    const int count = workerCount(m_options);
    m_usage->start();
    m_responses->start();
    const OriginPolicy policy(m_options.host);
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread();
        thread->setObjectName(QStringLiteral("llmux-worker-%1").arg(i));
        auto *worker =
            new GatewayWorker(m_config, m_usage.get(), m_responses.get(), m_routing.get(),
                              m_governance.get(), &m_db, m_options.limits, policy, &m_budget);
        worker->moveToThread(thread);
        thread->start();
        // The worker owns its descriptor from here on, whether or not it starts.
        const qintptr descriptor = bound.acceptor ? -1 : bound.descriptors[size_t(i)];
        bool accepted = false;
        QMetaObject::invokeMethod(
            worker, [&] { accepted = worker->startAccepting(descriptor); },
            Qt::BlockingQueuedConnection);
        m_threads.push_back(thread);
        m_workers.push_back(worker);
        if (!accepted) {
            // Descriptors before i belong to running workers; i itself was refused and is
            // closed with the ones after it when bound goes.
            if (descriptor >= 0)
                bound.descriptors.erase(bound.descriptors.begin(), bound.descriptors.begin() + i);
            stop();
            return Status::failure(QStringLiteral("Cannot start the gateway's worker threads."));
        }
    }
    bound.descriptors.clear(); // all taken by the workers
    if (bound.acceptor) {
        m_acceptor = std::move(bound.acceptor);
        m_acceptor->setHandoff([this](qintptr descriptor) { handOff(descriptor); });
    }
    m_running = true;
    m_loader->reload();
    m_loader->startWatching();
    Q_EMIT stateChanged();
    return Status::success();
}

void Gateway::handOff(qintptr descriptor)
{
    GatewayWorker *worker = m_workers[m_nextWorker++ % m_workers.size()];
    QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->adopt(descriptor); });
}

void Gateway::applyConfig(const GatewayConfigPtr &config)
{
    // What new budgets (or budgets in a new period) have spent, read before requests count on it.
    const QDateTime now = QDateTime::currentDateTime();
    for (const BudgetLedger::Seed &seed : m_governance->budgets.unseeded(config->budgets, now)) {
        const auto spent = BudgetRepository(m_db).spent(seed.budget, seed.fromMs, seed.toMs);
        if (!spent)
            Q_EMIT problem(spent.error());
        m_governance->budgets.seed(seed.budget, now, spent ? spent->in(seed.budget.measure) : 0.0);
    }
    m_config.replace(config);
    m_usage->setRetentionDays(config->log.retentionDays);
    m_responses->setLimits(config->responses.retentionDays,
                           qint64(config->responses.maxMegabytes) * 1024 * 1024);
    Q_EMIT configReloaded(config->revision);
    if (m_running) {
        m_health->setConfig(config);
        m_alerts->setConfig(config);
    }
    if (m_running && !m_ready) {
        m_ready = true;
        Q_EMIT ready();
        // A first look at every provider soon after start, then at the configured interval.
        if (config->health.intervalMs > 0)
            m_routing->clock().callAfter(kFirstHealthCheckMs, m_health.get(),
                                         [health = m_health.get()] { health->checkNow(); });
    }
}

void Gateway::stopGracefully()
{
    if (!m_running)
        return;
    const GatewayConfigPtr config = m_config.current();
    const int graceMs = config ? config->shutdown.graceMs : ShutdownPolicy().graceMs;
    if (graceMs > 0) {
        if (m_acceptor)
            m_acceptor->close();
        for (GatewayWorker *worker : m_workers)
            QMetaObject::invokeMethod(
                worker, [worker] { worker->stopAccepting(); }, Qt::BlockingQueuedConnection);
        // The workers finish on their own threads; this thread's events go on meanwhile (a
        // window repaints, a provider living on this thread answers).
        m_stopping = true;
        const QDeadlineTimer deadline(graceMs);
        QEventLoop wait;
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, &wait, [&] {
            if (m_budget.requestsInFlight() == 0 || deadline.hasExpired())
                wait.quit();
        });
        tick.start(20);
        if (m_budget.requestsInFlight() > 0)
            wait.exec();
        m_stopping = false;
    }
    stop();
}

void Gateway::stop()
{
    // No new connection is handed to a worker that is about to go; the ones already queued to a
    // worker reach it before its shutdown (same queue, in order), which closes them.
    m_acceptor.reset();
    for (size_t i = 0; i < m_workers.size(); ++i) {
        GatewayWorker *worker = m_workers[i];
        QThread *thread = m_threads[i];
        QMetaObject::invokeMethod(
            worker,
            [this, worker] {
                worker->shutdown();
                delete worker;
                m_db.releaseThreadConnection(); // read stored responses
            },
            Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_workers.clear();
    m_threads.clear();
    m_health->setConfig(nullptr);
    m_alerts->setConfig(nullptr);
    m_responses->stop();
    m_usage->stop();
    const bool wasRunning = m_running;
    m_running = false;
    m_ready = false;
    if (wasRunning)
        Q_EMIT stateChanged();
}

} // namespace llmux
