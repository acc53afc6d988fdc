#include "ui/models/CapabilitiesEditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLocale>
#include <QSpinBox>

namespace llmux {
namespace {

// Item data of the yes/no choices; the first item is "Automatic".
constexpr int kAutomatic = -1;

std::optional<bool> flagOf(const QComboBox *combo)
{
    const int value = combo->currentData().toInt();
    return value == kAutomatic ? std::nullopt : std::optional(value == 1);
}

void selectFlag(QComboBox *combo, const std::optional<bool> &value)
{
    combo->setCurrentIndex(combo->findData(value ? (*value ? 1 : 0) : kAutomatic));
}

QSpinBox *tokenSpin(QWidget *parent, const QString &objectName, const QString &toolTip)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, 100000000);
    spin->setSingleStep(1024);
    spin->setGroupSeparatorShown(true);
    spin->setAlignment(Qt::AlignRight);
    spin->setToolTip(toolTip);
    return spin;
}

} // namespace

CapabilitiesEditor::CapabilitiesEditor(QWidget *parent)
    : QGroupBox(tr("What the model can take"), parent)
{
    setObjectName(QStringLiteral("capabilitiesBox"));
    setToolTip(tr("Routes skip a model that cannot take a request (images to a text-only model, "
                  "tools to a model without them, a prompt longer than its context window) and "
                  "lower an answer length over its limit. Automatic uses what LLMux knows of "
                  "well-known models; it belongs to the provider's model, whatever its name."));
    auto *form = new QFormLayout(this);
    m_tools = flagCombo(QStringLiteral("toolsCombo"), tr("Whether it can call tools (functions)."));
    m_images = flagCombo(QStringLiteral("imagesCombo"), tr("Whether it can read images."));
    m_reasoning = flagCombo(QStringLiteral("reasoningCombo"),
                            tr("Whether it reasons (thinks) first; reasoning settings are left "
                               "out for a model that does not."));
    m_responsesOnly = flagCombo(QStringLiteral("responsesOnlyCombo"),
                                tr("Whether the provider offers it only through the Responses "
                                   "API (OpenAI's codex models); every client's requests then go "
                                   "there."));
    m_context = tokenSpin(this, QStringLiteral("contextSpin"),
                          tr("Prompt and answer together; a longer prompt skips this model."));
    m_maxOutput = tokenSpin(this, QStringLiteral("maxOutputSpin"),
                            tr("An answer asked to be longer is lowered to this."));
    for (QSpinBox *spin : {m_context, m_maxOutput})
        spin->setSuffix(tr(" tokens"));
    form->addRow(tr("Tools"), m_tools);
    form->addRow(tr("Images"), m_images);
    form->addRow(tr("Reasoning"), m_reasoning);
    form->addRow(tr("Responses API only"), m_responsesOnly);
    form->addRow(tr("Context window"), m_context);
    form->addRow(tr("Longest answer"), m_maxOutput);
    setPreset({});
}

QComboBox *CapabilitiesEditor::flagCombo(const QString &objectName, const QString &toolTip)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(objectName);
    combo->addItem(QString(), kAutomatic);
    combo->addItem(tr("Yes"), 1);
    combo->addItem(tr("No"), 0);
    combo->setToolTip(toolTip);
    return combo;
}

void CapabilitiesEditor::showPreset(QComboBox *combo, const std::optional<bool> &preset)
{
    combo->setItemText(0, !preset   ? tr("Automatic (not known: assumed yes)")
                          : *preset ? tr("Automatic (yes)")
                                    : tr("Automatic (no)"));
}

void CapabilitiesEditor::showPreset(QSpinBox *spin, const std::optional<qint64> &preset)
{
    spin->setSpecialValueText(preset ? tr("Automatic (%1 tokens)").arg(QLocale().toString(*preset))
                                     : tr("Automatic (not known)"));
}

void CapabilitiesEditor::setPreset(const ModelCapabilities &preset)
{
    showPreset(m_tools, preset.tools);
    showPreset(m_images, preset.images);
    showPreset(m_reasoning, preset.reasoning);
    // Unknown here means Chat Completions first, learnt from the provider's refusal.
    m_responsesOnly->setItemText(0, preset.responsesOnly.value_or(false) ? tr("Automatic (yes)")
                                                                         : tr("Automatic (no)"));
    showPreset(m_context, preset.contextWindow);
    showPreset(m_maxOutput, preset.maxOutputTokens);
}

void CapabilitiesEditor::setEdit(const ModelCapabilities &edit)
{
    selectFlag(m_tools, edit.tools);
    selectFlag(m_images, edit.images);
    selectFlag(m_reasoning, edit.reasoning);
    selectFlag(m_responsesOnly, edit.responsesOnly);
    m_context->setValue(
        int(std::min<qint64>(edit.contextWindow.value_or(0), m_context->maximum())));
    m_maxOutput->setValue(
        int(std::min<qint64>(edit.maxOutputTokens.value_or(0), m_maxOutput->maximum())));
}

ModelCapabilities CapabilitiesEditor::edit() const
{
    ModelCapabilities c;
    c.tools = flagOf(m_tools);
    c.images = flagOf(m_images);
    c.reasoning = flagOf(m_reasoning);
    c.responsesOnly = flagOf(m_responsesOnly);
    if (m_context->value() > 0)
        c.contextWindow = m_context->value();
    if (m_maxOutput->value() > 0)
        c.maxOutputTokens = m_maxOutput->value();
    return c;
}

} // namespace llmux
