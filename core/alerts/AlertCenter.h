#pragma once

#include "core/alerts/AlertThrottle.h"
#include "core/common/Clock.h"
#include "core/config/GatewayConfig.h"
#include "core/domain/Alert.h"
#include "core/domain/Records.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>

namespace llmux {

class AlertSender;
class Database;
class SecretStore;

// Turns what happens in the gateway into alerts and sends each one, throttled, to every channel
// that wants it, keeping the history of what was sent and what each receiver answered. Watches
// the request log (routes whose every target failed), the health checks (keys rejected, providers
// down and back), gateway keys near their expiry, and is told of budgets crossing thresholds, rate
// limits refusing requests and keys taken out of rotation. Lives on the thread that created it;
// raise() and limitRefused() may be called from any thread.
class AlertCenter : public QObject
{
    Q_OBJECT
public:
    AlertCenter(const Database &db, const SecretStore &secrets, Clock &clock = Clock::system(),
                QObject *parent = nullptr);
    ~AlertCenter() override;

    // The channels to send to and the keys to watch; null stops watching.
    void setConfig(GatewayConfigPtr config);

    // Sends an alert to the channels that want it, unless one like it went out lately.
    // Thread-safe.
    void raise(Alert alert);
    // A rate limit refused a request: a limit that keeps refusing is worth an alert.
    // Thread-safe.
    void limitRefused(qint64 limitId, const QString &description);

    // Sends the test message to one channel now (not throttled, kept in the history).
    void sendTest(const AlertChannel &channel, std::function<void(const AlertDelivery &)> done);

    // Watchers, connected by the gateway.
    void watchRequests(const QList<RequestLogEntry> &entries);
    void watchHealthCheck(const HealthCheckRecord &check);
    void watchProviderState(const QString &provider, bool up, const QString &reason);

    // Alerts worth building in one place, for whoever notices the event.
    static Alert budgetCrossed(const Budget &budget, int percent, double spent);
    static Alert keyRejected(const QString &provider, qint64 keyId, const QString &reason,
                             bool outOfCredit);
    static Alert testAlert();

    // Refusals of one limit within kLimitWindowMs that make an alert.
    static constexpr int kLimitRefusals = 5;
    static constexpr qint64 kLimitWindowMs = 5 * 60 * 1000;
    // Gateway keys are flagged this long before they expire.
    static constexpr qint64 kExpiryNoticeMs = 7LL * 24 * 60 * 60 * 1000;

Q_SIGNALS:
    // An alert passed the throttle (the desktop shows it in the tray).
    void alerted(const llmux::Alert &alert);
    // The history gained an alert or a receiver's answer.
    void historyChanged();

private:
    void dispatch(Alert alert, QList<AlertChannel> only = {},
                  std::function<void(const AlertDelivery &)> done = {});
    void countRefusal(qint64 limitId, const QString &description);
    void checkExpiringKeys();
    void scheduleExpiryCheck();

    const Database &m_db;
    std::unique_ptr<SecretStore> m_secrets;
    Clock &m_clock;
    AlertSender *m_sender;
    QString m_instanceId;
    GatewayConfigPtr m_config;
    AlertThrottle m_throttle;
    QHash<qint64, std::deque<qint64>> m_refusals; // by limit id: recent refusal times
    bool m_expiryCheckPending = false;
    int m_recordedSincePrune = 0;
};

} // namespace llmux
