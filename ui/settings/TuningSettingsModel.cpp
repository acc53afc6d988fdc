#include "ui/settings/TuningSettingsModel.h"

#include "core/config/TuningSettings.h"
#include "core/store/SettingsRepository.h"

#include <QFont>

namespace llmux {
namespace {

// The log's retention has its own control on the page.
QList<const TuningSettings::Entry *> shownEntries()
{
    QList<const TuningSettings::Entry *> shown;
    for (const TuningSettings::Entry &e : TuningSettings::entries())
        if (QLatin1String(e.key) != QLatin1String("log.retention_days"))
            shown << &e;
    return shown;
}

} // namespace

TuningSettingsModel::TuningSettingsModel(const Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
    reload();
}

void TuningSettingsModel::reload()
{
    beginResetModel();
    m_values.clear();
    const SettingsRepository settings(m_db);
    for (const TuningSettings::Entry *e : shownEntries())
        m_values << TuningSettings::value(settings, *e);
    endResetModel();
}

void TuningSettingsModel::resetAll()
{
    SettingsRepository settings(m_db);
    for (const TuningSettings::Entry *e : shownEntries())
        if (Status s = TuningSettings::reset(settings, QLatin1String(e->key)); !s)
            Q_EMIT problem(s.error());
    reload();
}

int TuningSettingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.size());
}

int TuningSettingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TuningSettingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_values.size())
        return {};
    const TuningSettings::Entry *e = shownEntries().at(index.row());
    const int value = m_values.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Setting:
            return QLatin1String(e->key);
        case Value:
            return value;
        case Default:
            return e->defaultValue;
        case Meaning:
            // The catalog's English text (shared with `llmux settings`), marked for translation.
            return tr(e->description);
        default:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        return tr("%1 to %2%3")
            .arg(e->minimum)
            .arg(e->maximum)
            .arg(e->zeroAllowed ? tr(", or 0 for off") : QString());
    }
    if (role == Qt::FontRole && index.column() == Value && value != e->defaultValue) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant TuningSettingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Setting:
        return tr("Setting");
    case Value:
        return tr("Value");
    case Default:
        return tr("Default");
    case Meaning:
        return tr("Meaning");
    default:
        return {};
    }
}

Qt::ItemFlags TuningSettingsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == Value)
        f |= Qt::ItemIsEditable;
    return f;
}

bool TuningSettingsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != Value || index.row() >= m_values.size())
        return false;
    const TuningSettings::Entry *e = shownEntries().at(index.row());
    SettingsRepository settings(m_db);
    if (Status s = TuningSettings::set(settings, QLatin1String(e->key), value.toString()); !s) {
        Q_EMIT problem(s.error());
        return false;
    }
    m_values[index.row()] = TuningSettings::value(settings, *e);
    Q_EMIT dataChanged(index, index);
    return true;
}

} // namespace llmux
