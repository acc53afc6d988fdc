#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace llmux {

// A row of equal cards (statusCard frames), each a big number over its caption, for a page's
// totals. Values read "–" until set. Shows text only; the page computes and formats it.
class NumberCards : public QWidget
{
    Q_OBJECT
public:
    NumberCards(const QStringList &captions, QWidget *parent);

    void setValue(int card, const QString &text, const QString &toolTip = QString());
    QString value(int card) const;

    // A count that fits a card: in full below a million ("999,999"), then "1.40M", "2.31B".
    static QString compactCount(qint64 count);

private:
    QList<QLabel *> m_values;
};

} // namespace llmux
