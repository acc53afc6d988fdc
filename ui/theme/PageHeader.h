#pragma once

#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace llmux {

// The top of a page: its title (pageHeading), a summary line under it (pageSummary) and the
// page's own controls on the right. Layout only: the page keeps what its controls do, and
// passes the title and summary already translated.
class PageHeader : public QWidget
{
    Q_OBJECT
public:
    PageHeader(const QString &title, const QString &summary, QWidget *parent);

    // For pages whose summary changes (counts, state).
    QLabel *summaryLabel() const { return m_summary; }
    // Puts a button, check box or busy label on the right, after those added before.
    void addControl(QWidget *control);

private:
    QHBoxLayout *m_row;
    QLabel *m_summary;
};

} // namespace llmux
