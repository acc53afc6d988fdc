#include "ui/MainWindow.h"

#include "ui/common/PageSession.h"
#include "ui/dashboard/DashboardPage.h"
#include "ui/theme/Icons.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStackedWidget>

namespace llmux {

MainWindow::MainWindow(Gateway *gateway, RecentRequestsModel *recent, const Database *db,
                       QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("LLMux"));
    setMinimumSize(900, 580);
    resize(1180, 760);
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_sidebar = new QListWidget(central);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Pages"));
    m_sidebar->setFixedWidth(184);
    m_sidebar->setIconSize(QSize(18, 18));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_dashboard = new DashboardPage(gateway, recent, db, m_pages);
    connect(m_dashboard, &DashboardPage::startRequested, this, &MainWindow::startRequested);
    connect(m_dashboard, &DashboardPage::stopRequested, this, &MainWindow::stopRequested);
    connect(m_dashboard, &DashboardPage::pageRequested, this,
            qOverload<const QString &>(&MainWindow::showPage));
    addPage(m_dashboard, QStringLiteral("dashboard"));
    // Ctrl+, opens the settings, as in most desktop apps (and past the Ctrl+1…9 range).
    auto *settings = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma), this);
    connect(settings, &QShortcut::activated, this,
            [this] { showPage(QStringLiteral("settings")); });
    buildMenus();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit LLMux"), this, &MainWindow::quitRequested);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About LLMux"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

QHash<QString, QVariantMap> MainWindow::saveSessions() const
{
    QHash<QString, QVariantMap> sessions;
    for (int i = 0; i < m_pages->count(); ++i)
        if (const auto *page = dynamic_cast<const PageSession *>(m_pages->widget(i)))
            sessions.insert(m_pages->widget(i)->objectName(), page->saveSession());
    return sessions;
}

void MainWindow::restoreSessions(const QHash<QString, QVariantMap> &sessions)
{
    for (int i = 0; i < m_pages->count(); ++i) {
        QWidget *widget = m_pages->widget(i);
        auto *page = dynamic_cast<PageSession *>(widget);
        if (page && sessions.contains(widget->objectName()))
            page->restoreSession(sessions.value(widget->objectName()));
    }
}

QString MainWindow::aboutText()
{
    return tr("<h3>LLMux %1</h3>"
              "<p>A local gateway for LLM providers: one address and key for your tools, "
              "any provider behind it.</p>"
              "<p>Built with Qt %2. Released under the MIT licence.</p>"
              "<p><a href=\"https://github.com/llmux/llmux\">Website and source</a> · "
              "<a href=\"https://github.com/llmux/llmux/issues\">Report a problem</a></p>")
        .arg(QStringLiteral(LLMUX_VERSION), QString::fromLatin1(qVersion()));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About LLMux"), aboutText());
}

namespace {
constexpr int kIconNameRole = Qt::UserRole + 1;
}

int MainWindow::addPage(QWidget *page, const QString &iconName)
{
    if (page->objectName().isEmpty())
        page->setObjectName(iconName); // names the page for tests and screenshots
    const int index = m_pages->addWidget(page);
    auto *item = new QListWidgetItem(page->windowTitle(), m_sidebar);
    item->setData(kIconNameRole, iconName);
    item->setIcon(Icons::get(iconName));
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

bool MainWindow::showPage(const QString &name)
{
    const QString pageName = name.section(QLatin1Char('/'), 0, 0);
    const QString action = name.section(QLatin1Char('/'), 1);
    for (int row = 0; row < m_sidebar->count(); ++row) {
        if (m_sidebar->item(row)->data(kIconNameRole).toString() == pageName) {
            showPage(row);
            // Queued: the page is on screen before a dialog it opens.
            if (!action.isEmpty())
                QMetaObject::invokeMethod(m_pages->widget(row), "perform", Qt::QueuedConnection,
                                          Q_ARG(QString, action));
            return true;
        }
    }
    return false;
}

QWidget *MainWindow::page(int index) const
{
    return m_pages->widget(index);
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

void MainWindow::changeEvent(QEvent *event)
{
    // Icons are tinted for the palette; a new theme needs them drawn again.
    if (event->type() == QEvent::PaletteChange) {
        for (int row = 0; row < m_sidebar->count(); ++row) {
            QListWidgetItem *item = m_sidebar->item(row);
            item->setIcon(Icons::get(item->data(kIconNameRole).toString()));
        }
    }
    QMainWindow::changeEvent(event);
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
