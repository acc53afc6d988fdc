#include "ui/limits/BudgetDialog.h"

#include "core/store/BudgetRepository.h"
#include "ui/theme/ProblemLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

namespace llmux {

BudgetDialog::BudgetDialog(const Database &db, GatewayConfigPtr config, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_config(std::move(config))
{
    setObjectName(QStringLiteral("budgetDialog"));
    setWindowTitle(tr("Set a budget"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    auto *form = new QFormLayout();
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("budgetScopeCombo"));
    m_scope->addItem(tr("Everything"), int(Budget::Scope::Global));
    m_scope->addItem(tr("A project"), int(Budget::Scope::Project));
    m_scope->addItem(tr("A key"), int(Budget::Scope::Key));
    form->addRow(tr("Budget for"), m_scope);
    m_subject = new QComboBox(this);
    m_subject->setObjectName(QStringLiteral("budgetSubjectCombo"));
    form->addRow(tr("Which"), m_subject);
    m_measure = new QComboBox(this);
    m_measure->setObjectName(QStringLiteral("budgetMeasureCombo"));
    m_measure->addItem(tr("Spending in US$"), int(Budget::Measure::Usd));
    m_measure->addItem(tr("Tokens"), int(Budget::Measure::Tokens));
    m_measure->setToolTip(tr("Spending comes from the prices of your models; a model without a "
                             "price counts only in token quotas."));
    form->addRow(tr("Counts"), m_measure);
    m_amount = new QDoubleSpinBox(this);
    m_amount->setObjectName(QStringLiteral("budgetAmountSpin"));
    m_amount->setRange(0.01, 1e12);
    m_amount->setDecimals(2);
    m_amount->setValue(20);
    m_amount->setGroupSeparatorShown(true);
    form->addRow(tr("Amount"), m_amount);
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("budgetPeriodCombo"));
    m_period->addItem(tr("Per day"), int(Budget::Period::Day));
    m_period->addItem(tr("Per week"), int(Budget::Period::Week));
    m_period->addItem(tr("Per month"), int(Budget::Period::Month));
    m_period->addItem(tr("In total"), int(Budget::Period::Total));
    m_period->setCurrentIndex(2);
    form->addRow(tr("Period"), m_period);
    m_alerts = new QLineEdit(QStringLiteral("50,80,100"), this);
    m_alerts->setObjectName(QStringLiteral("budgetAlertsEdit"));
    m_alerts->setToolTip(tr("Percents of the amount that send an alert (the Alerts page says "
                            "where), e.g. 50,80,100"));
    form->addRow(tr("Alert at (%)"), m_alerts);
    m_hard = new QCheckBox(tr("Refuse requests once it is spent"), this);
    m_hard->setObjectName(QStringLiteral("budgetHardCheck"));
    form->addRow(QString(), m_hard);
    layout->addLayout(form);
    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &BudgetDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &BudgetDialog::fillSubjects);
    connect(m_measure, &QComboBox::currentIndexChanged, this, [this] {
        const bool usd = Budget::Measure(m_measure->currentData().toInt()) == Budget::Measure::Usd;
        m_amount->setDecimals(usd ? 2 : 0);
        m_amount->setPrefix(usd ? QStringLiteral("$") : QString());
        m_amount->setValue(usd ? 20 : 1000000);
    });
    m_amount->setPrefix(QStringLiteral("$"));
    fillSubjects();
}

void BudgetDialog::fillSubjects()
{
    m_subject->clear();
    const auto scope = Budget::Scope(m_scope->currentData().toInt());
    m_subject->setEnabled(scope != Budget::Scope::Global);
    if (!m_config)
        return;
    if (scope == Budget::Scope::Project) {
        QStringList names = m_config->projectNames.values();
        names.sort(Qt::CaseInsensitive);
        m_subject->addItems(names);
    } else if (scope == Budget::Scope::Key) {
        for (const AcceptedKey &k : m_config->keys)
            m_subject->addItem(k.name);
    }
}

void BudgetDialog::accept()
{
    Budget b;
    b.scope = Budget::Scope(m_scope->currentData().toInt());
    if (b.scope != Budget::Scope::Global) {
        b.subject = m_subject->currentText();
        if (b.subject.isEmpty()) {
            m_problem->showProblem(b.scope == Budget::Scope::Project
                                       ? tr("There is no project yet: add one with llmux "
                                            "project add NAME.")
                                       : tr("There is no gateway key yet: create one on the "
                                            "Keys page."));
            return;
        }
    }
    b.measure = Budget::Measure(m_measure->currentData().toInt());
    b.amount = m_amount->value();
    b.period = Budget::Period(m_period->currentData().toInt());
    const std::optional<QList<int>> alerts = m_alerts->text().trimmed().isEmpty()
                                                 ? std::optional(QList<int>())
                                                 : Budget::alertsFromText(m_alerts->text());
    if (!alerts) {
        m_problem->showProblem(tr("Alert thresholds are percents separated by commas, e.g. "
                                  "50,80,100."));
        return;
    }
    b.alertAt = *alerts;
    b.hard = m_hard->isChecked();
    if (const Result<qint64> id = BudgetRepository(m_db).set(b); !id) {
        m_problem->showProblem(id.error());
        return;
    }
    QDialog::accept();
}

} // namespace llmux
