#include "ui/health/HealthPage.h"

#include "core/gateway/Gateway.h"
#include "core/health/HealthMonitor.h"
#include "ui/common/TableSection.h"
#include "ui/health/HealthModel.h"
#include "ui/health/TargetHealthModel.h"
#include "ui/theme/PageHeader.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {

HealthPage::HealthPage(Gateway *gateway, HealthModel *keys, TargetHealthModel *targets,
                       QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_keys(keys)
    , m_targets(targets)
{
    setObjectName(QStringLiteral("healthPage"));
    setWindowTitle(tr("Health"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *header = new PageHeader(tr("Health"), QString(), this);
    m_summary = header->summaryLabel();
    m_check = new QPushButton(tr("Check now"), this);
    m_check->setObjectName(QStringLiteral("accentButton"));
    header->addControl(m_check);
    layout->addWidget(header);

    m_keysView =
        addTable(keys, tr("Provider keys"), tr("No providers yet. Add one on the Providers page."),
                 QStringLiteral("providerKeysTable"));
    m_targetsView = addTable(targets, tr("Route targets"),
                             tr("No routes or model aliases yet. Add one on the Models page."),
                             QStringLiteral("routeTargetsTable"));

    HealthMonitor *monitor = gateway->healthMonitor();
    connect(m_check, &QPushButton::clicked, this, [this, monitor] {
        monitor->checkNow();
        refreshCheckButton();
    });
    connect(monitor, &HealthMonitor::roundStarted, this, &HealthPage::refreshCheckButton);
    connect(monitor, &HealthMonitor::checked, this, &HealthPage::refreshCheckButton);
    connect(monitor, &HealthMonitor::roundFinished, this, [this] {
        refreshCheckButton();
        refreshSummary();
    });
    connect(gateway, &Gateway::stateChanged, this, [this] {
        refreshCheckButton();
        refreshSummary();
    });
    // The monitor forgets removed providers only after the gateway announced the new config.
    connect(gateway, &Gateway::configReloaded, this, &HealthPage::refreshSummary,
            Qt::QueuedConnection);
    refreshCheckButton();
    refreshSummary();
}

QTableView *HealthPage::addTable(QAbstractItemModel *model, const QString &heading,
                                 const QString &emptyText, const QString &objectName)
{
    auto *section = new TableSection(model, heading, emptyText, objectName, this);
    // A handful of rows whose texts change with every check: the last column (an error or a
    // reason) takes the rest, its full text in the tooltip.
    section->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    static_cast<QVBoxLayout *>(layout())->addWidget(section, 1);
    return section->view();
}

void HealthPage::refreshCheckButton()
{
    const bool running = m_gateway->isRunning();
    const bool checking = m_gateway->healthMonitor()->isChecking();
    m_check->setEnabled(running && !checking);
    m_check->setText(checking ? tr("Checking…") : tr("Check now"));
    m_check->setToolTip(running ? tr("Checks every key of every enabled provider with its "
                                     "cheapest authenticated call")
                                : tr("Start the gateway to check providers"));
}

void HealthPage::refreshSummary()
{
    if (!m_gateway->isRunning()) {
        m_summary->setText(tr("The gateway is stopped; providers are not being checked."));
        return;
    }
    int known = 0;
    int down = 0;
    for (const auto &provider : m_gateway->healthMonitor()->providers()) {
        if (!provider.known)
            continue;
        ++known;
        if (!provider.up)
            ++down;
    }
    if (known == 0)
        m_summary->setText(tr("Providers have not been checked yet."));
    else if (down > 0)
        m_summary->setText(tr("%1 of %2 providers down").arg(down).arg(known));
    else
        m_summary->setText(tr("All checked providers are up"));
}

void HealthPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_keys->refresh();
    m_keys->setActive(true);
    m_targets->setActive(true);
}

void HealthPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_keys->setActive(false);
    m_targets->setActive(false);
}

} // namespace llmux
