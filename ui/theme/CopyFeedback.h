#pragma once

#include <QString>

class QAbstractButton;

namespace llmux {

// Copies text to the clipboard for a "Copy" button and says so on the button ("Copied") for a
// moment, so a click visibly did something. The one way the app's copy buttons copy.
void copyWithFeedback(QAbstractButton *button, const QString &text);

} // namespace llmux
