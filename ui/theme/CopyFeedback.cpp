#include "ui/theme/CopyFeedback.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTimer>

namespace llmux {
namespace {
constexpr int kShownMs = 1500;
const char kTimerName[] = "llmuxCopyFeedbackTimer";
} // namespace

void copyWithFeedback(QAbstractButton *button, const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    // One timer per button: a second click while "Copied" shows starts the moment again.
    auto *timer = button->findChild<QTimer *>(QLatin1String(kTimerName));
    if (!timer) {
        timer = new QTimer(button);
        timer->setObjectName(QLatin1String(kTimerName));
        timer->setSingleShot(true);
        timer->setInterval(kShownMs);
        const QString original = button->text();
        const int originalMinimum = button->minimumWidth();
        QObject::connect(timer, &QTimer::timeout, button, [button, original, originalMinimum] {
            button->setText(original);
            button->setMinimumWidth(originalMinimum);
        });
        // As wide as before while it says "Copied": the row around it does not jump.
        button->setMinimumWidth(qMax(originalMinimum, button->sizeHint().width()));
    } else if (!timer->isActive()) {
        button->setMinimumWidth(qMax(button->minimumWidth(), button->sizeHint().width()));
    }
    button->setText(QCoreApplication::translate("llmux::CopyFeedback", "Copied"));
    timer->start();
}

} // namespace llmux
