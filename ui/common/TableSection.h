#pragma once

#include <QWidget>

class QAbstractItemModel;
class QStackedWidget;
class QTableView;

namespace llmux {

// A page section: a heading over a table of a model, or over a line that says what belongs
// there while the model has no rows. Columns follow their contents; the last one takes the rest.
class TableSection : public QWidget
{
    Q_OBJECT
public:
    TableSection(QAbstractItemModel *model, const QString &heading, const QString &emptyText,
                 const QString &objectName, QWidget *parent);

    QTableView *view() const { return m_view; }

private:
    QStackedWidget *m_stack;
    QTableView *m_view;
};

} // namespace llmux
