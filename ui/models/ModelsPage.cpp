#include "ui/models/ModelsPage.h"

#include "core/gateway/Gateway.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "ui/models/ModelDialog.h"
#include "ui/models/ModelTableModel.h"
#include "ui/models/RouteDialog.h"
#include "ui/models/RouteTableModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {
namespace {

QLabel *emptyState(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("emptyState"));
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

QLabel *explanation(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("pageSummary"));
    label->setWordWrap(true);
    return label;
}

} // namespace

ModelsPage::ModelsPage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_models(new ModelTableModel(db, this))
    , m_routes(new RouteTableModel(db, this))
{
    setObjectName(QStringLiteral("modelsPage"));
    setWindowTitle(tr("Models"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *header = new PageHeader(tr("Models"), QString(), this);
    m_summary = header->summaryLabel();
    layout->addWidget(header);

    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("sectionTabs"));
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(false);
    m_tabs->addTab(tr("Models"));
    m_tabs->addTab(tr("Routes"));
    layout->addWidget(m_tabs);

    m_sections = new QStackedWidget(this);
    m_sections->addWidget(buildModelsSection());
    m_sections->addWidget(buildRoutesSection());
    layout->addWidget(m_sections, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    connect(m_tabs, &QTabBar::currentChanged, m_sections, &QStackedWidget::setCurrentIndex);
    connect(m_models, &ModelTableModel::failed, this, &ModelsPage::showProblem);
    connect(m_routes, &RouteTableModel::failed, this, &ModelsPage::showProblem);
    // Edits made elsewhere (the CLI, another page) reach the page through the gateway's reload.
    if (m_gateway)
        connect(m_gateway, &Gateway::configReloaded, this, [this] {
            if (isVisible())
                reload();
        });
    reload();
}

QTableView *ModelsPage::makeTable(QWidget *parent, const QString &objectName)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

QWidget *ModelsPage::buildModelsSection()
{
    auto *section = new QWidget(this);
    auto *column = new QVBoxLayout(section);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(10);

    auto *toolbar = new QHBoxLayout();
    toolbar->addWidget(explanation(tr("One public name → one provider model. Prices let the "
                                      "usage page count costs."),
                                   section),
                       1);
    m_addModel = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add model"), section);
    m_addModel->setObjectName(QStringLiteral("accentButton"));
    m_editModel = new QPushButton(Icons::get(QStringLiteral("edit")), tr("Edit"), section);
    m_removeModel = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), section);
    toolbar->addWidget(m_addModel);
    toolbar->addWidget(m_editModel);
    toolbar->addWidget(m_removeModel);
    column->addLayout(toolbar);

    m_modelsStack = new QStackedWidget(section);
    m_modelsEmpty = emptyState(m_modelsStack);
    m_modelsView = makeTable(m_modelsStack, QStringLiteral("modelsTable"));
    m_modelsView->setModel(m_models);
    QHeaderView *header = m_modelsView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ModelTableModel::UpstreamModel, QHeaderView::Stretch);
    m_modelsStack->addWidget(m_modelsEmpty);
    m_modelsStack->addWidget(m_modelsView);
    column->addWidget(m_modelsStack, 1);

    connect(m_addModel, &QPushButton::clicked, this, [this] { openModelDialog(); });
    connect(m_editModel, &QPushButton::clicked, this,
            [this] { openModelDialog(m_modelsView->currentIndex().row()); });
    connect(m_removeModel, &QPushButton::clicked, this, &ModelsPage::removeSelectedModel);
    connect(m_modelsView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != ModelTableModel::Enabled)
            openModelDialog(index.row());
    });
    connect(m_modelsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ModelsPage::refreshState);
    return section;
}

QWidget *ModelsPage::buildRoutesSection()
{
    auto *section = new QWidget(this);
    auto *column = new QVBoxLayout(section);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(10);

    auto *toolbar = new QHBoxLayout();
    toolbar->addWidget(explanation(tr("One name or pattern → several provider models, with "
                                      "failover or load balancing. A model of the same name "
                                      "wins over a route."),
                                   section),
                       1);
    m_addRoute = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add route"), section);
    m_addRoute->setObjectName(QStringLiteral("accentButton"));
    m_editRoute = new QPushButton(Icons::get(QStringLiteral("edit")), tr("Edit"), section);
    m_removeRoute = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), section);
    toolbar->addWidget(m_addRoute);
    toolbar->addWidget(m_editRoute);
    toolbar->addWidget(m_removeRoute);
    column->addLayout(toolbar);

    m_routesStack = new QStackedWidget(section);
    m_routesEmpty = emptyState(m_routesStack);
    m_routesView = makeTable(m_routesStack, QStringLiteral("routesTable"));
    m_routesView->setModel(m_routes);
    QHeaderView *header = m_routesView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RouteTableModel::Targets, QHeaderView::Stretch);
    m_routesStack->addWidget(m_routesEmpty);
    m_routesStack->addWidget(m_routesView);
    column->addWidget(m_routesStack, 1);

    connect(m_addRoute, &QPushButton::clicked, this, [this] { openRouteDialog(); });
    connect(m_editRoute, &QPushButton::clicked, this,
            [this] { openRouteDialog(m_routesView->currentIndex().row()); });
    connect(m_removeRoute, &QPushButton::clicked, this, &ModelsPage::removeSelectedRoute);
    connect(m_routesView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != RouteTableModel::Enabled)
            openRouteDialog(index.row());
    });
    connect(m_routesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ModelsPage::refreshState);
    return section;
}

void ModelsPage::showSection(Section section)
{
    m_tabs->setCurrentIndex(section == Section::Models ? 0 : 1);
}

void ModelsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

void ModelsPage::reload()
{
    const QString model = m_modelsView->currentIndex().isValid()
                              ? m_models->record(m_modelsView->currentIndex().row()).publicName
                              : QString();
    const QString route = m_routesView->currentIndex().isValid()
                              ? m_routes->record(m_routesView->currentIndex().row()).pattern
                              : QString();
    QStringList problems;
    const auto providers = ProviderRepository(m_db).list();
    if (providers)
        m_providerCount = int(providers->size());
    else
        problems << tr("Could not read the providers: %1").arg(providers.error());
    if (const Status s = m_models->reload(); !s)
        problems << tr("Could not read the models: %1").arg(s.error());
    if (const Status s = m_routes->reload(); !s)
        problems << tr("Could not read the routes: %1").arg(s.error());
    showProblem(problems.join(QLatin1Char('\n')));
    selectModel(model);
    selectRoute(route);
    refreshState();
}

void ModelsPage::selectModel(const QString &name)
{
    const int row = name.isEmpty() ? -1 : m_models->rowOf(name);
    if (row >= 0)
        m_modelsView->selectRow(row);
}

void ModelsPage::selectRoute(const QString &pattern)
{
    const int row = pattern.isEmpty() ? -1 : m_routes->rowOf(pattern);
    if (row >= 0)
        m_routesView->selectRow(row);
}

void ModelsPage::refreshState()
{
    const int models = m_models->rowCount();
    const int routes = m_routes->rowCount();
    const bool canAdd = m_providerCount > 0;
    m_tabs->setTabText(0, tr("Models (%1)").arg(models));
    m_tabs->setTabText(1, tr("Routes (%1)").arg(routes));
    m_summary->setText(tr("The model names clients ask for, and where LLMux sends each request."));

    const QString noProvider =
        tr("No providers yet.\nAdd a provider first on the Providers page, then come back to "
           "give its models public names.");
    m_modelsEmpty->setText(canAdd ? tr("No models yet.\nClick “Add model” to give a provider's "
                                       "model a public name that clients can ask for, e.g. "
                                       "“fast” → openai/gpt-4o-mini.")
                                  : noProvider);
    m_routesEmpty->setText(canAdd ? tr("No routes yet.\nA route serves one name, or every name "
                                       "a pattern such as “gpt-4o*” matches, from several "
                                       "providers. Click “Add route” to create one.")
                                  : noProvider);
    m_modelsStack->setCurrentWidget(models > 0 ? static_cast<QWidget *>(m_modelsView)
                                               : m_modelsEmpty);
    m_routesStack->setCurrentWidget(routes > 0 ? static_cast<QWidget *>(m_routesView)
                                               : m_routesEmpty);

    const QString addTip = canAdd ? QString() : tr("Add a provider first");
    m_addModel->setEnabled(canAdd);
    m_addModel->setToolTip(addTip);
    m_addRoute->setEnabled(canAdd);
    m_addRoute->setToolTip(addTip);
    const bool model = m_modelsView->currentIndex().isValid();
    const bool route = m_routesView->currentIndex().isValid();
    m_editModel->setEnabled(model);
    m_removeModel->setEnabled(model);
    m_editRoute->setEnabled(route);
    m_removeRoute->setEnabled(route);
}

void ModelsPage::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

ModelDialog *ModelsPage::openModelDialog(int row)
{
    if (m_modelDialog)
        m_modelDialog->close();
    auto *dialog = new ModelDialog(m_db, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (row >= 0 && row < m_models->rowCount())
        dialog->setRecord(m_models->record(row));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showSection(Section::Models);
        reload();
        selectModel(dialog->savedRecord().publicName);
    });
    m_modelDialog = dialog;
    dialog->open();
    return dialog;
}

RouteDialog *ModelsPage::openRouteDialog(int row)
{
    if (m_routeDialog)
        m_routeDialog->close();
    auto *dialog = new RouteDialog(m_db, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (row >= 0 && row < m_routes->rowCount())
        dialog->setRecord(m_routes->record(row));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showSection(Section::Routes);
        reload();
        selectRoute(dialog->savedRecord().pattern);
    });
    m_routeDialog = dialog;
    dialog->open();
    return dialog;
}

void ModelsPage::confirm(const QString &question, const QString &action,
                         std::function<void()> onYes)
{
    if (m_confirmation)
        m_confirmation->close();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove"), question,
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(action);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [onYes = std::move(onYes)](int result) {
        if (result == QMessageBox::Yes)
            onYes();
    });
    m_confirmation = box;
    box->open();
}

void ModelsPage::removeSelectedModel()
{
    const QModelIndex current = m_modelsView->currentIndex();
    if (!current.isValid())
        return;
    const ModelRecord model = m_models->record(current.row());
    confirm(tr("Remove the model “%1” (→ %2/%3)? Clients asking for it will get an error.")
                .arg(model.publicName, model.providerName, model.upstreamModel),
            tr("Remove model"), [this, name = model.publicName] {
                if (const Status s = ModelRepository(m_db).remove(name); !s) {
                    reload();
                    showProblem(tr("Could not remove the model: %1").arg(s.error()));
                    return;
                }
                reload();
            });
}

void ModelsPage::removeSelectedRoute()
{
    const QModelIndex current = m_routesView->currentIndex();
    if (!current.isValid())
        return;
    const RouteRecord route = m_routes->record(current.row());
    confirm(tr("Remove the route “%1” (%2)? Clients asking for it will get an error.")
                .arg(route.pattern, RouteTableModel::targetsSummary(route)),
            tr("Remove route"), [this, pattern = route.pattern] {
                if (const Status s = RouteRepository(m_db).remove(pattern); !s) {
                    reload();
                    showProblem(tr("Could not remove the route: %1").arg(s.error()));
                    return;
                }
                reload();
            });
}

} // namespace llmux
