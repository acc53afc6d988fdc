#include "ui/common/FillBarDelegate.h"

#include "ui/common/StatusTone.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace llmux {

void FillBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    const QVariant fill = index.data(FillRole);
    if (!fill.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row's background (selection, alternating colours) as usual, without the text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter,
                                       option.widget);

    const QRect bar = option.rect.adjusted(6, 5, -6, -5);
    const QVariant tone = index.data(ToneRole);
    QColor colour = tone.isValid() ? toneBrush(StatusTone(tone.toInt())).color()
                                   : option.palette.color(QPalette::Highlight);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor track = option.palette.color(QPalette::Mid);
    track.setAlpha(60);
    painter->setBrush(track);
    painter->drawRoundedRect(bar, 4, 4);
    const double fraction = std::clamp(fill.toDouble(), 0.0, 1.0);
    if (fraction > 0) {
        QRect filled = bar;
        filled.setWidth(std::max(4, int(bar.width() * fraction)));
        colour.setAlpha(110);
        painter->setBrush(colour);
        painter->drawRoundedRect(filled, 4, 4);
    }
    painter->setPen(option.state & QStyle::State_Selected
                        ? option.palette.color(QPalette::HighlightedText)
                        : option.palette.color(QPalette::Text));
    painter->drawText(bar.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft,
                      index.data(Qt::DisplayRole).toString());
    painter->restore();
}

QSize FillBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(FillRole).isValid())
        size.setWidth(std::max(size.width() + 24, 180));
    return size;
}

} // namespace llmux
