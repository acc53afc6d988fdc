#pragma once

#include "core/domain/Records.h"
#include "core/providers/ProviderProbe.h"
#include "core/store/SecretStore.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QToolButton;

namespace llmux {

class Database;
class ExtraKeysSection;
class ProviderTester;

// Adds a provider starting from a preset, or edits one: name, base URL, API key (stored in the OS
// keychain; left empty when editing, the stored key stays), timeouts, proxies, extra keys. Tests
// the connection with what is typed before saving, and lists the provider's models so that the
// checked ones become models when it is saved. Never blocks on the network or the keychain.
class ProviderDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the provider to edit; none adds one.
    ProviderDialog(const Database &db, const SecretStore &secrets,
                   const std::optional<ProviderRecord> &existing = std::nullopt,
                   QWidget *parent = nullptr);

    bool isEditing() const { return m_existing.has_value(); }
    // Fills kind, base URL, a suggested name and the key hint from a preset ("custom": none).
    void selectPreset(const QString &presetId);
    bool isBusy() const;

    // Tests and screenshots find the parts by objectName: presetList, presetHint, kindCombo,
    // nameEdit, baseUrlEdit, apiKeyEdit, showKeyButton, advancedButton, connectTimeout,
    // firstByteTimeout, idleTimeout, totalTimeout, proxyEdit, noProxyEdit, enabledCheck,
    // testButton, testResult, fetchModelsButton, modelList, modelsStatus, the models' hintLabel,
    // problemLabel, and the extra-key section's parts (ExtraKeysSection).

public Q_SLOTS:
    // Ignored while saving, so that the user sees how the save ended (it ends by itself at the
    // latest when the keychain's deadline passes, SecretStore::asyncTimeout()).
    void reject() override;

protected:
    // Enter saves (Save is the only default button) and does nothing while busy.
    void keyPressEvent(QKeyEvent *event) override;

Q_SIGNALS:
    // After the provider and its secrets are saved; the dialog then closes.
    void saved(qint64 providerId, const QStringList &addedModels, const QStringList &warnings);

private:
    enum class ProbePurpose { Test, FetchModels };
    QPushButton *saveButton() const;
    QWidget *buildAdvanced();
    void loadExisting();
    void setKeyHint(bool needsKey, const QString &keysUrl);
    // The record as typed, or why it cannot be used (shown in the error label).
    std::optional<ProviderRecord> typedRecord(bool forSave);
    void runProbe(ProbePurpose purpose);
    void showProbeResult(const ProbeResult &result);
    // Lists the provider's models, keeping the ticks already made.
    void fillModels(const QStringList &modelIds);
    void save();
    void setBusy(bool busy, const QString &what = QString());
    bool canFetchModels() const;
    void updateFetchButton();
    void showError(const QString &message);

    const Database &m_db;
    SecretStore m_secrets;
    std::optional<ProviderRecord> m_existing;
    ProviderTester *m_tester = nullptr;
    ProbePurpose m_purpose = ProbePurpose::Test;
    bool m_saving = false;

    QListWidget *m_presets = nullptr;
    QLabel *m_presetHint = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QToolButton *m_showKey = nullptr;
    QToolButton *m_advancedToggle = nullptr;
    QWidget *m_advanced = nullptr;
    QDoubleSpinBox *m_timeouts[4] = {};
    QLineEdit *m_proxy = nullptr;
    QLineEdit *m_noProxy = nullptr;
    ExtraKeysSection *m_extraKeys = nullptr;
    QCheckBox *m_enabled = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testResult = nullptr;
    QPushButton *m_fetch = nullptr;
    QListWidget *m_models = nullptr;
    QLabel *m_modelsStatus = nullptr;
    QLabel *m_modelsHint = nullptr;
    QLabel *m_busy = nullptr;
    ProblemLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    // Where focus was when the busy state began, and where Qt moved it when buttons went off.
    QPointer<QWidget> m_focusBeforeBusy;
    QPointer<QWidget> m_focusWhileBusy;
};

} // namespace llmux
