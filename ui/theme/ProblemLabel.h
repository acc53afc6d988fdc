#pragma once

#include <QLabel>

class QDialog;

namespace llmux {

// The line a dialog uses to say what is wrong with its input. Shown, it makes the dialog taller
// rather than squeezing its fields; it goes away as soon as the user changes any input of the
// dialog, since it was about the input as it was.
class ProblemLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ProblemLabel(QDialog *dialog);

    // Shows the message (an empty one hides it).
    void showProblem(const QString &message);

private:
    void makeRoom();
    // From the first message on (every input exists by then): a user's edit hides it.
    void hideOnUserEdits();

    QDialog *m_dialog;
    bool m_watchingEdits = false;
};

} // namespace llmux
