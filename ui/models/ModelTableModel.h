#pragma once

#include "core/common/Result.h"
#include "core/domain/ModelCapabilities.h"
#include "core/domain/Records.h"

#include <QAbstractTableModel>
#include <QHash>

namespace llmux {

class Database;

// The model aliases as a table: public name, provider, upstream model, prices, what the model can
// take (presets with the user's edits) and an Enabled check box that writes through to the
// database as it is toggled.
class ModelTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Provider,
        UpstreamModel,
        InputPrice,
        OutputPrice,
        Capabilities,
        Enabled,
        ColumnCount
    };

    explicit ModelTableModel(const Database &db, QObject *parent = nullptr);

    // Reads the aliases again; keeps the old rows when that fails.
    Status reload();
    const ModelRecord &record(int row) const { return m_models.at(row); }
    int rowOf(const QString &publicName) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // What a model can take, in a few words for the table.
    static QString summaryOf(const ModelCapabilities &capabilities);

Q_SIGNALS:
    // A change could not be saved; the message says what and what to do.
    void failed(const QString &message);

private:
    const Database &m_db;
    QList<ModelRecord> m_models;
    QList<ModelCapabilities> m_capabilities; // per row
};

// Prices per million tokens as the pages show them: "$0.27", "$1.10", "$0.0375".
QString formatPricePerMillion(double price);

} // namespace llmux
