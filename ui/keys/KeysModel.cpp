#include "ui/keys/KeysModel.h"

#include "ui/common/GovernanceText.h"
#include "ui/common/StatusTone.h"
#include "ui/common/UsageBreakdownModel.h"

#include <QLocale>

namespace llmux {
namespace {

QString dateText(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

StatusTone toneOf(KeysModel::KeyStatus status)
{
    switch (status) {
    case KeysModel::KeyStatus::Active:
        return StatusTone::Good;
    case KeysModel::KeyStatus::Disabled:
    case KeysModel::KeyStatus::Expired:
        return StatusTone::Warning;
    case KeysModel::KeyStatus::Revoked:
        break;
    }
    return StatusTone::Neutral;
}

} // namespace

KeysModel::KeysModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void KeysModel::setKeys(const QList<GatewayKeyRecord> &keys)
{
    m_all = keys;
    rebuild();
}

void KeysModel::setGovernance(const QList<RateLimit> &limits, const QList<Budget> &budgets)
{
    m_limits = limits;
    m_budgets = budgets;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Limits), index(int(m_rows.size()) - 1, Limits));
}

void KeysModel::setUsage(const QHash<qint64, UsageTotals> &usage)
{
    m_usage = usage;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Requests), index(int(m_rows.size()) - 1, Cost));
}

void KeysModel::setShowRevoked(bool show)
{
    m_showRevoked = show;
    rebuild();
}

void KeysModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const GatewayKeyRecord &key : std::as_const(m_all))
        if (m_showRevoked || !key.isRevoked())
            m_rows << key;
    endResetModel();
}

const GatewayKeyRecord *KeysModel::keyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int KeysModel::rowOfName(const QString &name) const
{
    // A revoked key's name may be in use again: the live one comes first.
    int revoked = -1;
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).name == name) {
            if (!m_rows.at(row).isRevoked())
                return row;
            revoked = row;
        }
    return revoked;
}

KeysModel::KeyStatus KeysModel::statusOf(const GatewayKeyRecord &key, const QDateTime &now)
{
    if (key.isRevoked())
        return KeyStatus::Revoked;
    if (key.disabled)
        return KeyStatus::Disabled;
    if (key.isExpired(now))
        return KeyStatus::Expired;
    return KeyStatus::Active;
}

QString KeysModel::statusText(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return tr("active");
    case KeyStatus::Disabled:
        return tr("disabled");
    case KeyStatus::Expired:
        return tr("expired");
    case KeyStatus::Revoked:
        break;
    }
    return tr("revoked");
}

int KeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeysModel::data(const QModelIndex &index, int role) const
{
    const GatewayKeyRecord *key = keyAt(index.row());
    if (!key)
        return {};
    const KeyStatus status = statusOf(*key, QDateTime::currentDateTimeUtc());
    const UsageTotals usage = m_usage.value(key->id);
    if (role == KeyStatusRole)
        return int(status);
    if (role == ToneRole && index.column() == Status)
        return int(toneOf(status));
    if (role == Qt::ForegroundRole) {
        if (index.column() == Status)
            return toneBrush(toneOf(status));
        if (status == KeyStatus::Revoked)
            return toneBrush(StatusTone::Neutral);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Requests)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Access)
        return tr("Its project, the models and endpoints it may use, and its scope (llmux key set "
                  "%1 ...)")
            .arg(key->name);
    if (role == Qt::ToolTipRole && index.column() == Limits)
        return tr("Rate limits and budgets on this key and its project (edited on the Limits & "
                  "budgets page)");
    if (role == Qt::ToolTipRole && index.column() == Status && key->isRevoked())
        return tr("Revoked %1").arg(dateText(key->revokedAt));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return key->name;
    case Prefix:
        return key->displayPrefix;
    case Created:
        return dateText(key->createdAt);
    case Expires:
        return key->expiresAt.isValid() ? dateText(key->expiresAt) : tr("never");
    case Status:
        return statusText(status);
    case Access: {
        QStringList parts;
        if (key->projectId)
            parts << key->projectName;
        if (!key->allowedModels.isEmpty())
            parts << key->allowedModels.join(QLatin1Char(' '));
        if (!key->allowedEndpoints.isEmpty())
            parts << key->allowedEndpoints.join(QLatin1Char(','));
        if (key->scope == u"read")
            parts << tr("read only");
        else if (key->scope == u"admin")
            parts << tr("admin");
        return parts.isEmpty() ? tr("everything") : parts.join(QStringLiteral(" · "));
    }
    case Limits: {
        // On the key itself, then on its project; limits and budgets for everything apply to
        // every key alike and are on the Limits & budgets page.
        QStringList parts;
        const auto mine = [key](auto scope, const QString &subject, auto keyScope,
                                auto projectScope) {
            return (scope == keyScope && subject == key->name) ||
                   (key->projectId && scope == projectScope &&
                    subject.compare(key->projectName, Qt::CaseInsensitive) == 0);
        };
        for (const RateLimit &l : m_limits)
            if (mine(l.scope, l.subject, RateLimit::Scope::Key, RateLimit::Scope::Project))
                parts << GovernanceText::rateOf(l);
        for (const Budget &b : m_budgets)
            if (mine(b.scope, b.subject, Budget::Scope::Key, Budget::Scope::Project))
                parts << GovernanceText::amountOf(b);
        return parts.isEmpty() ? tr("none") : parts.join(QStringLiteral(" · "));
    }
    case Requests:
        return QLocale().toString(usage.requests);
    case Tokens:
        return QLocale().toString(usage.tokens());
    case Cost:
        return UsageBreakdownModel::formatCost(usage.cost);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant KeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name:
        return tr("Name");
    case Prefix:
        return tr("Key");
    case Created:
        return tr("Created");
    case Expires:
        return tr("Expires");
    case Status:
        return tr("Status");
    case Access:
        return tr("May use");
    case Limits:
        return tr("Limits");
    case Requests:
        return tr("Requests");
    case Tokens:
        return tr("Tokens");
    case Cost:
        return tr("Cost");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmux
