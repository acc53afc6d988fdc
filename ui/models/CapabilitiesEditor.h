#pragma once

#include "core/domain/ModelCapabilities.h"

#include <QGroupBox>

class QComboBox;
class QSpinBox;

namespace llmux {

// What a provider's model can take, as the user may correct it: for each capability
// "Automatic" (LLMux's preset for the model's name, shown beside it), yes or no; the context
// window and the longest answer in tokens (0: automatic). Routes skip models that cannot take a
// request, so a wrong preset is fixed here.
class CapabilitiesEditor : public QGroupBox
{
    Q_OBJECT
public:
    explicit CapabilitiesEditor(QWidget *parent = nullptr);

    // The preset of the model being edited, shown in the "Automatic" choices.
    void setPreset(const ModelCapabilities &preset);
    // The user's edit, filled into the fields.
    void setEdit(const ModelCapabilities &edit);
    // The fields as an edit: only what differs from "Automatic".
    ModelCapabilities edit() const;

    QComboBox *toolsCombo() const { return m_tools; }
    QComboBox *imagesCombo() const { return m_images; }
    QComboBox *reasoningCombo() const { return m_reasoning; }
    QComboBox *responsesOnlyCombo() const { return m_responsesOnly; }
    QSpinBox *contextSpin() const { return m_context; }
    QSpinBox *maxOutputSpin() const { return m_maxOutput; }

private:
    QComboBox *flagCombo(const QString &objectName, const QString &toolTip);
    static void showPreset(QComboBox *combo, const std::optional<bool> &preset);
    static void showPreset(QSpinBox *spin, const std::optional<qint64> &preset);

    QComboBox *m_tools = nullptr;
    QComboBox *m_images = nullptr;
    QComboBox *m_reasoning = nullptr;
    QComboBox *m_responsesOnly = nullptr;
    QSpinBox *m_context = nullptr;
    QSpinBox *m_maxOutput = nullptr;
};

} // namespace llmux
