#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/WaitFor.h"
#include "core/health/HealthMonitor.h"
#include "core/store/HealthRepository.h"
#include "core/store/ProviderKeyRepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral("llmux health [--check] [--json]");

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QString percent(const HealthRepository::Availability &a)
{
    return a.total ? QString::number(a.percent(), 'f', 1) + QLatin1Char('%') : QStringLiteral("-");
}

QString ago(qint64 timestampMs)
{
    const qint64 seconds = (QDateTime::currentMSecsSinceEpoch() - timestampMs) / 1000;
    if (seconds < 90)
        return QStringLiteral("%1 s ago").arg(std::max<qint64>(0, seconds));
    if (seconds < 5400)
        return QStringLiteral("%1 min ago").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h ago").arg(seconds / 3600);
    return QStringLiteral("%1 days ago").arg(seconds / 86400);
}

} // namespace

int runHealth(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage,
                QStringLiteral("Shows the latest health check of every provider key, with "
                               "availability over the last day and week. A running gateway checks "
                               "on its own (every 5 minutes by default); --check checks now."));
    p.addOptions({
        {QStringLiteral("check"), QStringLiteral("Check every provider key now.")},
        {QStringLiteral("json"), QStringLiteral("Print JSON instead of a table.")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());

    if (p.isSet(QStringLiteral("check"))) {
        const Result<GatewayConfigPtr> config = ctx.gatewayConfig();
        if (!config)
            return ctx.fail(config.error());
        HealthMonitor monitor(ctx.db(), nullptr);
        bool finished = false;
        QObject::connect(&monitor, &HealthMonitor::roundFinished, [&finished] { finished = true; });
        monitor.setConfig(config.value());
        monitor.checkNow();
        if (!waitFor([&finished] { return finished; }, config.value()->health.timeoutMs * 3))
            return ctx.fail(QStringLiteral("The health checks did not finish in time."));
        monitor.setConfig(nullptr);
    }

    HealthRepository health(ctx.db());
    const auto latest = health.latest();
    if (!latest)
        return ctx.fail(latest.error());
    QHash<qint64, QString> keyLabels; // by key id
    if (const auto keys = ProviderKeyRepository(ctx.db()).list(); keys)
        for (const ProviderKeyRecord &k : keys.value())
            keyLabels.insert(k.id, k.label);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool anyDown = false;
    QHash<qint64, bool> providerUp;
    for (const HealthCheckRecord &h : latest.value())
        providerUp[h.providerId] = providerUp.value(h.providerId) || h.ok;
    for (bool up : std::as_const(providerUp))
        anyDown = anyDown || !up;

    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const HealthCheckRecord &h : latest.value()) {
            const auto day = health.availability(h.providerId, now - kDayMs, h.keyId);
            const auto week = health.availability(h.providerId, now - 7 * kDayMs, h.keyId);
            rows.append(QJsonObject{
                {QStringLiteral("provider"), h.providerName},
                {QStringLiteral("key"),
                 h.keyId == 0 ? QStringLiteral("main") : keyLabels.value(h.keyId)},
                {QStringLiteral("proxy"), h.proxy},
                {QStringLiteral("ok"), h.ok},
                {QStringLiteral("status"), h.status},
                {QStringLiteral("latency_ms"), h.latencyMs},
                {QStringLiteral("checked_at"),
                 QDateTime::fromMSecsSinceEpoch(h.timestampMs, Qt::UTC).toString(Qt::ISODate)},
                {QStringLiteral("availability_24h"), day && day->total ? day->percent() : -1},
                {QStringLiteral("availability_7d"), week && week->total ? week->percent() : -1},
                {QStringLiteral("error"), h.error},
            });
        }
        ctx.out() << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return anyDown ? 1 : 0;
    }

    if (latest->isEmpty()) {
        ctx.out() << "No health checks yet. Run 'llmux health --check', or start the gateway: it "
                     "checks every provider key on its own."
                  << Qt::endl;
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8")
                     .arg(QStringLiteral("PROVIDER"), -16)
                     .arg(QStringLiteral("KEY"), -10)
                     .arg(QStringLiteral("STATUS"), -8)
                     .arg(QStringLiteral("LATENCY"), 8)
                     .arg(QStringLiteral("CHECKED"), -12)
                     .arg(QStringLiteral("24H"), 6)
                     .arg(QStringLiteral("7D"), 6)
                     .arg(QStringLiteral("LAST ERROR"))
              << Qt::endl;
    for (const HealthCheckRecord &h : latest.value()) {
        const auto day = health.availability(h.providerId, now - kDayMs, h.keyId);
        const auto week = health.availability(h.providerId, now - 7 * kDayMs, h.keyId);
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8")
                         .arg(h.providerName, -16)
                         .arg(h.keyId == 0 ? QStringLiteral("main") : keyLabels.value(h.keyId), -10)
                         .arg(h.ok ? QStringLiteral("ok") : QStringLiteral("FAILING"), -8)
                         .arg(h.ok ? QStringLiteral("%1 ms").arg(qRound(h.latencyMs))
                                   : QStringLiteral("-"),
                              8)
                         .arg(ago(h.timestampMs), -12)
                         .arg(day ? percent(day.value()) : QStringLiteral("-"), 6)
                         .arg(week ? percent(week.value()) : QStringLiteral("-"), 6)
                         .arg(h.ok ? QString() : h.error.simplified())
                  << Qt::endl;
    }
    return anyDown ? 1 : 0;
}

} // namespace llmux::cli
