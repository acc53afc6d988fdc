#pragma once

#include "core/domain/Records.h"
#include "core/providers/ProviderProbe.h"
#include "core/services/ProviderStore.h"
#include "core/store/SecretStore.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QDialogButtonBox;
class QKeyEvent;
class QLabel;
class QLayout;
class QListWidget;
class QPushButton;

namespace llmux {

class AdvancedSection;
class ConnectionSection;
class Database;
class ModelOfferSection;
class ProviderTester;
struct ProviderPreset;

// Adds a provider starting from a preset, or edits one: name, base URL, API key (stored in the OS
// keychain; left empty when editing, the stored key stays), timeouts, proxies, extra keys. Tests
// the connection with what is typed before saving, and lists the provider's models so that the
// checked ones become models when it is saved. Never blocks on the network or the keychain.
//
// Everything typed lives in one ProviderDraft, which the sections (ConnectionSection,
// AdvancedSection, ModelOfferSection) write into as the user edits; a preset changes the draft
// and the sections show it again; ProviderDraftCheck says whether it can be tried or saved.
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

    // What the dialog would save now (as typed, before ProviderDraftCheck).
    const ProviderDraft &draft() const { return m_draft; }

    // Tests and screenshots find the parts by objectName: presetList, testButton, testResult,
    // fetchModelsButton, problemLabel, and the sections' parts (see each section).

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
    QLayout *buildPresetColumn();
    QLayout *buildProbeRow();
    void buildButtons();
    QPushButton *saveButton() const;
    void loadExisting();
    const ProviderPreset *currentPreset() const;
    void runProbe(ProbePurpose purpose);
    void showProbeResult(const ProbeResult &result);
    void offerModels(const QStringList &modelIds);
    void save();
    void setBusy(bool busy, const QString &what = QString());
    bool canFetchModels() const;
    void updateFetchButton();
    void showError(const QString &message);

    const Database &m_db;
    SecretStore m_secrets;
    std::optional<ProviderRecord> m_existing;
    ProviderDraft m_draft; // declared before the sections, which keep a reference to it
    ProviderTester *m_tester = nullptr;
    ProbePurpose m_purpose = ProbePurpose::Test;
    bool m_saving = false;

    QListWidget *m_presets = nullptr;
    ConnectionSection *m_connection = nullptr;
    AdvancedSection *m_advanced = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_fetch = nullptr;
    QLabel *m_busy = nullptr;
    QLabel *m_testResult = nullptr;
    ModelOfferSection *m_models = nullptr;
    ProblemLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    // Where focus was when the busy state began, and where Qt moved it when buttons went off.
    QPointer<QWidget> m_focusBeforeBusy;
    QPointer<QWidget> m_focusWhileBusy;
};

} // namespace llmux
