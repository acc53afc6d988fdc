#include "dashboard/DashboardPage.h"

#include "dashboard/RecentRequestsModel.h"
#include "gateway/Gateway.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {

DashboardPage::DashboardPage(Gateway *gateway, RecentRequestsModel *recent, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
{
    setObjectName(QStringLiteral("dashboardPage"));
    setWindowTitle(tr("Dashboard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(16);

    auto *card = new QWidget(this);
    card->setObjectName(QStringLiteral("statusCard"));
    auto *cardLayout = new QHBoxLayout(card);
    cardLayout->setContentsMargins(18, 14, 18, 14);
    auto *texts = new QVBoxLayout();
    m_state = new QLabel(card);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_address = new QLabel(card);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem = new QLabel(card);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    texts->addWidget(m_state);
    texts->addWidget(m_address);
    texts->addWidget(m_problem);
    cardLayout->addLayout(texts, 1);
    m_copy = new QPushButton(tr("Copy base URL"), card);
    m_toggle = new QPushButton(card);
    m_toggle->setObjectName(QStringLiteral("accentButton"));
    cardLayout->addWidget(m_copy);
    cardLayout->addWidget(m_toggle);
    layout->addWidget(card);

    auto *heading = new QLabel(tr("Recent requests"), this);
    heading->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(heading);
    m_table = new QTableView(this);
    m_table->setModel(recent);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Fit the columns to the first rows that arrive; after that the user's widths stay.
    connect(recent, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_columnsFitted) {
            m_columnsFitted = true;
            m_table->resizeColumnsToContents();
            m_table->horizontalHeader()->setStretchLastSection(true);
        }
    });
    layout->addWidget(m_table, 1);

    connect(m_copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_gateway->baseUrl()); });
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        if (m_gateway->isRunning())
            Q_EMIT stopRequested();
        else
            Q_EMIT startRequested();
    });
    connect(gateway, &Gateway::stateChanged, this, &DashboardPage::refreshState);
    connect(gateway, &Gateway::ready, this, &DashboardPage::refreshState);
    connect(gateway, &Gateway::problem, this, &DashboardPage::showProblem);
    refreshState();
}

QString DashboardPage::stateText() const
{
    return m_state->text();
}

QString DashboardPage::addressText() const
{
    return m_address->text();
}

void DashboardPage::refreshState()
{
    const bool running = m_gateway->isRunning();
    if (running && m_gateway->isReady())
        m_state->setText(tr("● Running"));
    else if (running)
        m_state->setText(tr("● Starting…"));
    else
        m_state->setText(tr("○ Stopped"));
    m_address->setText(running ? tr("Base URL: %1").arg(m_gateway->baseUrl())
                               : tr("The gateway is not listening."));
    m_copy->setEnabled(running);
    m_toggle->setText(running ? tr("Stop gateway") : tr("Start gateway"));
    if (running)
        m_problem->hide();
}

void DashboardPage::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

} // namespace llmux
