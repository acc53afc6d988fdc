#include "ui/alerts/AlertsPage.h"

#include "core/alerts/AlertCenter.h"
#include "core/config/GatewayConfigLoader.h"
#include "core/gateway/Gateway.h"
#include "core/services/AlertChannelStore.h"
#include "core/store/AlertRepository.h"
#include "ui/alerts/AlertChannelDialog.h"
#include "ui/alerts/AlertChannelsModel.h"
#include "ui/alerts/AlertHistoryModel.h"
#include "ui/common/StatusTone.h"
#include "ui/common/TableSection.h"
#include "ui/theme/CoreMessages.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {
namespace {

constexpr int kHistoryRows = 200;

} // namespace

AlertsPage::AlertsPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
                       QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_secrets(secrets)
    , m_channels(new AlertChannelsModel(this))
    , m_history(new AlertHistoryModel(this))
{
    setObjectName(QStringLiteral("alertsPage"));
    setWindowTitle(tr("Alerts"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);
    auto *header = new PageHeader(tr("Alerts"), QString(), this);
    m_summary = header->summaryLabel();
    m_add = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add channel…"), this);
    m_add->setObjectName(QStringLiteral("addAlertChannelButton"));
    m_test = new QPushButton(Icons::get(QStringLiteral("send")), tr("Send test"), this);
    m_test->setObjectName(QStringLiteral("testAlertChannelButton"));
    m_edit = new QPushButton(Icons::get(QStringLiteral("edit")), tr("Events…"), this);
    m_edit->setObjectName(QStringLiteral("editAlertChannelButton"));
    m_remove = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeAlertChannelButton"));
    for (QPushButton *b : {m_add, m_test, m_edit, m_remove})
        header->addControl(b);
    layout->addWidget(header);

    auto *channels = new TableSection(
        m_channels, tr("Channels"),
        tr("No channels yet: alerts only show in the tray. Add Slack, DingTalk, Feishu, e-mail "
           "or any webhook to hear of budgets, limits and providers wherever you are."),
        QStringLiteral("alertChannelsTable"), this);
    m_channelsView = channels->view();
    layout->addWidget(channels, 1);
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("alertTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText); // a receiver's answer may be an HTML page
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->hide();
    layout->addWidget(m_testResult);
    auto *history = new TableSection(m_history, tr("History"),
                                     tr("No alerts yet. Budgets, limits, providers and keys "
                                        "raise them when something needs you."),
                                     QStringLiteral("alertHistoryTable"), this);
    m_historyView = history->view();
    layout->addWidget(history, 2);

    connect(m_add, &QPushButton::clicked, this, [this] {
        AlertChannelDialog dialog(m_db, m_secrets, this);
        if (dialog.exec() == QDialog::Accepted)
            reload();
    });
    connect(m_test, &QPushButton::clicked, this, &AlertsPage::sendTest);
    connect(m_edit, &QPushButton::clicked, this, &AlertsPage::editSelected);
    connect(m_channelsView, &QTableView::doubleClicked, this, &AlertsPage::editSelected);
    connect(m_remove, &QPushButton::clicked, this, &AlertsPage::removeSelected);
    connect(m_channelsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPage::updateButtons);
    connect(m_channels, &QAbstractItemModel::modelReset, this, &AlertsPage::updateButtons);
    connect(gateway->alertCenter(), &AlertCenter::historyChanged, this, &AlertsPage::reload);
    connect(gateway, &Gateway::configReloaded, this, &AlertsPage::reload);
    reload();
}

void AlertsPage::reload()
{
    // The same channel stays selected (by id: rows move when one is removed).
    const AlertChannel *selected = m_channels->channelAt(selectedRow());
    const qint64 selectedId = selected ? selected->id : 0;
    const auto channels = AlertRepository(m_db).channels();
    m_channels->setChannels(channels ? channels.value() : QList<AlertChannel>());
    for (int row = 0; selectedId > 0 && row < m_channels->rowCount(); ++row)
        if (m_channels->channelAt(row)->id == selectedId)
            m_channelsView->selectRow(row);
    const auto history = AlertRepository(m_db).history(kHistoryRows);
    m_history->setRecords(history ? history.value() : QList<AlertRecord>());
    int on = 0;
    for (int i = 0; i < m_channels->rowCount(); ++i)
        on += m_channels->channelAt(i)->enabled ? 1 : 0;
    if (!channels)
        m_summary->setText(CoreMessages::translate(channels.error()));
    else if (channels->isEmpty())
        m_summary->setText(tr("Alerts show in the tray; add a channel to get them elsewhere."));
    else
        m_summary->setText(
            tr("%n channel(s) on", nullptr, on) +
            (history && !history->isEmpty()
                 ? tr("; last alert %1")
                       .arg(QLocale().toString(history->first().alert.at.toLocalTime(),
                                               QLocale::ShortFormat))
                 : QString()));
    updateButtons();
}

int AlertsPage::selectedRow() const
{
    const QModelIndexList rows = m_channelsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void AlertsPage::updateButtons()
{
    const bool selected = selectedRow() >= 0;
    m_test->setEnabled(selected && !m_testing);
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
}

void AlertsPage::sendTest()
{
    const AlertChannel *channel = m_channels->channelAt(selectedRow());
    if (!channel)
        return;
    m_testResult->setText(tr("Sending a test message to %1…").arg(channel->name));
    m_testResult->setStyleSheet(QString());
    m_testResult->show();
    m_testing = true;
    updateButtons();
    QPointer<AlertsPage> page(this);
    m_gateway->alertCenter()->sendTest(*channel, [page](const AlertDelivery &d) {
        if (!page)
            return;
        page->m_testing = false;
        page->m_testResult->setText(
            d.ok ? tr("%1 took the test message: %2").arg(d.channel, d.answer)
                 : tr("%1 did not take the test message: %2")
                       .arg(d.channel, CoreMessages::translate(d.answer)));
        page->m_testResult->setStyleSheet(
            QStringLiteral("color: %1")
                .arg(toneBrush(d.ok ? StatusTone::Good : StatusTone::Bad).color().name()));
        page->updateButtons();
    });
}

void AlertsPage::editSelected()
{
    const AlertChannel *channel = m_channels->channelAt(selectedRow());
    if (!channel)
        return;
    AlertChannelDialog dialog(m_db, m_secrets, *channel, this);
    if (dialog.exec() == QDialog::Accepted) {
        reload();
        m_gateway->configLoader()->reload();
    }
}

void AlertsPage::removeSelected()
{
    const AlertChannel *selected = m_channels->channelAt(selectedRow());
    if (!selected)
        return;
    const AlertChannel channel = *selected;
    m_question = new QMessageBox(QMessageBox::Question, tr("Remove alert channel"),
                                 tr("Remove %1? Its address and secrets are deleted from the "
                                    "keychain.")
                                     .arg(channel.name),
                                 QMessageBox::Yes | QMessageBox::Cancel, this);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    m_question->button(QMessageBox::Yes)->setText(tr("Remove"));
    m_question->setDefaultButton(QMessageBox::Cancel);
    connect(m_question, &QMessageBox::finished, this, [this, channel](int result) {
        if (result != QMessageBox::Yes)
            return;
        AlertChannelStore(m_db, m_secrets)
            .removeAsync(channel, this, [this](const Status &removed) {
                if (!removed)
                    QMessageBox::warning(this, tr("Alert channel"),
                                         CoreMessages::translate(removed.error()));
                reload();
                m_gateway->configLoader()->reload();
            });
    });
    m_question->open();
}

} // namespace llmux
