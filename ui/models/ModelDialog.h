#pragma once

#include "core/services/ModelCatalog.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace llmux {

class CapabilitiesEditor;
class Database;

// Adds or changes one model alias: a public name mapped to a provider and the provider's own
// model name, with optional prices and what the model can take (over LLMux's presets). Saving
// checks the alias with ModelCatalog (the CLI's rules) and writes it only when it passes; a problem
// is shown in the dialog, which stays open.
class ModelDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ModelDialog(const Database &db, QWidget *parent = nullptr);

    // Switches to changing an existing alias, the fields filled from it.
    void setRecord(const ModelRecord &record);
    // Preselects a provider by name when adding.
    void selectProvider(const QString &name);

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *providerCombo() const { return m_provider; }
    QComboBox *upstreamCombo() const { return m_upstream; }
    QGroupBox *pricesBox() const { return m_prices; }
    QDoubleSpinBox *inputPriceSpin() const { return m_priceIn; }
    QDoubleSpinBox *outputPriceSpin() const { return m_priceOut; }
    CapabilitiesEditor *capabilitiesEditor() const { return m_capabilities; }
    QCheckBox *enabledCheck() const { return m_enabled; }
    QLabel *problemLabel() const { return m_problem; }
    QPushButton *saveButton() const { return m_save; }
    // The alias as saved, valid once the dialog was accepted.
    const ModelRecord &savedRecord() const { return m_record; }

    // What is wrong, in words for this dialog.
    static QString issueText(const CatalogIssue &issue);

public Q_SLOTS:
    // Checks and saves; closes only when the alias was saved.
    void accept() override;

private:
    ModelRecord recordFromFields() const;
    void fillUpstreamModels();
    void showPreset();
    void showProblem(const QString &text);

    const Database &m_db;
    ModelRecord m_record; // the alias being changed (id 0 when adding), then as saved
    QLineEdit *m_name = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_upstream = nullptr;
    QGroupBox *m_prices = nullptr;
    QDoubleSpinBox *m_priceIn = nullptr;
    QDoubleSpinBox *m_priceOut = nullptr;
    CapabilitiesEditor *m_capabilities = nullptr;
    QCheckBox *m_enabled = nullptr;
    ProblemLabel *m_problem = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace llmux
