#include "ui/keys/KeysPage.h"

#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/UsageQuery.h"
#include "ui/keys/KeyCreateDialog.h"
#include "ui/keys/KeysModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {

KeysPage::KeysPage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_model(new KeysModel(this))
    , m_loader(new UsageLoader(db, this))
{
    setObjectName(QStringLiteral("keysPage"));
    setWindowTitle(tr("Keys"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    layout->addWidget(
        new PageHeader(tr("Keys"),
                       tr("Gateway keys let clients use LLMux. Give each client its own "
                          "key, so you can see its usage and turn it off on its own."),
                       this));

    auto *toolbar = new QHBoxLayout();
    toolbar->setSpacing(8);
    m_create = new QPushButton(Icons::get(QStringLiteral("add")), tr("Create key…"), this);
    m_create->setObjectName(QStringLiteral("accentButton"));
    m_toggle = new QPushButton(Icons::get(QStringLiteral("pause")), tr("Disable"), this);
    m_toggle->setObjectName(QStringLiteral("toggleButton"));
    m_revoke = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Revoke…"), this);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_showRevoked = new QCheckBox(tr("Show revoked keys"), this);
    m_showRevoked->setObjectName(QStringLiteral("showRevokedCheck"));
    m_refresh = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Refresh"), this);
    m_refresh->setToolTip(tr("Reads the keys and their usage again"));
    toolbar->addWidget(m_create);
    toolbar->addWidget(m_toggle);
    toolbar->addWidget(m_revoke);
    toolbar->addStretch(1);
    toolbar->addWidget(m_showRevoked);
    toolbar->addWidget(m_refresh);
    layout->addLayout(toolbar);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("keysView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(KeysModel::Name, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    m_empty = new QLabel(tr("No keys yet. Create one for each client that should use LLMux; it "
                            "is shown once, so copy it into the client right away."),
                         this);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_empty, 1);

    m_usageNote = new QLabel(tr("Requests, tokens and cost count every request in the log made "
                                "with the key."),
                             this);
    m_usageNote->setObjectName(QStringLiteral("pageSummary"));
    m_usageNote->setWordWrap(true);
    layout->addWidget(m_usageNote);

    connect(m_create, &QPushButton::clicked, this, &KeysPage::openCreateDialog);
    connect(m_toggle, &QPushButton::clicked, this, &KeysPage::toggleSelected);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPage::askToRevokeSelected);
    connect(m_refresh, &QPushButton::clicked, this, &KeysPage::reload);
    connect(m_showRevoked, &QCheckBox::toggled, this, [this](bool show) {
        const GatewayKeyRecord *key = selectedKey();
        const QString name = key ? key->name : QString();
        m_model->setShowRevoked(show);
        selectKey(name);
        refreshButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &KeysPage::refreshButtons);
    // Keys changed elsewhere (the command line, the Connect or Playground page) show up here.
    connect(gateway, &Gateway::configReloaded, this, &KeysPage::reloadKeys);
    reloadKeys();
}

// The loader, a child, interrupts a query still running and joins its thread as it goes.
KeysPage::~KeysPage() = default;

void KeysPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    loadUsage();
}

void KeysPage::reload()
{
    reloadKeys();
    loadUsage();
}

void KeysPage::reloadKeys()
{
    const GatewayKeyRecord *selected = selectedKey();
    const QString name = selected ? selected->name : QString();
    const auto keys = GatewayKeyRepository(m_db).list();
    if (!keys) {
        showProblem(tr("Cannot read the gateway keys: %1").arg(keys.error()));
        return;
    }
    m_model->setKeys(keys.value());
    if (const GatewayConfigPtr config = m_gateway->currentConfig()) {
        QList<RateLimit> limits;
        for (const LimitRule &rule : config->limits)
            limits << rule.limit;
        m_model->setGovernance(limits, config->budgets);
    }
    bool anyLive = false;
    for (const GatewayKeyRecord &key : keys.value())
        anyLive = anyLive || !key.isRevoked();
    const bool empty = keys->isEmpty() || (!anyLive && !m_showRevoked->isChecked());
    m_view->setVisible(!empty);
    m_empty->setVisible(empty);
    selectKey(name);
    refreshButtons();
}

void KeysPage::loadUsage()
{
    m_loader->run([this](const Database &db) -> UsageLoader::Apply {
        UsageQuery query(db);
        query.setWithMedians(false);
        const qint64 until = QDateTime::currentMSecsSinceEpoch() + 60000;
        const auto slices = query.breakdown(0, until, UsageDimension::Key);
        return [this, slices] {
            if (!slices) {
                showProblem(tr("Cannot read the keys' usage: %1").arg(slices.error()));
                return;
            }
            QHash<qint64, UsageTotals> usage;
            for (const UsageSlice &slice : slices.value())
                if (slice.keyId)
                    usage.insert(*slice.keyId, slice.totals);
            m_model->setUsage(usage);
        };
    });
}

const GatewayKeyRecord *KeysPage::selectedKey() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->keyAt(rows.first().row());
}

void KeysPage::selectKey(const QString &name)
{
    const int row = name.isEmpty() ? -1 : m_model->rowOfName(name);
    if (row < 0) {
        m_view->clearSelection();
        return;
    }
    m_view->selectRow(row);
}

void KeysPage::refreshButtons()
{
    const GatewayKeyRecord *key = selectedKey();
    const bool live = key && !key->isRevoked();
    m_toggle->setEnabled(live);
    m_revoke->setEnabled(live);
    const bool disabled = live && key->disabled;
    m_toggle->setText(disabled ? tr("Enable") : tr("Disable"));
    m_toggle->setIcon(Icons::get(disabled ? QStringLiteral("play") : QStringLiteral("pause")));
    m_toggle->setToolTip(disabled ? tr("Lets clients use this key again")
                                  : tr("Turns the key off for now; enable it again any time"));
    m_revoke->setToolTip(tr("Ends the key for good; its usage stays in the log"));
}

void KeysPage::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

void KeysPage::openCreateDialog()
{
    if (m_dialog && m_dialog->isVisible()) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new KeyCreateDialog(m_db, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &KeyCreateDialog::created, this, [this](const GatewayKeyRecord &key) {
        showProblem(QString());
        reloadKeys();
        selectKey(key.name);
    });
    m_dialog->open();
}

void KeysPage::toggleSelected()
{
    const GatewayKeyRecord *key = selectedKey();
    if (!key || key->isRevoked())
        return;
    const QString name = key->name;
    const bool disable = !key->disabled;
    const Status changed = GatewayKeyRepository(m_db).setDisabled(name, disable);
    if (!changed) {
        showProblem(disable ? tr("Cannot disable the key “%1”: %2").arg(name, changed.error())
                            : tr("Cannot enable the key “%1”: %2").arg(name, changed.error()));
        return;
    }
    showProblem(QString());
    reloadKeys();
    selectKey(name);
}

void KeysPage::askToRevokeSelected()
{
    const GatewayKeyRecord *key = selectedKey();
    if (!key || key->isRevoked() || m_question)
        return;
    const QString name = key->name;
    m_question = new QMessageBox(
        QMessageBox::Warning, tr("Revoke key"),
        tr("Revoke the key “%1”? Clients using it stop working at once, and it cannot be "
           "turned back on. Its usage stays in the log.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    m_question->button(QMessageBox::Yes)->setText(tr("Revoke"));
    m_question->setDefaultButton(QMessageBox::Cancel);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, name](int result) {
        if (result != QMessageBox::Yes)
            return;
        const Status revoked = GatewayKeyRepository(m_db).revoke(name);
        if (!revoked) {
            showProblem(tr("Cannot revoke the key “%1”: %2").arg(name, revoked.error()));
            return;
        }
        showProblem(QString());
        reloadKeys();
    });
    m_question->open();
}

} // namespace llmux
