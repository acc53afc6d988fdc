#include "core/config/TuningSettings.h"

#include "core/config/GatewayConfig.h"
#include "core/store/SettingsRepository.h"

#include <QCoreApplication>

#include <algorithm>

namespace llmux {

const QList<TuningSettings::Entry> &TuningSettings::entries()
{
    static const RetryPolicy retry;
    static const BreakerPolicy breaker;
    static const HealthPolicy health;
    static const QList<Entry> all = {
        {"retry.max_attempts",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "Upstream attempts per request, the first included."),
         1, 20, retry.maxAttempts},
        {"retry.deadline_ms",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "No new attempt starts later than this after the request arrived."),
         1000, 3600000, retry.deadlineMs},
        {"retry.backoff_base_ms",
         QT_TRANSLATE_NOOP(
             "llmux::TuningSettingsModel",
             "Wait before going back to a target already tried (doubles each round, with jitter)."),
         0, 60000, retry.backoffBaseMs},
        {"retry.backoff_max_ms",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel", "Longest wait between rounds."), 0, 600000,
         retry.backoffMaxMs},
        {"breaker.failures",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "Consecutive failures that open a target's circuit."),
         1, 1000, breaker.consecutiveFailures},
        {"breaker.open_ms",
         QT_TRANSLATE_NOOP(
             "llmux::TuningSettingsModel",
             "How long an open circuit refuses before one probe goes through (doubles while probes "
             "fail)."),
         100, 3600000, breaker.openMs},
        {"health.interval_ms",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "How often every provider key is checked; 0 turns checks off."),
         1000, 86400000, health.intervalMs, true},
        {"health.timeout_ms",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel", "How long one health check may take."),
         500, 300000, health.timeoutMs},
        {"log.retention_days",
         QT_TRANSLATE_NOOP(
             "llmux::TuningSettingsModel",
             "Days the request log keeps each request (usage charts included); older entries are "
             "deleted. 0 keeps everything."),
         1, 36500, LogPolicy().retentionDays, true},
        {"responses.retention_days",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "Days a stored Responses API answer is kept for previous_response_id "
                           "and GET /v1/responses/{id}. 0 keeps them until the size limit."),
         1, 36500, ResponsesPolicy().retentionDays, true},
        {"responses.max_mb",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "Megabytes of stored Responses API answers kept at most; the oldest "
                           "go first."),
         1, 1000000, ResponsesPolicy().maxMegabytes},
        {"gateway.shutdown_grace_ms",
         QT_TRANSLATE_NOOP("llmux::TuningSettingsModel",
                           "When the gateway stops, how long requests in flight may take to "
                           "finish; what is still running then is cut off. 0 cuts off at once."),
         100, 300000, ShutdownPolicy().graceMs, true},
    };
    return all;
}

const TuningSettings::Entry *TuningSettings::find(const QString &key)
{
    for (const Entry &e : entries())
        if (key == QLatin1String(e.key))
            return &e;
    return nullptr;
}

int TuningSettings::value(const SettingsRepository &settings, const Entry &entry)
{
    bool ok = false;
    const int stored = settings.value(QLatin1String(entry.key)).toInt(&ok);
    if (!ok)
        return entry.defaultValue;
    if (stored == 0 && entry.zeroAllowed)
        return 0;
    return std::clamp(stored, entry.minimum, entry.maximum);
}

Status TuningSettings::set(SettingsRepository &settings, const QString &key, const QString &value)
{
    const Entry *entry = find(key);
    if (!entry) {
        QStringList known;
        for (const Entry &e : entries())
            known << QLatin1String(e.key);
        return Status::failure(QStringLiteral("There is no setting '%1'. Settings: %2.")
                                   .arg(key, known.join(QStringLiteral(", "))));
    }
    bool ok = false;
    const int number = value.trimmed().toInt(&ok);
    const bool inRange = ok && ((number == 0 && entry->zeroAllowed) ||
                                (number >= entry->minimum && number <= entry->maximum));
    if (!inRange)
        return Status::failure(
            QStringLiteral("%1 takes a whole number from %2 to %3%4.")
                .arg(key)
                .arg(entry->minimum)
                .arg(entry->maximum)
                .arg(entry->zeroAllowed ? QStringLiteral(", or 0 for off") : QString()));
    return settings.setValue(key, QString::number(number));
}

Status TuningSettings::reset(SettingsRepository &settings, const QString &key)
{
    const Entry *entry = find(key);
    if (!entry)
        return set(settings, key, {}); // the same explanation
    return settings.setValue(key, QString::number(entry->defaultValue));
}

void TuningSettings::apply(const SettingsRepository &settings, GatewayConfig &config)
{
    auto get = [&settings](const char *key) { return value(settings, *find(QLatin1String(key))); };
    config.retry.maxAttempts = get("retry.max_attempts");
    config.retry.deadlineMs = get("retry.deadline_ms");
    config.retry.backoffBaseMs = get("retry.backoff_base_ms");
    config.retry.backoffMaxMs = get("retry.backoff_max_ms");
    config.breaker.consecutiveFailures = get("breaker.failures");
    config.breaker.openMs = get("breaker.open_ms");
    config.breaker.maxOpenMs = std::max(config.breaker.openMs, BreakerPolicy().maxOpenMs);
    config.health.intervalMs = get("health.interval_ms");
    config.health.timeoutMs = get("health.timeout_ms");
    config.log.retentionDays = get("log.retention_days");
    config.responses.retentionDays = get("responses.retention_days");
    config.responses.maxMegabytes = get("responses.max_mb");
    config.shutdown.graceMs = get("gateway.shutdown_grace_ms");
}

} // namespace llmux
