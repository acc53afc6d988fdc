#include "ui/providers/ProviderDialog.h"

#include "core/providers/ProviderPresets.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "ui/common/StatusTone.h"
#include "ui/providers/AdvancedSection.h"
#include "ui/providers/ConnectionSection.h"
#include "ui/providers/ModelOfferSection.h"
#include "ui/providers/ProviderDraftCheck.h"
#include "ui/providers/ProviderTester.h"
#include "ui/theme/CoreMessages.h"
#include "ui/theme/Icons.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

#include <utility>

namespace llmux {
namespace {

const QString kCustomPreset = QStringLiteral("custom");
constexpr int kPresetIdRole = Qt::UserRole;

void setTone(QLabel *label, StatusTone tone)
{
    QPalette palette = label->palette();
    palette.setBrush(QPalette::WindowText, toneBrush(tone));
    label->setPalette(palette);
}

} // namespace

ProviderDialog::ProviderDialog(const Database &db, const SecretStore &secrets,
                               const std::optional<ProviderRecord> &existing, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_secrets(secrets)
    , m_existing(existing)
    , m_tester(new ProviderTester(db, secrets, this))
{
    setObjectName(QStringLiteral("providerDialog"));
    setWindowTitle(existing ? tr("Edit provider %1").arg(existing->name) : tr("Add provider"));
    if (existing) {
        m_draft.record = *existing;
        m_draft.proxyText = existing->proxy;
    }
    // Built in the order Tab visits them: presets, the sections, the probe, the buttons.
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(20, 20, 20, 20);
    layout->setSpacing(16);
    layout->addLayout(buildPresetColumn()); // presets first: one fills in everything but the key
    m_connection = new ConnectionSection(m_draft, isEditing(), this);
    m_advanced = new AdvancedSection(m_draft, this);
    QLayout *probeRow = buildProbeRow();
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_models = new ModelOfferSection(m_draft, this);
    m_error = new ProblemLabel(this);
    setTone(m_error, StatusTone::Bad);
    buildButtons();

    auto *column = new QVBoxLayout();
    column->setSpacing(12);
    column->addWidget(m_connection);
    column->addWidget(m_advanced);
    column->addLayout(probeRow);
    column->addWidget(m_testResult);
    column->addWidget(m_models);
    column->addStretch(1);
    column->addWidget(m_error);
    column->addWidget(m_buttons);
    layout->addLayout(column, 1);

    connect(m_tester, &ProviderTester::finished, this, &ProviderDialog::showProbeResult);
    connect(m_connection, &ConnectionSection::kindChanged, this,
            &ProviderDialog::updateFetchButton);
    updateFetchButton();

    if (existing)
        loadExisting();
    else
        m_presets->setCurrentRow(0);
    resize(760, 560);
}

QLayout *ProviderDialog::buildPresetColumn()
{
    auto *heading = new QLabel(tr("Start from"), this);
    heading->setObjectName(QStringLiteral("sectionHeading"));
    m_presets = new QListWidget(this);
    m_presets->setObjectName(QStringLiteral("presetList"));
    for (const ProviderPreset &preset : ProviderPresets::all()) {
        auto *item = new QListWidgetItem(preset.displayName, m_presets);
        item->setData(kPresetIdRole, preset.id);
    }
    auto *custom = new QListWidgetItem(tr("Custom"), m_presets);
    custom->setData(kPresetIdRole, kCustomPreset);
    m_presets->setFixedWidth(190);
    // A stored provider keeps what it is; only its fields can change.
    heading->setVisible(!isEditing());
    m_presets->setVisible(!isEditing());
    connect(m_presets, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            selectPreset(item->data(kPresetIdRole).toString());
    });
    auto *column = new QVBoxLayout();
    column->addWidget(heading);
    column->addWidget(m_presets, 1);
    return column;
}

QLayout *ProviderDialog::buildProbeRow()
{
    // Trying the provider before saving it.
    m_test = new QPushButton(Icons::get(QStringLiteral("test")), tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_fetch = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Fetch models"), this);
    m_fetch->setObjectName(QStringLiteral("fetchModelsButton"));
    m_busy = new QLabel(this);
    connect(m_test, &QPushButton::clicked, this, [this] { runProbe(ProbePurpose::Test); });
    connect(m_fetch, &QPushButton::clicked, this, [this] { runProbe(ProbePurpose::FetchModels); });
    auto *row = new QHBoxLayout();
    row->addWidget(m_test);
    row->addWidget(m_fetch);
    row->addWidget(m_busy, 1);
    return row;
}

void ProviderDialog::buildButtons()
{
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    QPushButton *save = saveButton();
    save->setObjectName(QStringLiteral("accentButton"));
    // The style sheet has already looked at the button under its old name: look again.
    save->style()->unpolish(save);
    save->style()->polish(save);
    // Enter saves, and only Save ever is the default: a button with autoDefault becomes the
    // default while it has focus, and focus falls on Cancel when a probe disables the others.
    save->setAutoDefault(true);
    save->setDefault(true);
    for (QPushButton *button : findChildren<QPushButton *>())
        if (button != save)
            button->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProviderDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QPushButton *ProviderDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

bool ProviderDialog::isBusy() const
{
    return m_saving || m_tester->isRunning();
}

void ProviderDialog::loadExisting()
{
    m_connection->showStoredKey(*m_existing);
    const auto keys = ProviderKeyRepository(m_db).list(m_existing->id);
    if (!keys) {
        showError(CoreMessages::translate(keys.error()));
        return;
    }
    m_advanced->showStoredKeys(keys.value());
}

void ProviderDialog::selectPreset(const QString &presetId)
{
    for (int row = 0; row < m_presets->count(); ++row) {
        if (m_presets->item(row)->data(kPresetIdRole).toString() == presetId &&
            m_presets->currentRow() != row) {
            m_presets->setCurrentRow(row); // comes back here through currentItemChanged
            return;
        }
    }
    if (presetId == kCustomPreset) {
        m_draft.record.baseUrl.clear();
        m_draft.record.name.clear();
        m_connection->refresh();
        m_connection->showCustomHint();
        return;
    }
    const ProviderPreset *preset = ProviderPresets::find(presetId);
    if (!preset)
        return;
    m_draft.record.kind = preset->kind;
    m_draft.record.baseUrl = preset->baseUrl;
    // A suggested name not taken yet: deepseek, deepseek-2, …
    QString name = preset->id;
    const ProviderRepository providers(m_db);
    for (int n = 2;; ++n) {
        const auto taken = providers.findByName(name);
        if (!taken || !taken->has_value())
            break;
        name = QStringLiteral("%1-%2").arg(preset->id).arg(n);
    }
    m_draft.record.name = name;
    m_connection->refresh();
    m_connection->showKeyNeed(preset->needsKey, preset->keysUrl);
    updateFetchButton();
}

const ProviderPreset *ProviderDialog::currentPreset() const
{
    const QListWidgetItem *item = m_presets->currentItem();
    return item && !isEditing() ? ProviderPresets::find(item->data(kPresetIdRole).toString())
                                : nullptr;
}

void ProviderDialog::runProbe(ProbePurpose purpose)
{
    if (purpose == ProbePurpose::FetchModels && !canFetchModels())
        return;
    const Result<ProviderDraft> draft = ProviderDraftCheck(m_db, m_existing).forTrying(m_draft);
    if (!draft) {
        showError(draft.error());
        return;
    }
    m_error->hide();
    m_purpose = purpose;
    setBusy(true, purpose == ProbePurpose::Test ? tr("Testing the connection…")
                                                : tr("Fetching the model list…"));
    if (purpose == ProbePurpose::Test)
        m_testResult->clear();
    m_tester->start(draft->record, draft->apiKey, draft->proxyText);
}

void ProviderDialog::showProbeResult(const ProbeResult &result)
{
    setBusy(false);
    const QString failure = tr("Failed: %1").arg(CoreMessages::translate(result.message));
    if (m_purpose == ProbePurpose::Test || !result.ok) {
        QString text;
        if (!result.ok)
            text = failure;
        else if (result.modelCount >= 0)
            text = tr("Connected in %1 ms — %n model(s)", nullptr, result.modelCount)
                       .arg(qRound(result.latencyMs));
        else
            text = tr("Connected in %1 ms").arg(qRound(result.latencyMs));
        m_testResult->setText(text);
        setTone(m_testResult, result.ok ? StatusTone::Good : StatusTone::Bad);
    }
    if (m_purpose == ProbePurpose::Test) {
        // The test has learnt the model ids already: no second click needed to see them.
        if (result.ok && !result.modelIds.isEmpty() && canFetchModels())
            offerModels(result.modelIds);
        return;
    }
    if (!result.ok) {
        m_models->showFetchFailed();
        return;
    }
    offerModels(result.modelIds);
}

void ProviderDialog::offerModels(const QStringList &modelIds)
{
    QSet<QString> published;
    if (m_existing)
        if (const auto models = ModelRepository(m_db).list(); models)
            for (const ModelRecord &m : models.value())
                if (m.providerId == m_existing->id)
                    published.insert(m.upstreamModel);
    m_models->offer(modelIds, published);
}

void ProviderDialog::save()
{
    if (isBusy())
        return;
    const Result<ProviderDraft> draft =
        ProviderDraftCheck(m_db, m_existing, currentPreset()).forSaving(m_draft);
    if (!draft) {
        showError(draft.error());
        return;
    }
    m_error->hide();
    m_saving = true;
    // The keychain may ask for its password first; the save gives up after a while on its own.
    setBusy(true, tr("Saving… (if the OS keychain asks to be unlocked, answer it)"));
    ProviderStore(m_db, m_secrets)
        .save(draft.value(), this, [this](const Result<ProviderSaveOutcome> &outcome) {
            m_saving = false;
            setBusy(false);
            if (!outcome) {
                showError(tr("The provider was not saved: %1")
                              .arg(CoreMessages::translate(outcome.error())));
                return;
            }
            Q_EMIT saved(outcome->providerId, outcome->addedModels, outcome->warnings);
            accept();
        });
}

bool ProviderDialog::canFetchModels() const
{
    return m_draft.record.kind != QLatin1String("azure");
}

void ProviderDialog::updateFetchButton()
{
    // Azure's model list names the base models of the resource, not its deployments, which are
    // what requests address: offering them would publish models that cannot be called.
    m_fetch->setEnabled(canFetchModels() && !isBusy());
    m_fetch->setToolTip(canFetchModels()
                            ? tr("List the provider's models, to add the ones you check as models.")
                            : tr("Azure OpenAI lists its base models, not your deployments, and "
                                 "requests go to deployments: add each deployment name as a model "
                                 "on the Models page."));
}

void ProviderDialog::setBusy(bool busy, const QString &what)
{
    if (busy && !m_focusBeforeBusy)
        m_focusBeforeBusy = focusWidget();
    m_busy->setText(busy ? what : QString());
    m_test->setEnabled(!busy);
    m_fetch->setEnabled(!busy && canFetchModels());
    saveButton()->setEnabled(!busy);
    // The user should learn how the save ended; it ends by itself within the keychain's deadline
    // (SecretStore::asyncTimeout()), so Cancel comes back.
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!m_saving);
    if (busy) {
        m_focusWhileBusy = focusWidget(); // where Qt moved it from a button just disabled
        return;
    }
    // Focus goes back to the button that was clicked, unless the user has moved it meanwhile.
    const QPointer<QWidget> before = std::exchange(m_focusBeforeBusy, nullptr);
    const QPointer<QWidget> fallback = std::exchange(m_focusWhileBusy, nullptr);
    if (before && before->isEnabled() && before->isVisible() && focusWidget() == fallback &&
        before != fallback)
        before->setFocus(Qt::OtherFocusReason);
}

void ProviderDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && isBusy()) {
        event->accept(); // neither save twice nor close on the user
        return;
    }
    QDialog::keyPressEvent(event);
}

void ProviderDialog::reject()
{
    if (!m_saving)
        QDialog::reject();
}

void ProviderDialog::showError(const QString &message)
{
    m_error->showProblem(message);
}

} // namespace llmux
