#include "ui/providers/ExtraKeysSection.h"

#include "ui/theme/Icons.h"

#include <QAbstractItemModel>
#include <QBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

#include <algorithm>

namespace llmux {

ExtraKeysSection::ExtraKeysSection(ProviderDraft &draft, QWidget *parent)
    : QWidget(parent)
    , m_draft(draft)
    , m_list(new QListWidget(this))
    , m_newKey(new QLineEdit(this))
    , m_add(new QPushButton(Icons::get(QStringLiteral("add")), tr("Add key"), this))
    , m_remove(new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove key"), this))
{
    setObjectName(QStringLiteral("extraKeys"));
    m_list->setObjectName(QStringLiteral("extraKeyList"));
    m_list->setMaximumHeight(90);
    m_list->setToolTip(tr("Extra keys form a pool: requests are spread over them, and keys the "
                          "provider rejects or rate-limits are skipped."));
    m_newKey->setObjectName(QStringLiteral("newExtraKeyEdit"));
    m_newKey->setEchoMode(QLineEdit::Password);
    m_newKey->setPlaceholderText(tr("Another API key of this provider"));
    m_add->setObjectName(QStringLiteral("addExtraKeyButton"));
    m_remove->setObjectName(QStringLiteral("removeExtraKeyButton"));

    auto *keyRow = new QHBoxLayout();
    keyRow->addWidget(m_newKey, 1);
    keyRow->addWidget(m_add);
    keyRow->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(keyRow);

    connect(m_add, &QPushButton::clicked, this, &ExtraKeysSection::addTyped);
    m_newKey->installEventFilter(this);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            delete item; // forgetRows() follows from the model
    });
    connect(m_list->model(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) { forgetRows(first, last); });
}

void ExtraKeysSection::showStored(const QList<ProviderKeyRecord> &keys)
{
    for (const ProviderKeyRecord &k : keys) {
        const QString where =
            k.apiKeyEnv.isEmpty() ? tr("OS keychain") : QLatin1Char('$') + k.apiKeyEnv;
        // Above the keys typed here, as they will be once saved.
        const int row = int(m_rowKeyIds.indexOf(0));
        const int at = row < 0 ? int(m_rowKeyIds.size()) : row;
        m_rowKeyIds.insert(at, k.id);
        m_list->insertItem(at, tr("%1 (%2)").arg(k.label, where));
    }
}

void ExtraKeysSection::addTyped()
{
    const QByteArray secret = m_newKey->text().trimmed().toUtf8();
    if (secret.isEmpty())
        return;
    m_draft.addedKeys.append({QString(), secret});
    m_rowKeyIds.append(0);
    m_list->addItem(
        tr("new key (…%1), saved with the provider").arg(QString::fromUtf8(secret.right(4))));
    m_newKey->clear();
}

void ExtraKeysSection::forgetRows(int first, int last)
{
    for (int row = qMin(last, int(m_rowKeyIds.size()) - 1); row >= first; --row) {
        const qint64 id = m_rowKeyIds.at(row);
        if (id > 0) {
            m_draft.removedKeyIds << id;
        } else {
            const qsizetype typedBefore =
                std::count(m_rowKeyIds.cbegin(), m_rowKeyIds.cbegin() + row, qint64(0));
            m_draft.addedKeys.removeAt(typedBefore);
        }
        m_rowKeyIds.removeAt(row);
    }
}

bool ExtraKeysSection::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_newKey && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            addTyped();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace llmux
