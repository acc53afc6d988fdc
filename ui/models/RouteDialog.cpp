#include "ui/models/RouteDialog.h"

#include "core/domain/ModelPattern.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "ui/models/RouteTableModel.h"
#include "ui/models/RouteTargetsModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/ProblemLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace llmux {
namespace {

// A field with its explanation right under it.
QLayout *withHint(QWidget *field, QLabel *hint)
{
    auto *column = new QVBoxLayout();
    column->setSpacing(4);
    column->addWidget(field);
    column->addWidget(hint);
    return column;
}

} // namespace

RouteDialog::RouteDialog(const Database &db, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_targets(new RouteTargetsModel(this))
{
    setObjectName(QStringLiteral("routeDialog"));
    setWindowTitle(tr("Add route"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *intro = new QLabel(tr("A route serves one public name, or every name a pattern "
                                "matches, from several provider models."),
                             this);
    intro->setObjectName(QStringLiteral("pageSummary"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout();
    form->setSpacing(8);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("routeNameEdit"));
    m_name->setPlaceholderText(tr("e.g. smart, or gpt-4o*"));
    m_patternHint = new QLabel(this);
    m_patternHint->setObjectName(QStringLiteral("pageSummary"));
    m_patternHint->setWordWrap(true);
    form->addRow(tr("Name or pattern"), withHint(m_name, m_patternHint));

    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("strategyCombo"));
    for (RouteStrategy s : {RouteStrategy::Failover, RouteStrategy::RoundRobin,
                            RouteStrategy::Weighted, RouteStrategy::Latency, RouteStrategy::Cost})
        m_strategy->addItem(RouteTableModel::strategyLabel(s), int(s));
    m_strategyHint = new QLabel(this);
    m_strategyHint->setObjectName(QStringLiteral("pageSummary"));
    m_strategyHint->setWordWrap(true);
    form->addRow(tr("Strategy"), withHint(m_strategy, m_strategyHint));
    layout->addLayout(form);

    auto *targetsHeading = new QLabel(tr("Targets"), this);
    targetsHeading->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(targetsHeading);

    auto *targetsRow = new QHBoxLayout();
    m_targetsView = new QTableView(this);
    m_targetsView->setObjectName(QStringLiteral("targetsTable"));
    m_targetsView->setModel(m_targets);
    m_targetsView->setItemDelegate(new RouteTargetDelegate(m_targetsView));
    m_targetsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_targetsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_targetsView->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
        QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_targetsView->setShowGrid(false);
    m_targetsView->horizontalHeader()->setSectionResizeMode(RouteTargetsModel::Provider,
                                                            QHeaderView::ResizeToContents);
    m_targetsView->horizontalHeader()->setSectionResizeMode(RouteTargetsModel::Model,
                                                            QHeaderView::Stretch);
    m_targetsView->horizontalHeader()->setSectionResizeMode(RouteTargetsModel::Weight,
                                                            QHeaderView::ResizeToContents);
    m_targetsView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_targetsView->setMinimumHeight(140);
    targetsRow->addWidget(m_targetsView, 1);

    auto *targetButtons = new QVBoxLayout();
    m_addTarget = new QPushButton(Icons::get(QStringLiteral("add")), tr("Add"), this);
    m_addTarget->setObjectName(QStringLiteral("addTargetButton"));
    m_removeTarget = new QPushButton(Icons::get(QStringLiteral("remove")), tr("Remove"), this);
    m_removeTarget->setObjectName(QStringLiteral("removeTargetButton"));
    m_moveUp = new QPushButton(tr("Move up"), this);
    m_moveUp->setObjectName(QStringLiteral("moveUpButton"));
    m_moveDown = new QPushButton(tr("Move down"), this);
    m_moveDown->setObjectName(QStringLiteral("moveDownButton"));
    for (QPushButton *b : {m_addTarget, m_removeTarget, m_moveUp, m_moveDown})
        targetButtons->addWidget(b);
    targetButtons->addStretch(1);
    targetsRow->addLayout(targetButtons);
    layout->addLayout(targetsRow, 1);

    auto *order = new QLabel(tr("Failover tries the targets from the top; weights matter only "
                                "to the weighted strategy."),
                             this);
    order->setObjectName(QStringLiteral("pageSummary"));
    order->setWordWrap(true);
    layout->addWidget(order);

    m_enabled = new QCheckBox(tr("Enabled: clients can use this route"), this);
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));
    m_enabled->setChecked(true);
    layout->addWidget(m_enabled);

    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("accentButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &RouteDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RouteDialog::reject);

    const auto providers = ProviderRepository(m_db).list();
    if (!providers)
        showProblem(tr("Could not read the providers: %1").arg(providers.error()));
    else if (providers->isEmpty())
        showProblem(tr("Add a provider first (Providers page): every target is a provider and "
                       "one of its models."));
    else
        m_targets->setProviders(providers.value());

    auto refreshPatternHint = [this] {
        const QString name = m_name->text().trimmed();
        m_patternHint->setText(
            ModelPattern::isPattern(name)
                ? tr("A pattern: it serves every model name it matches. A “*” in a target's "
                     "model is replaced by what the first “*” matched, e.g. gpt-4o* → "
                     "openai/gpt-4o*.")
                : tr("An exact name. “*” (any text) and “?” (one character) make it a "
                     "pattern; a “*” in a target's model is then replaced by what it "
                     "matched."));
    };
    connect(m_name, &QLineEdit::textChanged, this, refreshPatternHint);
    refreshPatternHint();
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        m_strategyHint->setText(
            strategyExplanation(RouteStrategy(m_strategy->currentData().toInt())));
    });
    m_strategyHint->setText(strategyExplanation(RouteStrategy::Failover));

    connect(m_addTarget, &QPushButton::clicked, this, &RouteDialog::addTarget);
    connect(m_removeTarget, &QPushButton::clicked, this, [this] {
        m_targets->removeTarget(m_targetsView->currentIndex().row());
        refreshButtons();
    });
    connect(m_moveUp, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_moveDown, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(m_targetsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RouteDialog::refreshButtons);
    connect(m_targets, &QAbstractItemModel::rowsInserted, this, &RouteDialog::refreshButtons);
    connect(m_targets, &QAbstractItemModel::modelReset, this, &RouteDialog::refreshButtons);
    refreshButtons();
    resize(620, 560);
}

QString RouteDialog::strategyExplanation(RouteStrategy strategy)
{
    switch (strategy) {
    case RouteStrategy::Failover:
        return tr("Failover: always the first target; the next one only when it fails.");
    case RouteStrategy::RoundRobin:
        return tr("Round robin: the targets take turns, request by request.");
    case RouteStrategy::Weighted:
        return tr("Weighted: requests are spread at random in proportion to the weights.");
    case RouteStrategy::Latency:
        return tr("Lowest latency: the target that has been answering fastest.");
    case RouteStrategy::Cost:
        return tr("Lowest cost: the cheapest target by the prices of its model aliases.");
    }
    return QString();
}

void RouteDialog::setRecord(const RouteRecord &record)
{
    m_record = record;
    setWindowTitle(tr("Edit route “%1”").arg(record.pattern));
    m_name->setText(record.pattern);
    setStrategy(record.strategy);
    m_targets->setTargets(record.targets);
    m_enabled->setChecked(record.enabled);
}

void RouteDialog::setStrategy(RouteStrategy strategy)
{
    m_strategy->setCurrentIndex(m_strategy->findData(int(strategy)));
}

void RouteDialog::addTarget()
{
    if (m_targets->providers().isEmpty()) {
        showProblem(tr("Add a provider first (Providers page): every target is a provider and "
                       "one of its models."));
        return;
    }
    // The provider of the target above is the likeliest; the model is for the user to type.
    RouteTargetRecord target;
    const ProviderRecord &first = m_targets->providers().first();
    target.providerId =
        m_targets->targets().isEmpty() ? first.id : m_targets->targets().last().providerId;
    target.providerName =
        m_targets->targets().isEmpty() ? first.name : m_targets->targets().last().providerName;
    const int row = m_targets->addTarget(target);
    const QModelIndex model = m_targets->index(row, RouteTargetsModel::Model);
    m_targetsView->setCurrentIndex(model);
    m_targetsView->edit(model);
}

void RouteDialog::moveCurrent(int by)
{
    const QModelIndex current = m_targetsView->currentIndex();
    if (!current.isValid())
        return;
    const int row = m_targets->moveTarget(current.row(), by);
    m_targetsView->setCurrentIndex(m_targets->index(row, current.column()));
    refreshButtons();
}

void RouteDialog::refreshButtons()
{
    const int row = m_targetsView->currentIndex().row();
    const int count = m_targets->rowCount();
    m_removeTarget->setEnabled(row >= 0);
    m_moveUp->setEnabled(row > 0);
    m_moveDown->setEnabled(row >= 0 && row < count - 1);
}

RouteRecord RouteDialog::recordFromFields() const
{
    RouteRecord r = m_record;
    r.pattern = m_name->text().trimmed();
    r.strategy = RouteStrategy(m_strategy->currentData().toInt());
    r.targets = m_targets->targets();
    r.enabled = m_enabled->isChecked();
    return r;
}

void RouteDialog::showProblem(const QString &text)
{
    m_problem->showProblem(text);
}

QString RouteDialog::issueText(const CatalogIssue &issue) const
{
    using Kind = CatalogIssue::Kind;
    const int number = issue.target + 1;
    switch (issue.kind) {
    case Kind::None:
        return QString();
    case Kind::EmptyName:
        return tr("Give the route a name or a pattern: what clients will ask for.");
    case Kind::NoTargets:
        return tr("Add at least one target: a provider and the model it should serve.");
    case Kind::NoProvider:
        return tr("Target %1 has no provider: pick one in its Provider cell.").arg(number);
    case Kind::EmptyUpstreamModel:
        return tr("Target %1 has no model: type the provider's model name in its Model cell.")
            .arg(number);
    case Kind::WeightOutOfRange:
        return tr("The weight of target %1 must be between 1 and %2.")
            .arg(number)
            .arg(ModelCatalog::kMaxWeight);
    case Kind::StarWithoutPattern:
        return tr("Target %1's model contains “*”, but “%2” has no “*” whose match could replace "
                  "it: make the name a pattern or remove the “*”.")
            .arg(number)
            .arg(issue.name);
    case Kind::NameIsModel:
        return tr("“%1” is already a model (→ %2/%3), which would hide this route. Pick another "
                  "name, or remove that model first.")
            .arg(issue.model.publicName, issue.model.providerName, issue.model.upstreamModel);
    case Kind::RouteExists:
        return tr("There is already a route “%1”. Pick another name, or edit that route "
                  "instead.")
            .arg(issue.route.pattern);
    default:
        return tr("This route cannot be saved as it is.");
    }
}

void RouteDialog::accept()
{
    // A cell still being edited counts.
    if (QWidget *editor = m_targetsView->indexWidget(m_targetsView->currentIndex()))
        emit m_targetsView->itemDelegate()->commitData(editor);
    const RouteRecord record = recordFromFields();
    const auto checked = ModelCatalog(m_db).checkRoute(record, record.id);
    if (!checked) {
        showProblem(tr("Could not check the route: %1").arg(checked.error()));
        return;
    }
    if (!checked->isNone()) {
        showProblem(issueText(checked.value()));
        if (checked->target >= 0)
            m_targetsView->setCurrentIndex(m_targets->index(checked->target, 0));
        return;
    }
    RouteRecord saved = record;
    if (record.id == 0) {
        const auto id = RouteRepository(m_db).save(record, false);
        if (!id) {
            showProblem(tr("Could not save the route: %1").arg(id.error()));
            return;
        }
        saved.id = id.value();
    } else if (const Status s = RouteRepository(m_db).update(record); !s) {
        showProblem(tr("Could not save the route: %1").arg(s.error()));
        return;
    }
    m_record = saved;
    showProblem(QString());
    QDialog::accept();
}

} // namespace llmux
