#include "core/alerts/AlertCenter.h"

#include "core/alerts/AlertSender.h"
#include "core/store/AlertRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"

#include <QLoggingCategory>

#include <algorithm>
#include <memory>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcAlerts, "llmux.alerts")

constexpr qint64 kHistoryDays = 90;
constexpr int kHistoryRows = 5000;
constexpr int kPruneEvery = 100;
constexpr qint64 kExpiryCheckMs = 60 * 60 * 1000;

QString percentText(double value)
{
    return QString::number(value, 'f', value < 10 ? 1 : 0);
}

} // namespace

AlertCenter::AlertCenter(const Database &db, const SecretStore &secrets, Clock &clock,
                         QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(std::make_unique<SecretStore>(secrets))
    , m_clock(clock)
    , m_sender(new AlertSender(this))
    , m_instanceId(SettingsRepository(db).instanceId())
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - kHistoryDays * 24 * 3600 * 1000;
    if (Status s = AlertRepository(m_db).prune(cutoff, kHistoryRows); !s)
        qCWarning(lcAlerts).noquote() << s.error();
}

AlertCenter::~AlertCenter() = default;

void AlertCenter::setConfig(GatewayConfigPtr config)
{
    m_config = std::move(config);
    checkExpiringKeys();
    scheduleExpiryCheck();
}

void AlertCenter::raise(Alert alert)
{
    QMetaObject::invokeMethod(
        this, [this, alert = std::move(alert)]() mutable { dispatch(std::move(alert)); },
        Qt::QueuedConnection);
}

void AlertCenter::limitRefused(qint64 limitId, const QString &description)
{
    QMetaObject::invokeMethod(
        this, [this, limitId, description] { countRefusal(limitId, description); },
        Qt::QueuedConnection);
}

void AlertCenter::sendTest(const AlertChannel &channel,
                           std::function<void(const AlertDelivery &)> done)
{
    dispatch(testAlert(), {channel}, std::move(done));
}

void AlertCenter::dispatch(Alert alert, QList<AlertChannel> only,
                           std::function<void(const AlertDelivery &)> done)
{
    const bool test = alert.event == Alert::Event::Test;
    if (!test) {
        const AlertThrottle::Verdict verdict = m_throttle.admit(alert, m_clock.nowMs());
        if (!verdict.send) {
            qCDebug(lcAlerts).noquote() << "held back (sent lately):" << alert.title;
            return;
        }
        if (verdict.heldBack > 0)
            alert.message += QStringLiteral("\n(%1 more like this in the last quiet period were "
                                            "not sent.)")
                                 .arg(verdict.heldBack);
    }
    if (!alert.at.isValid())
        alert.at = QDateTime::currentDateTimeUtc();
    QList<AlertChannel> channels = std::move(only);
    if (!test && m_config)
        for (const AlertChannel &c : m_config->alertChannels)
            if (c.wants(alert.event))
                channels << c;

    AlertRepository repository(m_db);
    const Result<qint64> id = repository.record(alert);
    if (!id)
        qCWarning(lcAlerts).noquote() << id.error();
    if (++m_recordedSincePrune >= kPruneEvery) {
        m_recordedSincePrune = 0;
        const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - kHistoryDays * 24 * 3600 * 1000;
        (void)repository.prune(cutoff, kHistoryRows);
    }
    qCInfo(lcAlerts).noquote() << Alert::eventName(alert.event) << alert.title;
    Q_EMIT alerted(alert);
    Q_EMIT historyChanged();
    if (channels.isEmpty())
        return;

    struct Pending
    {
        qint64 historyId = 0;
        int outstanding = 0;
        QList<AlertDelivery> deliveries;
    };
    auto pending = std::make_shared<Pending>();
    pending->historyId = id ? id.value() : 0;
    pending->outstanding = int(channels.size());
    auto answered = [this, pending, done = std::move(done)](const AlertDelivery &delivery) {
        pending->deliveries << delivery;
        if (!delivery.ok)
            qCWarning(lcAlerts).noquote()
                << "alert channel" << delivery.channel << "did not take it:" << delivery.answer;
        if (done)
            done(delivery);
        if (--pending->outstanding > 0)
            return;
        if (pending->historyId > 0)
            if (Status s =
                    AlertRepository(m_db).setDeliveries(pending->historyId, pending->deliveries);
                !s)
                qCWarning(lcAlerts).noquote() << s.error();
        Q_EMIT historyChanged();
    };
    for (const AlertChannel &channel : std::as_const(channels)) {
        m_secrets->readAsync(
            SecretStore::alertChannelAccount(m_instanceId, channel.id), this,
            [this, channel, alert, answered](const Result<QByteArray> &blob) {
                // A mail server without a login needs no secret at all.
                const bool needsSecret =
                    channel.kind != AlertChannel::Kind::Email || !channel.user.isEmpty();
                if (!blob && needsSecret) {
                    answered({channel.id, channel.name, false,
                              QStringLiteral("Cannot read the channel's secrets: %1")
                                  .arg(blob.error())});
                    return;
                }
                m_sender->send(channel,
                               blob ? AlertChannelSecrets::fromBlob(blob.value())
                                    : AlertChannelSecrets{},
                               alert, answered);
            });
    }
}

void AlertCenter::countRefusal(qint64 limitId, const QString &description)
{
    const qint64 now = m_clock.nowMs();
    std::deque<qint64> &times = m_refusals[limitId];
    times.push_back(now);
    while (!times.empty() && now - times.front() > kLimitWindowMs)
        times.pop_front();
    if (int(times.size()) < kLimitRefusals)
        return;
    const int count = int(times.size());
    times.clear();
    Alert a;
    a.event = Alert::Event::LimitHit;
    a.severity = Alert::Severity::Warning;
    a.subject = QStringLiteral("limit %1").arg(limitId);
    a.title = QStringLiteral("Rate limit %1 keeps refusing requests").arg(limitId);
    a.message = QStringLiteral("%1 refused %2 requests within %3 minutes.")
                    .arg(description)
                    .arg(count)
                    .arg(kLimitWindowMs / 60000);
    a.details = {{QStringLiteral("limit"), QString::number(limitId)},
                 {QStringLiteral("refusals"), QString::number(count)}};
    dispatch(std::move(a));
}

void AlertCenter::watchRequests(const QList<RequestLogEntry> &entries)
{
    if (!m_config)
        return; // stopped, or not started yet: nothing to say about routes
    for (const RequestLogEntry &e : entries) {
        // Only what the gateway answered after every target failed (not a stream cut off midway,
        // a shutdown, or the client's own mistake); named by the route, which the configuration
        // bounds, not by whatever model name a client sent.
        if (e.exhaustedRoute.isEmpty() || e.clientDisconnected)
            continue;
        Alert a;
        a.event = Alert::Event::RouteFailing;
        a.severity = Alert::Severity::Critical;
        a.subject = e.exhaustedRoute.left(200);
        a.title = QStringLiteral("Every target of '%1' failed").arg(a.subject);
        a.message = QStringLiteral("A %1 request got HTTP %2 after %3 attempt(s): %4")
                        .arg(e.endpoint)
                        .arg(e.status)
                        .arg(e.attempts)
                        .arg(e.error.left(500));
        a.details = {{QStringLiteral("route"), a.subject},
                     {QStringLiteral("status"), QString::number(e.status)},
                     {QStringLiteral("attempts"), QString::number(e.attempts)}};
        dispatch(std::move(a));
    }
}

void AlertCenter::watchHealthCheck(const HealthCheckRecord &check)
{
    if (check.status == 401 || check.status == 403 || check.status == 402)
        dispatch(keyRejected(check.providerName, check.keyId,
                             check.error.isEmpty()
                                 ? QStringLiteral("HTTP %1 from the health check").arg(check.status)
                                 : check.error.left(500),
                             check.status == 402));
}

void AlertCenter::watchProviderState(const QString &provider, bool up, const QString &reason)
{
    Alert a;
    a.event = up ? Alert::Event::ProviderRecovered : Alert::Event::ProviderDown;
    a.severity = up ? Alert::Severity::Info : Alert::Severity::Critical;
    a.subject = provider;
    a.title = up ? QStringLiteral("Provider '%1' is back up").arg(provider)
                 : QStringLiteral("Provider '%1' is down").arg(provider);
    a.message = up ? QStringLiteral("Its health check works again.") : reason.left(500);
    a.details = {{QStringLiteral("provider"), provider}};
    dispatch(std::move(a));
}

Alert AlertCenter::budgetCrossed(const Budget &budget, int percent, double spent)
{
    Alert a;
    const bool exhausted = percent >= 100;
    a.event = exhausted ? Alert::Event::BudgetExhausted : Alert::Event::BudgetThreshold;
    a.severity = exhausted ? Alert::Severity::Critical : Alert::Severity::Warning;
    // Each threshold of each period is its own subject: 80 % and 100 % both go out, and a new
    // day's 80 % is news however soon after the last one it comes.
    a.subject =
        QStringLiteral("budget %1 at %2% from %3")
            .arg(budget.id)
            .arg(percent)
            .arg(budget.periodAround(QDateTime::currentDateTime()).start.toMSecsSinceEpoch());
    a.title =
        exhausted
            ? QStringLiteral("Budget for %1 is spent").arg(budget.subjectText())
            : QStringLiteral("Budget for %1 passed %2%").arg(budget.subjectText()).arg(percent);
    const double used = budget.amount > 0 ? 100.0 * spent / budget.amount : 0;
    a.message = QStringLiteral("%1 of %2 spent (%3%).")
                    .arg(budget.valueText(spent), budget.amountText(), percentText(used));
    if (exhausted && budget.hard)
        a.message += QStringLiteral(" Requests are refused until the period ends or the budget "
                                    "is raised.");
    a.details = {{QStringLiteral("budget"), QString::number(budget.id)},
                 {QStringLiteral("scope"), Budget::scopeName(budget.scope)},
                 {QStringLiteral("subject"), budget.subject},
                 {QStringLiteral("threshold"), QString::number(percent)},
                 {QStringLiteral("spent"), QString::number(spent, 'g', 10)},
                 {QStringLiteral("amount"), QString::number(budget.amount, 'g', 10)},
                 {QStringLiteral("measure"), Budget::measureName(budget.measure)},
                 {QStringLiteral("period"), Budget::periodName(budget.period)}};
    return a;
}

Alert AlertCenter::keyRejected(const QString &provider, qint64 keyId, const QString &reason,
                               bool outOfCredit)
{
    Alert a;
    a.event = Alert::Event::KeyRejected;
    a.severity = Alert::Severity::Critical;
    const QString key =
        keyId == 0 ? QStringLiteral("its main key") : QStringLiteral("extra key %1").arg(keyId);
    a.subject = QStringLiteral("%1 key %2").arg(provider).arg(keyId);
    a.title = outOfCredit
                  ? QStringLiteral("Provider '%1' is out of credit on %2").arg(provider, key)
                  : QStringLiteral("Provider '%1' rejected %2").arg(provider, key);
    a.message = reason + QStringLiteral("\nThe key is out of rotation until it works again.");
    a.details = {{QStringLiteral("provider"), provider},
                 {QStringLiteral("key"), QString::number(keyId)}};
    return a;
}

Alert AlertCenter::testAlert()
{
    Alert a;
    a.event = Alert::Event::Test;
    a.subject = QStringLiteral("test");
    a.title = QStringLiteral("Test message");
    a.message = QStringLiteral("This channel works: LLMux alerts will arrive here.");
    return a;
}

void AlertCenter::checkExpiringKeys()
{
    if (!m_config)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const AcceptedKey &k : m_config->keys) {
        if (k.disabled || !k.expiresAt.isValid() || k.expiresAt <= now ||
            now.msecsTo(k.expiresAt) > kExpiryNoticeMs)
            continue;
        const qint64 hours = now.secsTo(k.expiresAt) / 3600;
        Alert a;
        a.event = Alert::Event::KeyExpiring;
        a.severity = Alert::Severity::Warning;
        a.subject = k.name;
        a.title = QStringLiteral("Gateway key '%1' expires soon").arg(k.name);
        a.message = QStringLiteral("It stops working at %1 (in %2). Tools using it need a new "
                                   "key: llmux key create.")
                        .arg(k.expiresAt.toUTC().toString(Qt::ISODate),
                             hours >= 48 ? QStringLiteral("%1 days").arg(hours / 24)
                                         : QStringLiteral("%1 hours").arg(hours));
        a.details = {{QStringLiteral("key"), k.name},
                     {QStringLiteral("expires"), k.expiresAt.toUTC().toString(Qt::ISODate)}};
        dispatch(std::move(a));
    }
}

void AlertCenter::scheduleExpiryCheck()
{
    // Only while some key has an expiry date, and one timer at a time: an idle gateway has no
    // timers running, and configuration reloads do not pile them up.
    if (m_expiryCheckPending || !m_config ||
        std::none_of(m_config->keys.cbegin(), m_config->keys.cend(),
                     [](const AcceptedKey &k) { return k.expiresAt.isValid() && !k.disabled; }))
        return;
    m_expiryCheckPending = true;
    m_clock.callAfter(kExpiryCheckMs, this, [this] {
        m_expiryCheckPending = false;
        checkExpiringKeys();
        scheduleExpiryCheck();
    });
}

} // namespace llmux
