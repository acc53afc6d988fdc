#pragma once

#include "core/domain/Records.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <optional>

namespace llmux {

class Database;
class Gateway;

// One row per configured provider: its kind, base URL, how many keys it has, and how its health
// checks went (the gateway's HealthMonitor, else the last checks in the health history). Reads
// the database when the configuration or the health changes, never from data(); never holds a
// secret.
class ProvidersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Kind, BaseUrl, Keys, Status, Latency, Enabled, ColumnCount };
    enum class Health { Up, Down, NotChecked, Disabled };
    static constexpr int ProviderIdRole = Qt::UserRole + 10;
    static constexpr int HealthRole = Qt::UserRole + 11;

    // gateway may be null (no status beyond the health history).
    ProvidersModel(Gateway *gateway, const Database &db, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    ProviderRecord record(int row) const { return m_rows.value(row).record; }
    // The row of a provider by name (any case), or -1.
    int rowOf(const QString &name) const;
    // Why the last refresh could not read the providers; empty when it could.
    QString loadError() const { return m_loadError; }

public Q_SLOTS:
    void refresh();

private:
    struct Row
    {
        ProviderRecord record;
        int keys = 0;
        Health health = Health::NotChecked;
        QString reason;
        std::optional<double> latencyMs;
    };
    QString healthText(const Row &row) const;
    // Where the main key comes from (or that there is none), and the pool of extra keys.
    static QString keysToolTip(const Row &row);

    Gateway *m_gateway;
    const Database &m_db;
    QList<Row> m_rows;
    QString m_loadError;
    QTimer m_coalesce; // one refresh for a burst of checks
};

} // namespace llmux
