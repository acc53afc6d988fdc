#include "MainWindow.h"

#include "dashboard/DashboardPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QShortcut>
#include <QStackedWidget>

namespace llmux {

MainWindow::MainWindow(Gateway *gateway, RecentRequestsModel *recent, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("LLMux"));
    setMinimumSize(760, 480);
    // Before any page exists, so every page is laid out with the style's fonts from the start.
    QFile style(QStringLiteral(":/llmux/styles/llmux.qss"));
    if (style.open(QIODevice::ReadOnly))
        setStyleSheet(QString::fromUtf8(style.readAll()));
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_sidebar = new QListWidget(central);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Pages"));
    m_sidebar->setFixedWidth(168);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_dashboard = new DashboardPage(gateway, recent, m_pages);
    connect(m_dashboard, &DashboardPage::startRequested, this, &MainWindow::startRequested);
    connect(m_dashboard, &DashboardPage::stopRequested, this, &MainWindow::stopRequested);
    addPage(m_dashboard);
}

int MainWindow::addPage(QWidget *page)
{
    const int index = m_pages->addWidget(page);
    auto *item = new QListWidgetItem(page->windowTitle(), m_sidebar);
    connect(page, &QWidget::windowTitleChanged, m_sidebar,
            [item](const QString &title) { item->setText(title); });
    if (index < 9) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)), this);
        connect(shortcut, &QShortcut::activated, this, [this, index] { showPage(index); });
    }
    if (m_sidebar->currentRow() < 0)
        m_sidebar->setCurrentRow(index);
    return index;
}

void MainWindow::showPage(int index)
{
    m_sidebar->setCurrentRow(index);
}

int MainWindow::currentPageIndex() const
{
    return m_pages->currentIndex();
}

int MainWindow::pageCount() const
{
    return m_pages->count();
}

QString MainWindow::stateText() const
{
    return m_dashboard->stateText();
}

QString MainWindow::addressText() const
{
    return m_dashboard->addressText();
}

void MainWindow::refreshState()
{
    m_dashboard->refreshState();
}

void MainWindow::showProblem(const QString &message)
{
    m_dashboard->showProblem(message);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_hidesToTray) {
        event->ignore();
        Q_EMIT closeRequestedWithTray();
        return;
    }
    event->accept();
    QApplication::quit();
}

} // namespace llmux
