#include "ui/models/ModelDialog.h"

#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "ui/models/CapabilitiesEditor.h"
#include "ui/theme/ProblemLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace llmux {
namespace {

constexpr int kProviderNameRole = Qt::UserRole + 1;

QDoubleSpinBox *priceSpin(QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    // Below zero cannot be typed; the catalog refuses negative prices from the CLI as well.
    spin->setRange(0, 100000);
    spin->setDecimals(4);
    spin->setSingleStep(0.1);
    spin->setPrefix(QStringLiteral("$ "));
    spin->setAlignment(Qt::AlignRight);
    return spin;
}

} // namespace

ModelDialog::ModelDialog(const Database &db, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("modelDialog"));
    setWindowTitle(tr("Add model"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *intro = new QLabel(tr("Clients ask for the public name; LLMux sends the request to the "
                                "provider with the provider's own model name."),
                             this);
    intro->setObjectName(QStringLiteral("pageSummary"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout();
    form->setSpacing(10);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("publicNameEdit"));
    m_name->setPlaceholderText(tr("e.g. fast, gpt-4o, claude-sonnet"));
    form->addRow(tr("Public name"), m_name);

    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("providerCombo"));
    m_provider->setPlaceholderText(tr("No providers yet"));
    form->addRow(tr("Provider"), m_provider);

    m_upstream = new QComboBox(this);
    m_upstream->setObjectName(QStringLiteral("upstreamModelCombo"));
    m_upstream->setEditable(true);
    m_upstream->setInsertPolicy(QComboBox::NoInsert);
    m_upstream->lineEdit()->setPlaceholderText(tr("The provider's model name, e.g. gpt-4o-mini"));
    m_upstream->setToolTip(tr("Type the model name the provider expects; the list offers names "
                              "already used with this provider."));
    form->addRow(tr("Upstream model"), m_upstream);
    layout->addLayout(form);

    m_prices = new QGroupBox(tr("Prices in US$ per 1M tokens"), this);
    m_prices->setObjectName(QStringLiteral("pricesBox"));
    m_prices->setCheckable(true);
    m_prices->setChecked(false);
    m_prices->setToolTip(tr("Tick to have the usage page count the cost of this model's "
                            "requests; leave off when you do not know the prices. The price "
                            "belongs to the provider's model: every name for it uses the same "
                            "one."));
    auto *prices = new QFormLayout(m_prices);
    m_priceIn = priceSpin(m_prices);
    m_priceIn->setObjectName(QStringLiteral("inputPriceSpin"));
    m_priceOut = priceSpin(m_prices);
    m_priceOut->setObjectName(QStringLiteral("outputPriceSpin"));
    prices->addRow(tr("Input (prompt)"), m_priceIn);
    prices->addRow(tr("Output (completion)"), m_priceOut);
    layout->addWidget(m_prices);

    m_capabilities = new CapabilitiesEditor(this);
    layout->addWidget(m_capabilities);

    m_enabled = new QCheckBox(tr("Enabled: clients can use this name"), this);
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));
    m_enabled->setChecked(true);
    layout->addWidget(m_enabled);

    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);
    layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("accentButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ModelDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ModelDialog::reject);

    const auto providers = ProviderRepository(m_db).list();
    if (!providers)
        showProblem(tr("Could not read the providers: %1").arg(providers.error()));
    else
        for (const ProviderRecord &p : providers.value()) {
            m_provider->addItem(p.enabled ? p.name : tr("%1 (disabled)").arg(p.name), p.id);
            m_provider->setItemData(m_provider->count() - 1, p.name, kProviderNameRole);
        }
    if (m_provider->count() > 0)
        m_provider->setCurrentIndex(0);
    else if (providers)
        showProblem(tr("Add a provider first (Providers page): a model points at one."));
    fillUpstreamModels();
    connect(m_provider, &QComboBox::currentIndexChanged, this, &ModelDialog::fillUpstreamModels);
    connect(m_upstream, &QComboBox::currentTextChanged, this, &ModelDialog::showPreset);
    resize(480, sizeHint().height());
}

void ModelDialog::setRecord(const ModelRecord &record)
{
    m_record = record;
    setWindowTitle(tr("Edit model “%1”").arg(record.publicName));
    m_name->setText(record.publicName);
    m_provider->setCurrentIndex(m_provider->findData(record.providerId));
    m_upstream->setEditText(record.upstreamModel);
    m_prices->setChecked(record.price.has_value());
    m_priceIn->setValue(record.price ? record.price->inputPerMillion : 0);
    m_priceOut->setValue(record.price ? record.price->outputPerMillion : 0);
    m_enabled->setChecked(record.enabled);
    const auto edit = ModelCapabilityRepository(m_db).find(record.providerId, record.upstreamModel);
    if (!edit)
        showProblem(tr("Could not read what the model can take: %1").arg(edit.error()));
    m_capabilities->setEdit(edit ? edit.value() : ModelCapabilities());
    showPreset();
}

void ModelDialog::showPreset()
{
    m_capabilities->setPreset(ModelCapabilities::presetFor(m_upstream->currentText().trimmed()));
}

void ModelDialog::selectProvider(const QString &name)
{
    for (int i = 0; i < m_provider->count(); ++i)
        if (m_provider->itemData(i, kProviderNameRole)
                .toString()
                .compare(name, Qt::CaseInsensitive) == 0)
            m_provider->setCurrentIndex(i);
}

void ModelDialog::fillUpstreamModels()
{
    // Model names this provider already serves elsewhere: a head start for the next alias.
    const qint64 providerId = m_provider->currentData().toLongLong();
    QStringList known;
    auto add = [&known](const QString &model) {
        if (!model.isEmpty() && !model.contains(QLatin1Char('*')) && !known.contains(model))
            known << model;
    };
    if (const auto models = ModelRepository(m_db).list())
        for (const ModelRecord &m : models.value())
            if (m.providerId == providerId)
                add(m.upstreamModel);
    if (const auto routes = RouteRepository(m_db).list())
        for (const RouteRecord &r : routes.value())
            for (const RouteTargetRecord &t : r.targets)
                if (t.providerId == providerId)
                    add(t.upstreamModel);
    known.sort(Qt::CaseInsensitive);
    const QString typed = m_upstream->currentText();
    m_upstream->clear();
    m_upstream->addItems(known);
    m_upstream->setEditText(typed);
}

ModelRecord ModelDialog::recordFromFields() const
{
    ModelRecord r = m_record;
    r.publicName = m_name->text().trimmed();
    r.providerId = m_provider->currentIndex() >= 0 ? m_provider->currentData().toLongLong() : 0;
    r.providerName = m_provider->currentData(kProviderNameRole).toString();
    r.upstreamModel = m_upstream->currentText().trimmed();
    r.price = m_prices->isChecked()
                  ? std::optional(ModelPrice{m_priceIn->value(), m_priceOut->value()})
                  : std::nullopt;
    r.enabled = m_enabled->isChecked();
    return r;
}

void ModelDialog::showProblem(const QString &text)
{
    m_problem->showProblem(text);
}

QString ModelDialog::issueText(const CatalogIssue &issue)
{
    using Kind = CatalogIssue::Kind;
    switch (issue.kind) {
    case Kind::None:
        return QString();
    case Kind::EmptyName:
        return tr("Give the model a public name: the name clients will ask for.");
    case Kind::NoProvider:
        return tr("Pick the provider that serves this model. No provider yet? Add one on the "
                  "Providers page first.");
    case Kind::EmptyUpstreamModel:
        return tr("Give the upstream model: the provider's own name for it, e.g. gpt-4o-mini.");
    case Kind::NegativePrice:
        return tr("Prices cannot be negative: give US$ per million tokens, or turn prices off.");
    case Kind::ModelExists:
        return tr("There is already a model named “%1” (→ %2/%3). Pick another name, or edit "
                  "that model instead.")
            .arg(issue.model.publicName, issue.model.providerName, issue.model.upstreamModel);
    case Kind::NameIsRoute:
        return tr("“%1” is already a route, which this model would hide. Pick another name, or "
                  "remove the route first.")
            .arg(issue.route.pattern);
    default:
        return tr("This model cannot be saved as it is.");
    }
}

void ModelDialog::accept()
{
    const ModelRecord record = recordFromFields();
    const auto checked = ModelCatalog(m_db).checkModel(record, record.id);
    if (!checked) {
        showProblem(tr("Could not check the model: %1").arg(checked.error()));
        return;
    }
    if (!checked->isNone()) {
        showProblem(issueText(checked.value()));
        return;
    }
    if (record.id == 0) {
        const auto id = ModelRepository(m_db).add(record);
        if (!id) {
            showProblem(tr("Could not save the model: %1").arg(id.error()));
            return;
        }
        m_record = record;
        m_record.id = id.value();
    } else {
        if (const Status s = ModelRepository(m_db).update(record); !s) {
            showProblem(tr("Could not save the model: %1").arg(s.error()));
            return;
        }
        m_record = record;
    }
    // What the model can take belongs to the provider's model, whatever names point at it.
    if (const Status s = ModelCapabilityRepository(m_db).set(
            record.providerId, record.upstreamModel, m_capabilities->edit());
        !s) {
        showProblem(tr("The model was saved, but not what it can take: %1").arg(s.error()));
        return;
    }
    showProblem(QString());
    QDialog::accept();
}

} // namespace llmux
