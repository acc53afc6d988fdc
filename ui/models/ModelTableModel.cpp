#include "ui/models/ModelTableModel.h"

#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ModelRepository.h"

#include <QLocale>

#include <cmath>

namespace llmux {

QString formatPricePerMillion(double price)
{
    // Two decimals like a price tag, more only when the price needs them.
    int decimals = 2;
    while (decimals < 6 &&
           std::abs(QString::number(price, 'f', decimals).toDouble() - price) > 1e-9)
        ++decimals;
    return QStringLiteral("$") + QLocale().toString(price, 'f', decimals);
}

ModelTableModel::ModelTableModel(const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{}

Status ModelTableModel::reload()
{
    auto models = ModelRepository(m_db).list();
    if (!models)
        return models.status();
    const auto edits = ModelCapabilityRepository(m_db).list();
    if (!edits)
        return edits.status();
    beginResetModel();
    m_models = models.value();
    m_capabilities.clear();
    for (const ModelRecord &m : std::as_const(m_models)) {
        ModelCapabilities c = ModelCapabilities::presetFor(m.upstreamModel);
        for (const ModelCapabilityRecord &e : edits.value())
            if (e.providerId == m.providerId && e.upstreamModel == m.upstreamModel)
                c = c.overriddenBy(e.capabilities);
        m_capabilities << c;
    }
    endResetModel();
    return Status::success();
}

int ModelTableModel::rowOf(const QString &publicName) const
{
    for (int row = 0; row < m_models.size(); ++row)
        if (m_models.at(row).publicName.compare(publicName, Qt::CaseInsensitive) == 0)
            return row;
    return -1;
}

int ModelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ModelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_models.size())
        return {};
    const ModelRecord &m = m_models.at(index.row());
    if (role == Qt::CheckStateRole && index.column() == Enabled)
        return m.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::TextAlignmentRole &&
        (index.column() == InputPrice || index.column() == OutputPrice))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Capabilities)
        return tr("What the model can take: LLMux's presets for well-known models, with your "
                  "edits (Edit model). Routes skip a model that cannot take a request.");
    if (role == Qt::ToolTipRole && index.column() == Enabled)
        return m.enabled ? tr("Clients can use this name; untick to turn it off")
                         : tr("Turned off: clients asking for this name get an error");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return m.publicName;
    case Provider:
        return m.providerName;
    case UpstreamModel:
        return m.upstreamModel;
    case InputPrice:
        return m.price ? formatPricePerMillion(m.price->inputPerMillion) : tr("not set");
    case OutputPrice:
        return m.price ? formatPricePerMillion(m.price->outputPerMillion) : tr("not set");
    case Capabilities: {
        const ModelCapabilities &c = m_capabilities.at(index.row());
        return c.isEmpty() ? tr("not known") : summaryOf(c);
    }
    default:
        return {};
    }
}

QString ModelTableModel::summaryOf(const ModelCapabilities &c)
{
    QStringList parts;
    auto flag = [&parts](const std::optional<bool> &value, const QString &yes, const QString &no) {
        if (value)
            parts << (*value ? yes : no);
    };
    flag(c.tools, tr("tools"), tr("no tools"));
    flag(c.images, tr("images"), tr("no images"));
    flag(c.reasoning, tr("reasoning"), tr("no reasoning"));
    // Token counts the way model cards give them: 128k, 1.05M.
    auto tokens = [](qint64 n) {
        const QLocale locale;
        return n >= 1000000 ? locale.toString(double(n) / 1000000, 'g', 3) + QLatin1Char('M')
               : n >= 1000  ? locale.toString(n / 1000) + QLatin1Char('k')
                            : locale.toString(n);
    };
    if (c.contextWindow)
        parts << tr("%1 context").arg(tokens(*c.contextWindow));
    if (c.maxOutputTokens)
        parts << tr("%1 output").arg(tokens(*c.maxOutputTokens));
    if (c.responsesOnly.value_or(false))
        parts << tr("Responses API only");
    return parts.join(QStringLiteral(", "));
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole &&
        (section == InputPrice || section == OutputPrice))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Public name");
    case Provider:
        return tr("Provider");
    case UpstreamModel:
        return tr("Upstream model");
    case InputPrice:
        return tr("Input / 1M");
    case OutputPrice:
        return tr("Output / 1M");
    case Capabilities:
        return tr("Can take");
    case Enabled:
        return tr("Enabled");
    default:
        return {};
    }
}

Qt::ItemFlags ModelTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Enabled)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool ModelTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Enabled || role != Qt::CheckStateRole ||
        index.row() >= m_models.size())
        return false;
    ModelRecord &m = m_models[index.row()];
    const bool enabled = value.toInt() == Qt::Checked;
    if (const Status s = ModelRepository(m_db).setEnabled(m.publicName, enabled); !s) {
        emit failed(enabled ? tr("Could not turn “%1” on: %2").arg(m.publicName, s.error())
                            : tr("Could not turn “%1” off: %2").arg(m.publicName, s.error()));
        return false;
    }
    m.enabled = enabled;
    emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    return true;
}

} // namespace llmux
