#pragma once

// QPointer members need the complete types wherever this header is included.
#include "ui/models/ModelDialog.h"
#include "ui/models/RouteDialog.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QMessageBox;
class QPushButton;
class QStackedWidget;
class QTabBar;
class QTableView;

namespace llmux {

class Database;
class Gateway;
class ModelDialog;
class ModelTableModel;
class RouteDialog;
class RouteTableModel;

// The models page: the public model names clients ask for. Model aliases map one name to a
// provider's model, with prices; routes serve a name or a pattern from several targets. Both can
// be added, edited, removed and turned on and off; every change goes through ModelCatalog's
// checks and is saved at once, so a running gateway picks it up by itself.
class ModelsPage : public QWidget
{
    Q_OBJECT
public:
    enum class Section { Models, Routes };

    ModelsPage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);

    void showSection(Section section);
    // Reads aliases, routes and providers again.
    void reload();

    // Opens the alias dialog (window-modal, not blocking): empty, or for the alias on a row.
    ModelDialog *openModelDialog(int row = -1);
    RouteDialog *openRouteDialog(int row = -1);
    // Asks before removing the selected alias or route; the question is confirmation().
    void removeSelectedModel();
    void removeSelectedRoute();

    QTabBar *sectionTabs() const { return m_tabs; }
    QTableView *modelsTable() const { return m_modelsView; }
    QTableView *routesTable() const { return m_routesView; }
    ModelTableModel *modelsModel() const { return m_models; }
    RouteTableModel *routesModel() const { return m_routes; }
    QPushButton *addModelButton() const { return m_addModel; }
    QPushButton *editModelButton() const { return m_editModel; }
    QPushButton *removeModelButton() const { return m_removeModel; }
    QPushButton *addRouteButton() const { return m_addRoute; }
    QPushButton *editRouteButton() const { return m_editRoute; }
    QPushButton *removeRouteButton() const { return m_removeRoute; }
    QLabel *modelsEmptyState() const { return m_modelsEmpty; }
    QLabel *routesEmptyState() const { return m_routesEmpty; }
    QLabel *problemLabel() const { return m_problem; }
    // The dialog or question open right now, if any.
    ModelDialog *modelDialog() const { return m_modelDialog; }
    RouteDialog *routeDialog() const { return m_routeDialog; }
    QMessageBox *confirmation() const { return m_confirmation; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildModelsSection();
    QWidget *buildRoutesSection();
    QTableView *makeTable(QWidget *parent, const QString &objectName);
    void selectModel(const QString &name);
    void selectRoute(const QString &pattern);
    void confirm(const QString &question, const QString &action, std::function<void()> onYes);
    void refreshState();
    void showProblem(const QString &text);

    Gateway *m_gateway;
    const Database &m_db;
    int m_providerCount = 0;
    ModelTableModel *m_models = nullptr;
    RouteTableModel *m_routes = nullptr;
    QLabel *m_summary = nullptr;
    QTabBar *m_tabs = nullptr;
    QStackedWidget *m_sections = nullptr;
    QStackedWidget *m_modelsStack = nullptr;
    QStackedWidget *m_routesStack = nullptr;
    QTableView *m_modelsView = nullptr;
    QTableView *m_routesView = nullptr;
    QLabel *m_modelsEmpty = nullptr;
    QLabel *m_routesEmpty = nullptr;
    QPushButton *m_addModel = nullptr;
    QPushButton *m_editModel = nullptr;
    QPushButton *m_removeModel = nullptr;
    QPushButton *m_addRoute = nullptr;
    QPushButton *m_editRoute = nullptr;
    QPushButton *m_removeRoute = nullptr;
    QLabel *m_problem = nullptr;
    QPointer<ModelDialog> m_modelDialog;
    QPointer<RouteDialog> m_routeDialog;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace llmux
