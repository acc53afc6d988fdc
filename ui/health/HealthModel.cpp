#include "ui/health/HealthModel.h"

#include "core/gateway/Gateway.h"
#include "core/health/HealthMonitor.h"
#include "core/routing/RoutingState.h"
#include "ui/common/StatusTone.h"
#include "ui/theme/CoreMessages.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcHealthView, "llmux.ui.health", QtInfoMsg)

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr int kAgeingMs = 30000;

StatusTone toneOf(HealthModel::KeyStatus status)
{
    switch (status) {
    case HealthModel::KeyStatus::Up:
        return StatusTone::Good;
    case HealthModel::KeyStatus::Rejected:
        return StatusTone::Warning;
    case HealthModel::KeyStatus::Failing:
        return StatusTone::Bad;
    case HealthModel::KeyStatus::NotChecked:
    case HealthModel::KeyStatus::Disabled:
        break;
    }
    return StatusTone::Neutral;
}

bool isRejection(int status)
{
    return status == 401 || status == 403;
}

} // namespace

HealthModel::HealthModel(Gateway *gateway, const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
    , m_db(db)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(50);
    connect(&m_coalesce, &QTimer::timeout, this, &HealthModel::refresh);
    m_ageing.setInterval(kAgeingMs);
    connect(&m_ageing, &QTimer::timeout, this, [this] {
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, LastCheck), index(int(m_rows.size()) - 1, LastCheck));
    });
    auto later = [this] { m_coalesce.start(); };
    HealthMonitor *monitor = gateway->healthMonitor();
    connect(monitor, &HealthMonitor::checked, this, later);
    connect(monitor, &HealthMonitor::roundFinished, this, later);
    connect(gateway, &Gateway::configReloaded, this, later);
    refresh();
}

int HealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Provider:
        return tr("Provider");
    case Key:
        return tr("Key");
    case Status:
        return tr("Status");
    case LastCheck:
        return tr("Last check");
    case Latency:
        return tr("Latency");
    case Day:
        return tr("24 h");
    case Week:
        return tr("7 days");
    case Error:
        return tr("Last error");
    default:
        return {};
    }
}

QVariant HealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastCheck && row.check)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.check->timestampMs),
                                      QLocale::LongFormat);
        if (index.column() == Day || index.column() == Week) {
            const auto &a = index.column() == Day ? row.day : row.week;
            if (a.total == 0)
                return tr("No checks in this period");
            return tr("%1 of %2 checks of this provider succeeded").arg(a.ok).arg(a.total);
        }
        return displayText(row, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Status)
            return toneBrush(toneOf(row.status));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Latency || index.column() == Day || index.column() == Week)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ToneRole:
        return int(toneOf(row.status));
    case KeyStatusRole:
        return int(row.status);
    default:
        return {};
    }
}

QVariant HealthModel::displayText(const Row &row, int column) const
{
    switch (column) {
    case Provider:
        return row.provider;
    case Key:
        return row.key;
    case Status:
        return statusText(row.status);
    case LastCheck:
        return row.check ? relativeTime(row.check->timestampMs, QDateTime::currentMSecsSinceEpoch())
                         : QString();
    case Latency:
        return row.check && row.check->ok ? tr("%1 ms").arg(qRound(row.check->latencyMs))
                                          : QString();
    case Day:
        return availabilityText(row.day);
    case Week:
        return availabilityText(row.week);
    case Error:
        return CoreMessages::translate(row.error);
    default:
        return {};
    }
}

QString HealthModel::statusText(KeyStatus status) const
{
    switch (status) {
    case KeyStatus::Up:
        return tr("up");
    case KeyStatus::Rejected:
        return tr("rejected");
    case KeyStatus::Failing:
        return tr("failing");
    case KeyStatus::NotChecked:
        return tr("not checked");
    case KeyStatus::Disabled:
        return tr("disabled");
    }
    return {};
}

QString HealthModel::availabilityText(const HealthRepository::Availability &a) const
{
    if (a.total == 0)
        return QStringLiteral("—");
    const double p = a.percent();
    return QLocale().toString(p, 'f', p == 100.0 || p == 0.0 ? 0 : 1) + QLatin1Char('%');
}

QString HealthModel::relativeTime(qint64 thenMs, qint64 nowMs)
{
    const qint64 seconds = std::max<qint64>(0, (nowMs - thenMs) / 1000);
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%1 min ago").arg(seconds / 60);
    if (seconds < 24 * 3600)
        return tr("%1 h ago").arg(seconds / 3600);
    return tr("%1 d ago").arg(seconds / (24 * 3600));
}

void HealthModel::setActive(bool active)
{
    if (active)
        m_ageing.start();
    else
        m_ageing.stop();
}

void HealthModel::refresh()
{
    m_coalesce.stop();
    QList<Row> rows;
    const GatewayConfigPtr config = m_gateway->currentConfig();
    if (config) {
        const HealthRepository history(m_db);
        QHash<std::pair<qint64, qint64>, HealthCheckRecord> latest;
        if (const auto checks = history.latest(); checks.ok()) {
            // The newest per key, whichever way (directly or through a proxy) it went.
            for (const HealthCheckRecord &c : checks.value()) {
                const auto it = latest.constFind({c.providerId, c.keyId});
                if (it == latest.cend() || it->timestampMs < c.timestampMs)
                    latest.insert({c.providerId, c.keyId}, c);
            }
        } else {
            qCWarning(lcHealthView) << "cannot read the health history:" << checks.error();
        }
        auto providers = config->providers.values();
        std::sort(providers.begin(), providers.end(), [](const auto &a, const auto &b) {
            return a->record.name.compare(b->record.name, Qt::CaseInsensitive) < 0;
        });
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        for (const auto &provider : std::as_const(providers)) {
            const qint64 id = provider->record.id;
            for (const ProviderKey &key : provider->keys) {
                const auto day = history.availability(id, nowMs - kDayMs, key.id);
                const auto week = history.availability(id, nowMs - 7 * kDayMs, key.id);
                Row row;
                row.providerId = id;
                row.keyId = key.id;
                row.provider = provider->record.name;
                row.key = key.label;
                row.day = day.ok() ? day.value() : HealthRepository::Availability{};
                row.week = week.ok() ? week.value() : HealthRepository::Availability{};
                if (const auto it = latest.constFind({id, key.id}); it != latest.cend())
                    row.check = *it;
                const auto inUse = m_gateway->routingState()->keyHealth(key.stateId);
                if (!provider->record.enabled) {
                    row.status = KeyStatus::Disabled;
                } else if (!row.check) {
                    row.status = KeyStatus::NotChecked;
                    row.error = key.problem;
                } else if (!row.check->ok) {
                    row.status =
                        isRejection(row.check->status) ? KeyStatus::Rejected : KeyStatus::Failing;
                    row.error = row.check->error;
                } else if (!inUse.usable) {
                    // Checked fine, but the provider has rejected it since while serving.
                    row.status = KeyStatus::Rejected;
                    row.error = inUse.reason;
                } else {
                    row.status = KeyStatus::Up;
                }
                rows.append(row);
            }
        }
    }

    const bool sameRows = std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), m_rows.cend(),
                                     [](const Row &a, const Row &b) {
                                         return a.providerId == b.providerId && a.keyId == b.keyId;
                                     });
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    } else if (!rows.isEmpty()) {
        m_rows = std::move(rows);
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    }
}

} // namespace llmux
