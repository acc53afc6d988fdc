#include "ui/theme/ProblemLabel.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace llmux {

ProblemLabel::ProblemLabel(QDialog *dialog)
    : QLabel(dialog)
    , m_dialog(dialog)
{
    setObjectName(QStringLiteral("problemLabel"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void ProblemLabel::showProblem(const QString &message)
{
    setText(message);
    setVisible(!message.isEmpty());
    if (message.isEmpty())
        return;
    makeRoom();
    if (!m_watchingEdits)
        hideOnUserEdits();
}

void ProblemLabel::makeRoom()
{
    QLayout *layout = m_dialog->layout();
    if (!layout)
        return;
    layout->activate();
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(m_dialog->width())
                                                   : layout->totalSizeHint().height();
    if (m_dialog->height() < needed)
        m_dialog->resize(m_dialog->width(), needed);
}

void ProblemLabel::hideOnUserEdits()
{
    m_watchingEdits = true;
    // Only signals a person's edits send: a dialog filling in a field itself keeps the message.
    for (auto *edit : m_dialog->findChildren<QLineEdit *>())
        if (!qobject_cast<QAbstractSpinBox *>(edit->parentWidget()))
            connect(edit, &QLineEdit::textEdited, this, &QWidget::hide);
    for (auto *edit : m_dialog->findChildren<QPlainTextEdit *>())
        if (!edit->isReadOnly())
            connect(edit, &QPlainTextEdit::textChanged, this, [this, edit] {
                if (edit->hasFocus())
                    hide();
            });
    for (auto *combo : m_dialog->findChildren<QComboBox *>())
        connect(combo, &QComboBox::activated, this, &QWidget::hide);
    for (auto *spin : m_dialog->findChildren<QSpinBox *>())
        connect(spin, &QSpinBox::valueChanged, this, [this, spin] {
            if (spin->hasFocus())
                hide();
        });
    for (auto *spin : m_dialog->findChildren<QDoubleSpinBox *>())
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, spin] {
            if (spin->hasFocus())
                hide();
        });
    for (auto *button : m_dialog->findChildren<QAbstractButton *>())
        if (button->isCheckable())
            connect(button, &QAbstractButton::clicked, this, &QWidget::hide);
}

} // namespace llmux
