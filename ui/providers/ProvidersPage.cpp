#include "ui/providers/ProvidersPage.h"

#include "core/services/ProviderStore.h"
#include "core/store/ProviderRepository.h"
#include "ui/common/StatusTone.h"
#include "ui/providers/ProviderDialog.h"
#include "ui/providers/ProviderTester.h"
#include "ui/providers/ProvidersModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {

ProvidersPage::ProvidersPage(Gateway *gateway, const Database &db, const SecretStore &secrets,
                             QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_secrets(secrets)
    , m_model(new ProvidersModel(gateway, db, this))
    , m_tester(new ProviderTester(db, secrets, this))
{
    setObjectName(QStringLiteral("providersPage"));
    setWindowTitle(tr("Providers"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *header = new PageHeader(tr("Providers"), QString(), this);
    m_summary = header->summaryLabel();
    m_add = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add provider"), this);
    m_add->setObjectName(QStringLiteral("accentButton"));
    header->addControl(m_add);
    layout->addWidget(header);

    auto *toolbar = new QHBoxLayout();
    toolbar->setSpacing(8);
    m_edit = new QPushButton(Icons::get(QStringLiteral("edit")), tr("Edit"), this);
    m_test = new QPushButton(Icons::get(QStringLiteral("test")), tr("Test"), this);
    m_toggle = new QPushButton(Icons::get(QStringLiteral("pause")), tr("Disable"), this);
    m_remove = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), this);
    for (QPushButton *b : {m_edit, m_test, m_toggle, m_remove})
        toolbar->addWidget(b);
    toolbar->addStretch(1);
    layout->addLayout(toolbar);

    m_stack = new QStackedWidget(this);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(QStringLiteral("providersTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ProvidersModel::BaseUrl, QHeaderView::Stretch);
    m_empty = new QLabel(tr("Add your first provider — e.g. DeepSeek. LLMux then serves its "
                            "models to every client on this machine."),
                         m_stack);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("providersStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    m_nextStep = new QPushButton(this);
    m_nextStep->setObjectName(QStringLiteral("nextStepButton"));
    m_nextStep->hide();
    auto *statusRow = new QHBoxLayout();
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_nextStep, 0, Qt::AlignVCenter);
    layout->addLayout(statusRow);

    connect(m_add, &QPushButton::clicked, this, &ProvidersPage::openAddDialog);
    connect(m_nextStep, &QPushButton::clicked, this, [this] { Q_EMIT pageRequested(m_nextPage); });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (selectedRow() >= 0)
            openEditDialog(selectedRow());
    });
    connect(m_view, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { openEditDialog(index.row()); });
    connect(m_test, &QPushButton::clicked, this, &ProvidersPage::testSelected);
    connect(m_toggle, &QPushButton::clicked, this, &ProvidersPage::toggleSelected);
    connect(m_remove, &QPushButton::clicked, this, &ProvidersPage::askRemoveSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProvidersPage::refreshState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProvidersPage::refreshState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ProvidersPage::refreshState);
    connect(m_tester, &ProviderTester::finished, this, [this](const ProbeResult &r) {
        const QString name = std::exchange(m_testing, QString());
        if (r.ok)
            showStatus(r.modelCount >= 0
                           ? tr("%1: connected in %2 ms — %n model(s).", nullptr, r.modelCount)
                                 .arg(name)
                                 .arg(qRound(r.latencyMs))
                           : tr("%1: connected in %2 ms.").arg(name).arg(qRound(r.latencyMs)),
                       false);
        else
            showStatus(tr("%1: the test failed. %2").arg(name, r.message), true);
        refreshState();
    });
    refreshState();
}

int ProvidersPage::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void ProvidersPage::selectRow(int row)
{
    m_view->selectRow(row);
}

void ProvidersPage::perform(const QString &action)
{
    if (action == QLatin1String("add"))
        openAddDialog();
}

ProviderDialog *ProvidersPage::openAddDialog()
{
    return showDialog(new ProviderDialog(m_db, m_secrets, std::nullopt, this));
}

ProviderDialog *ProvidersPage::openEditDialog(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    return showDialog(new ProviderDialog(m_db, m_secrets, m_model->record(row), this));
}

ProviderDialog *ProvidersPage::showDialog(ProviderDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &ProviderDialog::saved, this,
            [this, added = !dialog->isEditing()](qint64 id, const QStringList &models,
                                                 const QStringList &warnings) {
                showSaved(id, added, models, warnings);
            });
    dialog->show();
    return dialog;
}

void ProvidersPage::showSaved(qint64 id, bool added, const QStringList &models,
                              const QStringList &warnings)
{
    m_model->refresh();
    QString name;
    bool azure = false;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->record(row).id == id) {
            selectRow(row);
            name = m_model->record(row).name;
            azure = m_model->record(row).kind == QLatin1String("azure");
        }
    }
    QStringList lines;
    QString next;
    if (added && !models.isEmpty()) {
        lines << tr("Added %1 with %n model(s). Next: connect a client on the Connect page.",
                    nullptr, int(models.size()))
                     .arg(name);
        next = QStringLiteral("connect");
    } else if (added) {
        // Not an error (models can come later), but nothing can use the provider yet.
        lines << (azure ? tr("Added %1, but no models were added, so no client can use it "
                             "yet. Add each deployment name as a model on the Models page.")
                        : tr("Added %1, but no models were added, so no client can use it yet. "
                             "Add models on the Models page, or edit the provider, fetch its "
                             "models and tick the ones your tools should use."))
                     .arg(name);
        next = QStringLiteral("models");
    } else if (!models.isEmpty()) {
        lines << tr("Added models: %1.").arg(models.join(QStringLiteral(", ")));
    }
    lines << warnings;
    if (lines.isEmpty()) {
        m_status->hide();
        m_nextStep->hide();
        return;
    }
    showStatus(lines.join(QLatin1Char('\n')), !warnings.isEmpty());
    if (!next.isEmpty()) {
        m_nextPage = next;
        m_nextStep->setText(next == QLatin1String("connect") ? tr("Connect a client")
                                                             : tr("Open the Models page"));
        m_nextStep->show();
    }
}

void ProvidersPage::testSelected()
{
    const int row = selectedRow();
    if (row < 0 || !m_testing.isEmpty())
        return;
    const ProviderRecord record = m_model->record(row);
    m_testing = record.name;
    showStatus(tr("Testing %1…").arg(record.name), false);
    refreshState();
    m_tester->start(record, QByteArray(), record.proxy);
}

void ProvidersPage::toggleSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    ProviderRecord record = m_model->record(row);
    record.enabled = !record.enabled;
    if (Status s = ProviderRepository(m_db).update(record); !s) {
        showStatus(tr("Could not change provider %1: %2").arg(record.name, s.error()), true);
        return;
    }
    m_model->refresh();
    selectRow(m_model->rowOf(record.name));
    showStatus(
        record.enabled
            ? tr("%1 is enabled; routes use it again.").arg(record.name)
            : tr("%1 is disabled; routes fail over to their other targets.").arg(record.name),
        false);
}

void ProvidersPage::askRemoveSelected()
{
    const int row = selectedRow();
    if (row < 0 || m_confirm)
        return;
    const ProviderRecord record = m_model->record(row);
    m_confirm =
        new QMessageBox(QMessageBox::Warning, tr("Remove provider"),
                        tr("Remove the provider “%1” (%2)?").arg(record.name, record.baseUrl),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    m_confirm->setInformativeText(tr("Its models and extra keys go with it, and its API keys are "
                                     "deleted from the OS keychain. Routes that use it lose "
                                     "those targets."));
    m_confirm->setDefaultButton(QMessageBox::Cancel);
    m_confirm->button(QMessageBox::Yes)->setText(tr("Remove"));
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 id = record.id;
    const QString name = record.name;
    connect(m_confirm, &QMessageBox::finished, this, [this, id, name](int result) {
        if (result == QMessageBox::Yes)
            removeProvider(id, name);
    });
    m_confirm->open();
}

void ProvidersPage::removeProvider(qint64 id, const QString &name)
{
    showStatus(tr("Removing %1…").arg(name), false);
    ProviderStore(m_db, m_secrets).remove(id, this, [this, name](const Status &s) {
        m_model->refresh();
        if (s)
            showStatus(tr("Removed provider %1.").arg(name), false);
        else
            showStatus(tr("Removing %1: %2").arg(name, s.error()), true);
    });
    m_model->refresh();
}

void ProvidersPage::refreshState()
{
    const int count = m_model->rowCount();
    m_stack->setCurrentWidget(count == 0 ? static_cast<QWidget *>(m_empty) : m_view);
    int enabled = 0;
    for (int row = 0; row < count; ++row)
        enabled += m_model->record(row).enabled ? 1 : 0;
    if (!m_model->loadError().isEmpty())
        m_summary->setText(tr("Cannot read the providers: %1").arg(m_model->loadError()));
    else if (count == 0)
        m_summary->setText(tr("Where LLMux sends requests: cloud APIs and local servers."));
    else
        m_summary->setText(tr("%n provider(s), %1 enabled.", nullptr, count).arg(enabled));
    const int row = selectedRow();
    const bool selected = row >= 0;
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_toggle->setEnabled(selected);
    m_test->setEnabled(selected && m_testing.isEmpty());
    const bool isEnabled = selected && m_model->record(row).enabled;
    m_toggle->setText(selected && !isEnabled ? tr("Enable") : tr("Disable"));
    m_toggle->setIcon(
        Icons::get(selected && !isEnabled ? QStringLiteral("play") : QStringLiteral("pause")));
}

void ProvidersPage::showStatus(const QString &text, bool failure)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setBrush(QPalette::WindowText,
                     toneBrush(failure ? StatusTone::Bad : StatusTone::Neutral));
    m_status->setPalette(palette);
    m_status->show();
    m_nextStep->hide(); // a next step belongs to the message that offered it
}

} // namespace llmux
