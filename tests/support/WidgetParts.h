#pragma once

#include <QDialogButtonBox>
#include <QPushButton>
#include <QWidget>
#include <QtGlobal>

namespace llmux::test {

// A part of a window by its objectName, as a person finds it by its label (KeePassXC's GUI tests
// work the same way); stops the test loudly when there is no such part.
template <typename Widget> Widget *part(QWidget *window, const char *name)
{
    auto *widget = window->findChild<Widget *>(QLatin1String(name));
    if (!widget)
        qFatal("%s has no %s named %s", qPrintable(window->objectName()),
               Widget::staticMetaObject.className(), name);
    return widget;
}

// A dialog's standard button (Save, Cancel, ...).
inline QPushButton *dialogButton(QWidget *dialog, QDialogButtonBox::StandardButton which)
{
    auto *box = dialog->findChild<QDialogButtonBox *>();
    QPushButton *button = box ? box->button(which) : nullptr;
    if (!button)
        qFatal("%s has no standard button %d", qPrintable(dialog->objectName()), int(which));
    return button;
}

} // namespace llmux::test
