#pragma once

#include <QAbstractTableModel>

namespace llmux {

class Database;

// The gateway's tuning numbers (retries, circuit breakers, health checks) as an editable table:
// setting, value, default, meaning. Edits go through TuningSettings, which checks the bounds;
// a refused value is reported through problem() and nothing is stored.
class TuningSettingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Setting, Value, Default, Meaning, ColumnCount };

    explicit TuningSettingsModel(const Database &db, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    void reload();
    // Puts every setting back to its default.
    void resetAll();

Q_SIGNALS:
    void problem(const QString &message);

private:
    const Database &m_db;
    QList<int> m_values;
};

} // namespace llmux
