#include "ui/limits/LimitDialog.h"

#include "core/store/RateLimitRepository.h"
#include "ui/theme/ProblemLabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace llmux {

LimitDialog::LimitDialog(const Database &db, GatewayConfigPtr config, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_config(std::move(config))
{
    setObjectName(QStringLiteral("limitDialog"));
    setWindowTitle(tr("Add a rate limit"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    auto *form = new QFormLayout();
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("limitScopeCombo"));
    m_scope->addItem(tr("Everything"), int(RateLimit::Scope::Global));
    m_scope->addItem(tr("An endpoint"), int(RateLimit::Scope::Endpoint));
    m_scope->addItem(tr("A project"), int(RateLimit::Scope::Project));
    m_scope->addItem(tr("A key"), int(RateLimit::Scope::Key));
    m_scope->addItem(tr("A model"), int(RateLimit::Scope::Model));
    form->addRow(tr("Applies to"), m_scope);
    m_subject = new QComboBox(this);
    m_subject->setObjectName(QStringLiteral("limitSubjectCombo"));
    m_subject->setToolTip(tr("A model may be a pattern with * and ?, e.g. gpt-4o*"));
    form->addRow(tr("Which"), m_subject);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("limitKindCombo"));
    m_kind->addItem(tr("Requests per window"), int(RateLimit::Kind::Requests));
    m_kind->addItem(tr("Tokens per window"), int(RateLimit::Kind::Tokens));
    m_kind->addItem(tr("Requests at once"), int(RateLimit::Kind::Concurrent));
    form->addRow(tr("Counts"), m_kind);
    m_amount = new QSpinBox(this);
    m_amount->setObjectName(QStringLiteral("limitAmountSpin"));
    m_amount->setRange(1, 1000000000);
    m_amount->setValue(60);
    m_amount->setGroupSeparatorShown(true);
    form->addRow(tr("At most"), m_amount);
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("limitWindowCombo"));
    m_window->setEditable(true);
    for (const char *w : {"1m", "5m", "1h", "1d", "10s"})
        m_window->addItem(QString::fromLatin1(w));
    m_window->setToolTip(tr("Any sliding window from seconds to a day: 30s, 1m, 5m, 1h, 1d"));
    form->addRow(tr("In any"), m_window);
    layout->addLayout(form);
    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &LimitDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_scope, &QComboBox::currentIndexChanged, this, &LimitDialog::fillSubjects);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_window->setEnabled(RateLimit::Kind(m_kind->currentData().toInt()) !=
                             RateLimit::Kind::Concurrent);
    });
    fillSubjects();
}

void LimitDialog::fillSubjects()
{
    m_subject->clear();
    const auto scope = RateLimit::Scope(m_scope->currentData().toInt());
    m_subject->setEnabled(scope != RateLimit::Scope::Global);
    m_subject->setEditable(scope == RateLimit::Scope::Model);
    if (!m_config)
        return;
    switch (scope) {
    case RateLimit::Scope::Global:
        break;
    case RateLimit::Scope::Endpoint:
        for (const char *e :
             {"chat", "messages", "responses", "gemini", "embeddings", "completions"})
            m_subject->addItem(QString::fromLatin1(e));
        break;
    case RateLimit::Scope::Project: {
        QStringList names = m_config->projectNames.values();
        names.sort(Qt::CaseInsensitive);
        m_subject->addItems(names);
        break;
    }
    case RateLimit::Scope::Key:
        for (const AcceptedKey &k : m_config->keys)
            m_subject->addItem(k.name);
        break;
    case RateLimit::Scope::Model:
        for (const ModelRecord &m : m_config->modelRecords)
            m_subject->addItem(m.publicName);
        for (const RouteRecord &r : m_config->routeRecords)
            m_subject->addItem(r.pattern);
        break;
    }
}

void LimitDialog::accept()
{
    RateLimit l;
    l.scope = RateLimit::Scope(m_scope->currentData().toInt());
    l.kind = RateLimit::Kind(m_kind->currentData().toInt());
    l.amount = m_amount->value();
    if (l.scope != RateLimit::Scope::Global) {
        l.subject = m_subject->currentText().trimmed();
        if (l.subject.isEmpty()) {
            m_problem->showProblem(tr("Choose what the limit applies to."));
            return;
        }
    }
    if (l.kind != RateLimit::Kind::Concurrent) {
        const std::optional<qint64> window = RateLimit::windowFromText(m_window->currentText());
        if (!window) {
            m_problem->showProblem(tr("The window is a length from a second to a day, like 30s, "
                                      "1m, 5m, 1h or 1d."));
            return;
        }
        l.windowMs = *window;
    }
    const Result<qint64> id = RateLimitRepository(m_db).add(l);
    if (!id) {
        m_problem->showProblem(id.error());
        return;
    }
    m_savedId = id.value();
    QDialog::accept();
}

} // namespace llmux
