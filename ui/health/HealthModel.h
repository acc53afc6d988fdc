#pragma once

#include "core/domain/Records.h"
#include "core/store/HealthRepository.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <optional>

namespace llmux {

class Database;
class Gateway;

// One row per provider key: how its last health check went, when, how fast, and the provider's
// availability over a day and a week. Reads the health history when the monitor reports a check
// or the configuration changes, never from data(); never shows a key's secret.
class HealthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Provider, Key, Status, LastCheck, Latency, Day, Week, Error, ColumnCount };
    enum class KeyStatus { Up, Rejected, Failing, NotChecked, Disabled };
    // KeyStatus of a row, on any column.
    static constexpr int KeyStatusRole = Qt::UserRole + 2;

    HealthModel(Gateway *gateway, const Database &db, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Keeps the "2 min ago" texts current; on while a view shows the model.
    void setActive(bool active);
    // "just now", "5 min ago", "3 h ago", "2 d ago".
    static QString relativeTime(qint64 thenMs, qint64 nowMs);

public Q_SLOTS:
    void refresh();

private:
    struct Row
    {
        qint64 providerId = 0;
        qint64 keyId = 0;
        QString provider;
        QString key;
        KeyStatus status = KeyStatus::NotChecked;
        std::optional<HealthCheckRecord> check;
        QString error;
        HealthRepository::Availability day;
        HealthRepository::Availability week;
    };
    QVariant displayText(const Row &row, int column) const;
    QString statusText(KeyStatus status) const;
    QString availabilityText(const HealthRepository::Availability &a) const;

    Gateway *m_gateway;
    const Database &m_db;
    QList<Row> m_rows;
    QTimer m_coalesce; // one refresh for a burst of checks
    QTimer m_ageing;
};

} // namespace llmux
