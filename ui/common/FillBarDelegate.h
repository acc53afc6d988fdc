#pragma once

#include <QStyledItemDelegate>

namespace llmux {

// Draws a cell as a bar that fills with how much of something is used (FillRole: 0 to 1, more
// when over), its text on top, coloured by the cell's StatusTone; cells without a fill are drawn
// as usual. The Limits & budgets page's "used" columns.
class FillBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int FillRole = Qt::UserRole + 20;

    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace llmux
