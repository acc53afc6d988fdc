#pragma once

#include "core/domain/Budget.h"
#include "core/domain/RateLimit.h"
#include "core/domain/Records.h"
#include "core/store/UsageQuery.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>

namespace llmux {

// The gateway keys as a table: what each one is, whether it still works, and how much it was used.
// Holds only what the key store keeps (name, display prefix, dates, flags), never a key itself.
class KeysModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Prefix,
        Created,
        Expires,
        Status,
        Access, // project, models and scope
        Limits, // rate limits and budgets on the key and its project
        Requests,
        Tokens,
        Cost,
        ColumnCount
    };
    enum class KeyStatus { Active, Disabled, Expired, Revoked };
    static constexpr int KeyStatusRole = Qt::UserRole + 10;

    explicit KeysModel(QObject *parent = nullptr);

    void setKeys(const QList<GatewayKeyRecord> &keys);
    // Totals per key id; keys without an entry show zeros.
    void setUsage(const QHash<qint64, UsageTotals> &usage);
    // The rate limits and budgets in force, for the Limits column.
    void setGovernance(const QList<RateLimit> &limits, const QList<Budget> &budgets);
    void setShowRevoked(bool show);
    bool showsRevoked() const { return m_showRevoked; }

    const GatewayKeyRecord *keyAt(int row) const;
    int rowOfName(const QString &name) const;
    static KeyStatus statusOf(const GatewayKeyRecord &key, const QDateTime &now);
    static QString statusText(KeyStatus status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void rebuild();

    QList<GatewayKeyRecord> m_all;
    QList<GatewayKeyRecord> m_rows;
    QHash<qint64, UsageTotals> m_usage;
    QList<RateLimit> m_limits;
    QList<Budget> m_budgets;
    bool m_showRevoked = false;
};

} // namespace llmux
