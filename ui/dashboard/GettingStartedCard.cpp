#include "ui/dashboard/GettingStartedCard.h"

#include "ui/theme/Icons.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace llmux {

GettingStartedCard::GettingStartedCard(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("statusCard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->setSpacing(10);
    auto *heading = new QLabel(tr("Get started"), this);
    heading->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(heading);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(10);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    struct Text
    {
        QString title, detail, button, page;
    };
    const Text texts[StepCount] = {
        {tr("1. Add a provider"),
         tr("Pick a preset such as DeepSeek, paste its API key and test the connection."),
         tr("Add provider"), QStringLiteral("providers/add")},
        {tr("2. Connect a client"),
         tr("Create a key for Cherry Studio, Claude Code, Codex or any OpenAI client and paste "
            "the settings LLMux shows."),
         tr("Connect a client"), QStringLiteral("connect")},
        {tr("3. Send a first request"),
         tr("Chat from your client or in the Playground; every request then shows up in Logs "
            "and Usage."),
         tr("Open Playground"), QStringLiteral("playground")},
    };
    for (int i = 0; i < StepCount; ++i) {
        Row &row = m_rows[i];
        row.mark = new QLabel(this);
        row.mark->setFixedSize(20, 20);
        row.title = new QLabel(texts[i].title, this);
        QFont bold = row.title->font();
        bold.setWeight(QFont::DemiBold);
        row.title->setFont(bold);
        row.detail = new QLabel(texts[i].detail, this);
        row.detail->setObjectName(QStringLiteral("hintLabel"));
        row.detail->setWordWrap(true);
        row.button = new QPushButton(texts[i].button, this);
        auto *textColumn = new QVBoxLayout;
        textColumn->setSpacing(2);
        textColumn->addWidget(row.title);
        textColumn->addWidget(row.detail);
        grid->addWidget(row.mark, i, 0, Qt::AlignTop);
        grid->addLayout(textColumn, i, 1);
        grid->addWidget(row.button, i, 2, Qt::AlignVCenter);
        const QString page = texts[i].page;
        connect(row.button, &QPushButton::clicked, this,
                [this, page] { Q_EMIT pageRequested(page); });
        refreshRow(Step(i));
    }
}

void GettingStartedCard::setDone(Step step, bool done)
{
    m_rows[step].done = done;
    // Which button is the accented next step depends on every row before it.
    for (int i = 0; i < StepCount; ++i)
        refreshRow(Step(i));
}

bool GettingStartedCard::isDone(Step step) const
{
    return m_rows[step].done;
}

bool GettingStartedCard::allDone() const
{
    for (const Row &row : m_rows)
        if (!row.done)
            return false;
    return true;
}

void GettingStartedCard::refreshRow(Step step)
{
    Row &row = m_rows[step];
    row.mark->setPixmap(
        Icons::get(row.done ? QStringLiteral("check") : QStringLiteral("play")).pixmap(18, 18));
    row.mark->setEnabled(row.done);
    row.title->setEnabled(!row.done);
    // The first step not done yet is the one to take now.
    bool first = !row.done;
    for (int i = 0; i < step; ++i)
        first = first && m_rows[i].done;
    row.button->setObjectName(first ? QStringLiteral("accentButton") : QString());
    row.button->style()->unpolish(row.button);
    row.button->style()->polish(row.button);
    row.button->setVisible(!row.done);
}

void GettingStartedCard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        for (int i = 0; i < StepCount; ++i)
            refreshRow(Step(i));
    QFrame::changeEvent(event);
}

} // namespace llmux
