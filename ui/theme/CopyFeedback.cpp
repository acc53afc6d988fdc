#include "theme/CopyFeedback.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPointer>
#include <QTimer>

namespace llmux {
namespace {
constexpr int kShownMs = 1500;
const char kOriginalText[] = "llmuxCopyOriginalText";
} // namespace

void copyWithFeedback(QAbstractButton *button, const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    // A second click while "Copied" shows keeps the button's own text to go back to.
    if (!button->property(kOriginalText).isValid()) {
        button->setProperty(kOriginalText, button->text());
        // As wide as before: the row around it does not jump.
        button->setMinimumWidth(button->sizeHint().width());
    }
    button->setText(QCoreApplication::translate("llmux::CopyFeedback", "Copied"));
    QTimer::singleShot(kShownMs, button, [button = QPointer<QAbstractButton>(button)] {
        if (!button || !button->property(kOriginalText).isValid())
            return;
        button->setText(button->property(kOriginalText).toString());
        button->setProperty(kOriginalText, QVariant());
    });
}

} // namespace llmux
