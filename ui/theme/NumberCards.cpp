#include "ui/theme/NumberCards.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace llmux {

NumberCards::NumberCards(const QStringList &captions, QWidget *parent)
    : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(12);
    for (const QString &text : captions) {
        auto *card = new QFrame(this);
        card->setObjectName(QStringLiteral("statusCard"));
        auto *layout = new QVBoxLayout(card);
        layout->setContentsMargins(16, 12, 16, 12);
        layout->setSpacing(2);
        auto *value = new QLabel(QStringLiteral("–"), card);
        value->setObjectName(QStringLiteral("cardValue"));
        auto *caption = new QLabel(text, card);
        caption->setObjectName(QStringLiteral("cardCaption"));
        layout->addWidget(value);
        layout->addWidget(caption);
        row->addWidget(card, 1);
        m_values << value;
    }
}

void NumberCards::setValue(int card, const QString &text, const QString &toolTip)
{
    m_values.at(card)->setText(text);
    m_values.at(card)->setToolTip(toolTip);
}

QString NumberCards::compactCount(qint64 count)
{
    const QLocale locale;
    if (qAbs(count) < 1000000)
        return locale.toString(count);
    if (qAbs(count) < 1000000000)
        return tr("%1M").arg(locale.toString(double(count) / 1e6, 'f', 2));
    return tr("%1B").arg(locale.toString(double(count) / 1e9, 'f', 2));
}

QString NumberCards::value(int card) const
{
    return m_values.value(card) ? m_values.at(card)->text() : QString();
}

} // namespace llmux
