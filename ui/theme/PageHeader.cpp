#include "ui/theme/PageHeader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace llmux {

PageHeader::PageHeader(const QString &title, const QString &summary, QWidget *parent)
    : QWidget(parent)
    , m_row(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("pageHeader"));
    m_row->setContentsMargins(0, 0, 0, 0);
    auto *titles = new QVBoxLayout();
    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageHeading"));
    m_summary = new QLabel(summary, this);
    m_summary->setObjectName(QStringLiteral("pageSummary"));
    m_summary->setWordWrap(true);
    titles->addWidget(heading);
    titles->addWidget(m_summary);
    m_row->addLayout(titles, 1);
}

void PageHeader::addControl(QWidget *control)
{
    control->setParent(this);
    m_row->addWidget(control, 0, Qt::AlignVCenter);
}

} // namespace llmux
