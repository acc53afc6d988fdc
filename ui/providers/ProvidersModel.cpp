#include "ui/providers/ProvidersModel.h"

#include "core/gateway/Gateway.h"
#include "core/health/HealthMonitor.h"
#include "core/store/HealthRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "ui/common/StatusTone.h"
#include "ui/theme/CoreMessages.h"

#include <QHash>

#include <algorithm>

namespace llmux {
namespace {

StatusTone toneOf(ProvidersModel::Health health)
{
    switch (health) {
    case ProvidersModel::Health::Up:
        return StatusTone::Good;
    case ProvidersModel::Health::Down:
        return StatusTone::Bad;
    case ProvidersModel::Health::NotChecked:
    case ProvidersModel::Health::Disabled:
        break;
    }
    return StatusTone::Neutral;
}

} // namespace

ProvidersModel::ProvidersModel(Gateway *gateway, const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
    , m_db(db)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(50);
    connect(&m_coalesce, &QTimer::timeout, this, &ProvidersModel::refresh);
    if (gateway) {
        auto later = [this] { m_coalesce.start(); };
        connect(gateway->healthMonitor(), &HealthMonitor::checked, this, later);
        connect(gateway->healthMonitor(), &HealthMonitor::roundFinished, this, later);
        connect(gateway, &Gateway::configReloaded, this, later);
    }
    refresh();
}

int ProvidersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProvidersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ProvidersModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).record.name.compare(name, Qt::CaseInsensitive) == 0)
            return row;
    return -1;
}

QVariant ProvidersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Kind:
        return tr("Kind");
    case BaseUrl:
        return tr("Base URL");
    case Keys:
        return tr("Keys");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case Enabled:
        return tr("Enabled");
    default:
        return {};
    }
}

QVariant ProvidersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return row.record.name;
        case Kind:
            return row.record.kind;
        case BaseUrl:
            return row.record.baseUrl;
        case Keys:
            return row.keys == 0 ? tr("none") : QString::number(row.keys);
        case Status:
            return healthText(row);
        case Latency:
            return row.latencyMs ? tr("%1 ms").arg(qRound(*row.latencyMs)) : QString();
        case Enabled:
            return row.record.enabled ? tr("yes") : tr("no");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Status && !row.reason.isEmpty())
            return CoreMessages::translate(row.reason);
        if (index.column() == Keys)
            return keysToolTip(row);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Status)
            return toneBrush(toneOf(row.health));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Keys || index.column() == Latency)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ToneRole:
        return int(toneOf(row.health));
    case ProviderIdRole:
        return row.record.id;
    case HealthRole:
        return int(row.health);
    default:
        return {};
    }
}

QString ProvidersModel::healthText(const Row &row) const
{
    switch (row.health) {
    case Health::Up:
        return tr("up");
    case Health::Down:
        return tr("down");
    case Health::NotChecked:
        return tr("not checked");
    case Health::Disabled:
        return tr("disabled");
    }
    return {};
}

QString ProvidersModel::keysToolTip(const Row &row)
{
    const ProviderRecord &p = row.record;
    // The environment wins over the keychain, as in the gateway.
    const bool hasMainKey = p.secretInKeychain || !p.apiKeyEnv.isEmpty();
    QString main = !p.apiKeyEnv.isEmpty() ? tr("The main key is read from $%1.").arg(p.apiKeyEnv)
                   : p.secretInKeychain
                       ? tr("The main key is stored in the OS keychain.")
                       : tr("No main key: requests go to this provider without one (fine "
                            "for local servers; edit the provider to add a key).");
    const int extra = row.keys - int(hasMainKey);
    if (extra <= 0)
        return main;
    return tr("%1 %n extra key(s) form a pool: requests are spread over the keys.", nullptr, extra)
        .arg(main);
}

void ProvidersModel::refresh()
{
    m_coalesce.stop();
    const auto providers = ProviderRepository(m_db).list();
    const auto extraKeys = ProviderKeyRepository(m_db).list();
    const auto checks = HealthRepository(m_db).latest();
    m_loadError = !providers ? providers.error() : QString();

    QHash<qint64, int> extraCount;
    if (extraKeys)
        for (const ProviderKeyRecord &k : extraKeys.value())
            ++extraCount[k.providerId];
    // The newest check per provider, and the newest that succeeded (for the latency).
    QHash<qint64, HealthCheckRecord> newest;
    QHash<qint64, HealthCheckRecord> newestOk;
    if (checks) {
        for (const HealthCheckRecord &c : checks.value()) {
            if (auto it = newest.constFind(c.providerId);
                it == newest.cend() || it->timestampMs < c.timestampMs)
                newest.insert(c.providerId, c);
            if (!c.ok)
                continue;
            if (auto it = newestOk.constFind(c.providerId);
                it == newestOk.cend() || it->timestampMs < c.timestampMs)
                newestOk.insert(c.providerId, c);
        }
    }
    QHash<qint64, HealthMonitor::ProviderHealth> live;
    if (m_gateway)
        for (const auto &h : m_gateway->healthMonitor()->providers())
            live.insert(h.providerId, h);

    QList<Row> rows;
    for (const ProviderRecord &p : providers ? providers.value() : QList<ProviderRecord>()) {
        Row row;
        row.record = p;
        const bool hasMainKey = p.secretInKeychain || !p.apiKeyEnv.isEmpty();
        row.keys = int(hasMainKey) + extraCount.value(p.id);
        if (newestOk.contains(p.id))
            row.latencyMs = newestOk.value(p.id).latencyMs;
        const auto monitored = live.constFind(p.id);
        if (!p.enabled) {
            row.health = Health::Disabled;
        } else if (monitored != live.cend() && monitored->known) {
            row.health = monitored->up ? Health::Up : Health::Down;
            row.reason =
                monitored->up
                    ? tr("%1 of %2 keys work").arg(monitored->keysOk).arg(monitored->keysTotal)
                    : monitored->reason;
        } else if (newest.contains(p.id)) {
            const HealthCheckRecord &c = newest[p.id];
            row.health = c.ok ? Health::Up : Health::Down;
            row.reason = c.error;
        }
        rows.append(row);
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.record.name.compare(b.record.name, Qt::CaseInsensitive) < 0;
    });

    const bool sameRows =
        std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), m_rows.cend(),
                   [](const Row &a, const Row &b) { return a.record.id == b.record.id; });
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
