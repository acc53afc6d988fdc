#include "ui/common/TableSection.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {

TableSection::TableSection(QAbstractItemModel *model, const QString &heading,
                           const QString &emptyText, const QString &objectName, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    auto *title = new QLabel(heading, this);
    title->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(title);

    m_stack = new QStackedWidget(this);
    auto *empty = new QLabel(emptyText, m_stack);
    empty->setObjectName(QStringLiteral("emptyState"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(objectName);
    m_view->setModel(model);
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_stack->addWidget(empty);
    m_stack->addWidget(m_view);
    layout->addWidget(m_stack, 1);

    auto follow = [this, empty, model] {
        m_stack->setCurrentWidget(model->rowCount() > 0 ? static_cast<QWidget *>(m_view) : empty);
    };
    connect(model, &QAbstractItemModel::modelReset, m_stack, follow);
    connect(model, &QAbstractItemModel::rowsInserted, m_stack, follow);
    connect(model, &QAbstractItemModel::rowsRemoved, m_stack, follow);
    follow();
}

} // namespace llmux
