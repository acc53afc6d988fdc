#include "ui/providers/ProviderDialog.h"

#include "core/providers/ProviderAdapter.h"
#include "core/providers/ProviderPresets.h"
#include "core/services/ProviderStore.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "ui/common/StatusTone.h"
#include "ui/providers/ExtraKeysSection.h"
#include "ui/providers/ProviderTester.h"
#include "ui/theme/CoreMessages.h"
#include "ui/theme/Icons.h"
#include "ui/theme/ProblemLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QToolButton>
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
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(20, 20, 20, 20);
    layout->setSpacing(16);

    // Presets first: picking one fills in everything but the key.
    auto *presetColumn = new QVBoxLayout();
    auto *presetHeading = new QLabel(tr("Start from"), this);
    presetHeading->setObjectName(QStringLiteral("sectionHeading"));
    m_presets = new QListWidget(this);
    m_presets->setObjectName(QStringLiteral("presetList"));
    for (const ProviderPreset &preset : ProviderPresets::all()) {
        auto *item = new QListWidgetItem(preset.displayName, m_presets);
        item->setData(kPresetIdRole, preset.id);
    }
    auto *custom = new QListWidgetItem(tr("Custom"), m_presets);
    custom->setData(kPresetIdRole, kCustomPreset);
    m_presets->setFixedWidth(190);
    presetColumn->addWidget(presetHeading);
    presetColumn->addWidget(m_presets, 1);
    layout->addLayout(presetColumn);
    if (existing) {
        presetHeading->hide();
        m_presets->hide();
    }

    auto *column = new QVBoxLayout();
    column->setSpacing(12);
    layout->addLayout(column, 1);
    auto *form = new QFormLayout();
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    for (const QString &kind : ProviderAdapter::kinds())
        m_kind->addItem(kind, kind);
    m_kind->setToolTip(tr("openai covers every OpenAI-compatible API (DeepSeek, Qwen, Moonshot, "
                          "OpenRouter, Ollama, LM Studio…)."));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. deepseek"));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrl->setPlaceholderText(tr("https://api.example.com/v1"));
    m_apiKey = new QLineEdit(this);
    m_apiKey->setObjectName(QStringLiteral("apiKeyEdit"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(existing ? tr("Leave empty to keep the stored key")
                                          : tr("Paste the API key"));
    m_showKey = new QToolButton(this);
    m_showKey->setObjectName(QStringLiteral("showKeyButton"));
    m_showKey->setText(tr("Show"));
    m_showKey->setCheckable(true);
    m_showKey->setToolTip(tr("Show or hide the key"));
    connect(m_showKey, &QToolButton::toggled, this, [this](bool shown) {
        m_apiKey->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showKey->setText(shown ? tr("Hide") : tr("Show"));
    });
    auto *keyRow = new QHBoxLayout();
    keyRow->addWidget(m_apiKey, 1);
    keyRow->addWidget(m_showKey);
    m_presetHint = new QLabel(this);
    m_presetHint->setObjectName(QStringLiteral("presetHint"));
    m_presetHint->setWordWrap(true);
    m_presetHint->setOpenExternalLinks(true);
    m_presetHint->setTextFormat(Qt::RichText);
    m_presetHint->setMinimumWidth(320);
    m_enabled = new QCheckBox(tr("Use this provider"), this);
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));
    m_enabled->setChecked(true);
    form->addRow(tr("Kind"), m_kind);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("API key"), keyRow);
    form->addRow(QString(), m_presetHint);
    form->addRow(QString(), m_enabled);
    column->addLayout(form);

    m_advancedToggle = new QToolButton(this);
    m_advancedToggle->setObjectName(QStringLiteral("advancedButton"));
    m_advancedToggle->setText(tr("Advanced: timeouts, proxy, extra keys"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advanced = buildAdvanced();
    m_advanced->setVisible(false);
    connect(m_advancedToggle, &QToolButton::toggled, this, [this](bool open) {
        m_advanced->setVisible(open);
        m_advancedToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    column->addWidget(m_advancedToggle);
    column->addWidget(m_advanced);

    // Trying the provider before saving it.
    auto *probeRow = new QHBoxLayout();
    m_test = new QPushButton(Icons::get(QStringLiteral("test")), tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_fetch = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Fetch models"), this);
    m_fetch->setObjectName(QStringLiteral("fetchModelsButton"));
    m_busy = new QLabel(this);
    probeRow->addWidget(m_test);
    probeRow->addWidget(m_fetch);
    probeRow->addWidget(m_busy, 1);
    column->addLayout(probeRow);
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(m_testResult);
    m_modelsStatus = new QLabel(this);
    m_modelsStatus->setObjectName(QStringLiteral("modelsStatus"));
    m_modelsStatus->setWordWrap(true);
    m_modelsStatus->hide();
    m_models = new QListWidget(this);
    m_models->setObjectName(QStringLiteral("modelList"));
    m_models->setMaximumHeight(160);
    m_models->hide();
    m_modelsHint = new QLabel(tr("Tick the models your tools should use; each becomes a model "
                                 "name on the Models page."),
                              this);
    m_modelsHint->setObjectName(QStringLiteral("hintLabel"));
    m_modelsHint->setWordWrap(true);
    m_modelsHint->hide();
    column->addWidget(m_modelsStatus);
    column->addWidget(m_modelsHint);
    column->addWidget(m_models);
    column->addStretch(1);

    m_error = new ProblemLabel(this);
    setTone(m_error, StatusTone::Bad);
    column->addWidget(m_error);
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
    column->addWidget(m_buttons);

    connect(m_presets, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            selectPreset(item->data(kPresetIdRole).toString());
    });
    connect(m_test, &QPushButton::clicked, this, [this] { runProbe(ProbePurpose::Test); });
    connect(m_fetch, &QPushButton::clicked, this, [this] { runProbe(ProbePurpose::FetchModels); });
    connect(m_tester, &ProviderTester::finished, this, &ProviderDialog::showProbeResult);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProviderDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProviderDialog::updateFetchButton);
    updateFetchButton();

    for (QPushButton *button : findChildren<QPushButton *>())
        if (button != save)
            button->setAutoDefault(false);

    if (existing)
        loadExisting();
    else
        m_presets->setCurrentRow(0);
    resize(760, 560);
}

QPushButton *ProviderDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

bool ProviderDialog::isBusy() const
{
    return m_saving || m_tester->isRunning();
}

QWidget *ProviderDialog::buildAdvanced()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const ProviderTimeouts defaults;
    const int values[4] = {defaults.connectMs, defaults.firstByteMs, defaults.idleMs,
                           defaults.totalMs};
    const QString labels[4] = {tr("Connect timeout"), tr("First byte timeout"), tr("Idle timeout"),
                               tr("Total timeout")};
    const QString tips[4] = {
        tr("How long connecting to the provider may take."),
        tr("How long the provider may think before the first byte of its answer."),
        tr("How long a stream may stay silent between chunks."),
        tr("How long the whole exchange may take, streams included.")};
    const char *const names[4] = {"connectTimeout", "firstByteTimeout", "idleTimeout",
                                  "totalTimeout"};
    for (int i = 0; i < 4; ++i) {
        m_timeouts[i] = new QDoubleSpinBox(box);
        m_timeouts[i]->setObjectName(QLatin1String(names[i]));
        m_timeouts[i]->setRange(0.1, 86400);
        m_timeouts[i]->setDecimals(1);
        m_timeouts[i]->setSuffix(tr(" s"));
        m_timeouts[i]->setValue(values[i] / 1000.0);
        m_timeouts[i]->setToolTip(tips[i]);
        form->addRow(labels[i], m_timeouts[i]);
    }
    m_proxy = new QLineEdit(box);
    m_proxy->setObjectName(QStringLiteral("proxyEdit"));
    m_proxy->setPlaceholderText(
        tr("none, system, or http://host:port / socks5://user:pass@host:port"));
    m_proxy->setToolTip(tr("Proxies tried in order, separated by spaces. A password in a URL is "
                           "stored in the OS keychain, never in the configuration."));
    m_noProxy = new QLineEdit(box);
    m_noProxy->setObjectName(QStringLiteral("noProxyEdit"));
    m_noProxy->setPlaceholderText(tr("localhost,.internal,10.0.0.0/8"));
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(tr("No proxy for"), m_noProxy);

    m_extraKeys = new ExtraKeysSection(box);
    form->addRow(tr("Extra keys"), m_extraKeys);
    return box;
}

void ProviderDialog::loadExisting()
{
    const ProviderRecord &r = *m_existing;
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(r.kind)));
    m_name->setText(r.name);
    m_baseUrl->setText(r.baseUrl);
    m_enabled->setChecked(r.enabled);
    const int values[4] = {r.timeouts.connectMs, r.timeouts.firstByteMs, r.timeouts.idleMs,
                           r.timeouts.totalMs};
    for (int i = 0; i < 4; ++i)
        m_timeouts[i]->setValue(values[i] / 1000.0);
    m_proxy->setText(r.proxy);
    m_noProxy->setText(r.noProxy);
    if (!r.apiKeyEnv.isEmpty())
        m_presetHint->setText(tr("The key is read from the environment variable %1. A key typed "
                                 "here is stored in the OS keychain instead.")
                                  .arg(r.apiKeyEnv.toHtmlEscaped()));
    else if (r.secretInKeychain)
        m_presetHint->setText(tr("The key is stored in the OS keychain."));
    else
        m_presetHint->setText(tr("No key is stored for this provider."));
    const auto keys = ProviderKeyRepository(m_db).list(r.id);
    if (!keys) {
        showError(CoreMessages::translate(keys.error()));
        return;
    }
    m_extraKeys->showStored(keys.value());
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
        m_kind->setEnabled(true);
        m_baseUrl->clear();
        m_name->clear();
        setKeyHint(true, QString());
        m_presetHint->setText(tr("Any OpenAI-compatible API uses the kind openai; give its base "
                                 "URL, usually ending in /v1."));
        return;
    }
    const ProviderPreset *preset = ProviderPresets::find(presetId);
    if (!preset)
        return;
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(preset->kind)));
    m_baseUrl->setText(preset->baseUrl);
    if (preset->baseUrl.isEmpty())
        m_baseUrl->setPlaceholderText(tr("https://YOUR-RESOURCE.openai.azure.com"));
    // A suggested name not taken yet: deepseek, deepseek-2, …
    QString name = preset->id;
    const ProviderRepository providers(m_db);
    for (int n = 2;; ++n) {
        const auto taken = providers.findByName(name);
        if (!taken || !taken->has_value())
            break;
        name = QStringLiteral("%1-%2").arg(preset->id).arg(n);
    }
    m_name->setText(name);
    setKeyHint(preset->needsKey, preset->keysUrl);
}

void ProviderDialog::setKeyHint(bool needsKey, const QString &keysUrl)
{
    const QString link = keysUrl.isEmpty()
                             ? QString()
                             : QStringLiteral("<a href=\"%1\">%1</a>").arg(keysUrl.toHtmlEscaped());
    if (!needsKey)
        m_presetHint->setText(
            keysUrl.isEmpty() ? tr("No API key needed: this runs on your machine.")
                              : tr("No API key needed: this runs on your machine (%1).").arg(link));
    else
        m_presetHint->setText(keysUrl.isEmpty() ? tr("Needs an API key from the provider.")
                                                : tr("Needs an API key; get one at %1").arg(link));
}

std::optional<ProviderRecord> ProviderDialog::typedRecord(bool forSave)
{
    ProviderRecord r = m_existing.value_or(ProviderRecord());
    r.name = m_name->text().trimmed();
    r.kind = m_kind->currentData().toString();
    r.enabled = m_enabled->isChecked();
    r.noProxy = m_noProxy->text().trimmed();
    int *fields[4] = {&r.timeouts.connectMs, &r.timeouts.firstByteMs, &r.timeouts.idleMs,
                      &r.timeouts.totalMs};
    for (int i = 0; i < 4; ++i)
        *fields[i] = qRound(m_timeouts[i]->value() * 1000);
    if (forSave) {
        if (r.name.isEmpty()) {
            showError(tr("Give the provider a name, e.g. deepseek."));
            return std::nullopt;
        }
        const bool renamed = !m_existing || m_existing->name != r.name;
        if (renamed && !ProviderStore::checkName(r.name)) {
            showError(tr("A provider name may use letters, digits, '-', '_' and '.' (no spaces, "
                         "'/' or ':'), e.g. deepseek or openai-work."));
            return std::nullopt;
        }
        const auto taken = ProviderRepository(m_db).findByName(r.name);
        if (!taken) {
            showError(taken.error());
            return std::nullopt;
        }
        if (taken->has_value() && (*taken)->id != r.id) {
            showError(tr("There is already a provider named “%1”. Pick another name.")
                          .arg((*taken)->name));
            return std::nullopt;
        }
    }
    const QString url = m_baseUrl->text().trimmed();
    if (url.isEmpty()) {
        showError(r.kind == QLatin1String("azure")
                      ? tr("Give the base URL of your Azure OpenAI resource, e.g. "
                           "https://YOUR-RESOURCE.openai.azure.com.")
                      : tr("Give the provider's base URL, e.g. https://api.deepseek.com/v1."));
        return std::nullopt;
    }
    const Result<QString> normalized = ProviderStore::normalizeBaseUrl(url);
    if (!normalized) {
        showError(tr("“%1” is not a web address: it must start with http:// or https:// and "
                     "name a host, e.g. https://api.deepseek.com/v1.")
                      .arg(url));
        return std::nullopt;
    }
    r.baseUrl = normalized.value();
    if (r.name.isEmpty())
        r.name = tr("new provider");
    m_error->hide();
    return r;
}

void ProviderDialog::runProbe(ProbePurpose purpose)
{
    if (purpose == ProbePurpose::FetchModels && !canFetchModels())
        return;
    const auto record = typedRecord(false);
    if (!record)
        return;
    m_purpose = purpose;
    setBusy(true, purpose == ProbePurpose::Test ? tr("Testing the connection…")
                                                : tr("Fetching the model list…"));
    if (purpose == ProbePurpose::Test)
        m_testResult->clear();
    m_tester->start(*record, m_apiKey->text().trimmed().toUtf8(), m_proxy->text());
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
            fillModels(result.modelIds);
        return;
    }
    if (!result.ok) {
        // A list shown before stays, with its ticks.
        m_modelsStatus->setText(tr("Could not fetch the model list (see above)."));
        m_modelsStatus->show();
        return;
    }
    fillModels(result.modelIds);
}

void ProviderDialog::fillModels(const QStringList &modelIds)
{
    QSet<QString> ticked;
    for (int row = 0; row < m_models->count(); ++row) {
        const QListWidgetItem *item = m_models->item(row);
        if ((item->flags() & Qt::ItemIsEnabled) && item->checkState() == Qt::Checked)
            ticked.insert(item->data(Qt::UserRole).toString());
    }
    m_models->clear();
    // Models this provider already serves are shown, checked and fixed.
    QSet<QString> known;
    if (m_existing)
        if (const auto models = ModelRepository(m_db).list(); models)
            for (const ModelRecord &m : models.value())
                if (m.providerId == m_existing->id)
                    known.insert(m.upstreamModel);
    QStringList ids = modelIds;
    ids.sort(Qt::CaseInsensitive);
    for (const QString &id : std::as_const(ids)) {
        auto *item = new QListWidgetItem(id, m_models);
        item->setData(Qt::UserRole, id);
        if (known.contains(id)) {
            item->setText(tr("%1 (already a model)").arg(id));
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setCheckState(Qt::Checked);
        } else {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(ticked.contains(id) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_modelsStatus->show();
    m_models->setVisible(!ids.isEmpty());
    m_modelsHint->setVisible(!ids.isEmpty());
    m_modelsStatus->setText(ids.isEmpty()
                                ? tr("The provider lists no models; add them on the Models page "
                                     "by name.")
                                : tr("The provider offers %n model(s).", nullptr, int(ids.size())));
}

void ProviderDialog::save()
{
    if (isBusy())
        return;
    const auto record = typedRecord(true);
    if (!record)
        return;
    ProviderDraft draft;
    draft.record = *record;
    draft.apiKey = m_apiKey->text().trimmed().toUtf8();
    draft.proxyText = m_proxy->text().trimmed();
    draft.removedKeyIds = m_extraKeys->removedKeyIds();
    for (const QByteArray &secret : m_extraKeys->addedSecrets())
        draft.addedKeys.append({QString(), secret});
    for (int row = 0; row < m_models->count(); ++row) {
        const QListWidgetItem *item = m_models->item(row);
        if ((item->flags() & Qt::ItemIsEnabled) && item->checkState() == Qt::Checked)
            draft.models << item->data(Qt::UserRole).toString();
    }
    const ProviderPreset *preset =
        m_presets->currentItem()
            ? ProviderPresets::find(m_presets->currentItem()->data(kPresetIdRole).toString())
            : nullptr;
    if (!isEditing() && draft.apiKey.isEmpty() && preset && preset->needsKey) {
        showError(tr("%1 needs an API key. Paste it above; it is stored in the OS keychain.")
                      .arg(preset->displayName));
        return;
    }
    m_saving = true;
    // The keychain may ask for its password first; the save gives up after a while on its own.
    setBusy(true, tr("Saving… (if the OS keychain asks to be unlocked, answer it)"));
    ProviderStore(m_db, m_secrets)
        .save(draft, this, [this](const Result<ProviderSaveOutcome> &outcome) {
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
    return m_kind->currentData().toString() != QLatin1String("azure");
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
