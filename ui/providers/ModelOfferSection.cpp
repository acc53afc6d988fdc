#include "ui/providers/ModelOfferSection.h"

#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace llmux {

ModelOfferSection::ModelOfferSection(ProviderDraft &draft, QWidget *parent)
    : QWidget(parent)
    , m_draft(draft)
    , m_status(new QLabel(this))
    , m_hint(new QLabel(tr("Tick the models your tools should use; each becomes a model name on "
                           "the Models page."),
                        this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("modelOfferSection"));
    m_status->setObjectName(QStringLiteral("modelsStatus"));
    m_status->setWordWrap(true);
    m_status->hide();
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setWordWrap(true);
    m_hint->hide();
    m_list->setObjectName(QStringLiteral("modelList"));
    m_list->setMaximumHeight(160);
    m_list->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_hint);
    layout->addWidget(m_list);

    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (!(item->flags() & Qt::ItemIsUserCheckable))
            return;
        const QString id = item->data(Qt::UserRole).toString();
        m_draft.models.removeAll(id);
        if (item->checkState() == Qt::Checked)
            m_draft.models << id;
    });
}

void ModelOfferSection::offer(const QStringList &modelIds, const QSet<QString> &published)
{
    QStringList ids = modelIds;
    ids.sort(Qt::CaseInsensitive);
    QStringList ticked;
    const QSignalBlocker block(m_list); // filling the list is not ticking
    m_list->clear();
    for (const QString &id : std::as_const(ids)) {
        auto *item = new QListWidgetItem(id, m_list);
        item->setData(Qt::UserRole, id);
        if (published.contains(id)) {
            item->setText(tr("%1 (already a model)").arg(id));
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setCheckState(Qt::Checked);
            continue;
        }
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool tick = m_draft.models.contains(id);
        item->setCheckState(tick ? Qt::Checked : Qt::Unchecked);
        if (tick)
            ticked << id;
    }
    m_draft.models = ticked; // a model no longer offered cannot be published
    m_status->show();
    m_list->setVisible(!ids.isEmpty());
    m_hint->setVisible(!ids.isEmpty());
    m_status->setText(ids.isEmpty()
                          ? tr("The provider lists no models; add them on the Models page by "
                               "name.")
                          : tr("The provider offers %n model(s).", nullptr, int(ids.size())));
}

void ModelOfferSection::showFetchFailed()
{
    m_status->setText(tr("Could not fetch the model list (see above)."));
    m_status->show();
}

} // namespace llmux
