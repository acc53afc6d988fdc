#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace llmux {

// The three steps from a fresh install to a first answer — add a provider, connect a client,
// send a request — each with a button to the page that does it and ticked once done. The
// dashboard shows it until every step is done, so a new user never needs the manual.
class GettingStartedCard : public QFrame
{
    Q_OBJECT
public:
    enum Step { AddProvider, ConnectClient, FirstRequest, StepCount };

    explicit GettingStartedCard(QWidget *parent = nullptr);

    void setDone(Step step, bool done);
    bool isDone(Step step) const;
    bool allDone() const;
    QPushButton *button(Step step) const { return m_rows[step].button; }

Q_SIGNALS:
    // The sidebar name (icon name) of the page that does a step.
    void pageRequested(const QString &page);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QLabel *mark = nullptr;
        QLabel *title = nullptr;
        QLabel *detail = nullptr;
        QPushButton *button = nullptr;
        bool done = false;
    };
    void refreshRow(Step step);

    Row m_rows[StepCount];
};

} // namespace llmux
