#pragma once

#include <QHash>
#include <QMainWindow>
#include <QVariantMap>

class QListWidget;
class QStackedWidget;

namespace llmux {

class DashboardPage;
class Database;
class Gateway;
class RecentRequestsModel;

// The desktop window: a sidebar of pages (the dashboard first) and the page it selects. Pages are
// added by whoever builds the window; it only reflects the Gateway and never touches SQL.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // With a database, the dashboard also shows today's usage and the last hour (from the
    // request log, read off the GUI thread).
    MainWindow(Gateway *gateway, RecentRequestsModel *recent, const Database *db = nullptr,
               QWidget *parent = nullptr);

    // Adds a page, named in the sidebar by its window title with an icon from the app's set, and
    // takes ownership of it. Ctrl+1…9 switch to the first nine pages. Returns the page's index.
    int addPage(QWidget *page, const QString &iconName = {});
    QWidget *page(int index) const;
    void showPage(int index);
    // Shows the page added with this icon name (e.g. "providers"); false when there is none.
    // "name/action" also asks the page to do something (its Q_INVOKABLE perform(action)), e.g.
    // "providers/add" opens the add-provider dialog.
    bool showPage(const QString &name);
    int currentPageIndex() const;
    int pageCount() const;

    QString stateText() const;
    QString addressText() const;
    // With a tray icon, closing the window only hides it: the gateway keeps serving.
    void setHidesToTray(bool hides) { m_hidesToTray = hides; }
    // The unsaved work of every page that has some (PageSession), by page name, for a rebuilt
    // window to take over.
    QHash<QString, QVariantMap> saveSessions() const;
    void restoreSessions(const QHash<QString, QVariantMap> &sessions);
    // The About box's text: version, licence and links.
    static QString aboutText();

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void closeRequestedWithTray();
    // File → Quit (Ctrl+Q): the whole app should stop, whatever the tray does with a close.
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

public Q_SLOTS:
    void refreshState();
    void showAbout();
    void showProblem(const QString &message);

private:
    void buildMenus();

    QListWidget *m_sidebar;
    QStackedWidget *m_pages;
    DashboardPage *m_dashboard;
    bool m_hidesToTray = false;
};

} // namespace llmux
