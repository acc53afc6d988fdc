#include "ui/keys/KeyCreateDialog.h"

#include "core/domain/KeyPermissions.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"
#include "ui/theme/CopyFeedback.h"
#include "ui/theme/Icons.h"
#include "ui/theme/ProblemLabel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QVBoxLayout>

namespace llmux {

KeyCreateDialog::KeyCreateDialog(const Database &db, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("keyCreateDialog"));
    setWindowTitle(tr("Create a gateway key"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    m_form = new QWidget(this);
    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("keyNameEdit"));
    m_name->setPlaceholderText(tr("e.g. the client or person it is for"));
    m_name->setToolTip(tr("Shown in the request log and on the usage page"));
    form->addRow(tr("Name"), m_name);
    auto *expiryRow = new QHBoxLayout();
    m_expiry = new QComboBox(m_form);
    m_expiry->setObjectName(QStringLiteral("expiryCombo"));
    m_expiry->addItem(tr("Never"), int(Expiry::Never));
    m_expiry->addItem(tr("In 30 days"), int(Expiry::Days30));
    m_expiry->addItem(tr("In 90 days"), int(Expiry::Days90));
    m_expiry->addItem(tr("On a date"), int(Expiry::OnDate));
    m_date = new QDateEdit(QDate::currentDate().addMonths(6), m_form);
    m_date->setObjectName(QStringLiteral("expiryDateEdit"));
    m_date->setCalendarPopup(true);
    m_date->setMinimumDate(QDate::currentDate().addDays(1));
    m_date->setEnabled(false);
    expiryRow->addWidget(m_expiry);
    expiryRow->addWidget(m_date, 1);
    form->addRow(tr("Expires"), expiryRow);

    // Who it belongs to and what it may use; the defaults let it use everything.
    m_project = new QComboBox(m_form);
    m_project->setObjectName(QStringLiteral("projectCombo"));
    m_project->addItem(tr("No project"), qint64(0));
    if (const auto projects = ProjectRepository(m_db).list())
        for (const ProjectRecord &p : projects.value())
            m_project->addItem(p.name, p.id);
    m_project->setToolTip(tr("Keys in a project share its rate limits and budgets (llmux "
                             "project add NAME)"));
    form->addRow(tr("Project"), m_project);
    m_models = new QLineEdit(m_form);
    m_models->setObjectName(QStringLiteral("allowedModelsEdit"));
    m_models->setPlaceholderText(
        tr("Every model; or names and patterns, e.g. deepseek-* qwen-max"));
    m_models->setToolTip(tr("Public model names or patterns with * and ?, separated by spaces or "
                            "commas. Requests for other models are refused, and model lists "
                            "show only these."));
    form->addRow(tr("Models"), m_models);
    m_scope = new QComboBox(m_form);
    m_scope->setObjectName(QStringLiteral("scopeCombo"));
    m_scope->addItem(tr("Inference: every endpoint"), QStringLiteral("inference"));
    m_scope->addItem(tr("Read: models and usage only"), QStringLiteral("read"));
    m_scope->addItem(tr("Admin: also the management API"), QStringLiteral("admin"));
    form->addRow(tr("Scope"), m_scope);
    layout->addWidget(m_form);

    m_shown = new QWidget(this);
    auto *shown = new QVBoxLayout(m_shown);
    shown->setContentsMargins(0, 0, 0, 0);
    auto *keyRow = new QHBoxLayout();
    m_key = new QLineEdit(m_shown);
    m_key->setObjectName(QStringLiteral("createdKeyEdit"));
    m_key->setReadOnly(true);
    m_key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_key->setMinimumWidth(m_key->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 56);
    keyRow->addWidget(m_key, 1);
    m_copy = new QPushButton(Icons::get(QStringLiteral("copy")), tr("Copy"), m_shown);
    m_copy->setObjectName(QStringLiteral("copyKeyButton"));
    keyRow->addWidget(m_copy);
    shown->addLayout(keyRow);
    auto *warning = new QLabel(tr("Copy this key now and keep it safe: LLMux stores only its hash "
                                  "and cannot show it again. If it is lost, revoke it and create "
                                  "another."),
                               m_shown);
    warning->setObjectName(QStringLiteral("problemLabel"));
    warning->setWordWrap(true);
    shown->addWidget(warning);
    m_shown->hide();
    layout->addWidget(m_shown);

    m_problem = new ProblemLabel(this);
    layout->addWidget(m_problem);

    auto *buttons = new QHBoxLayout();
    buttons->addStretch(1);
    m_close = new QPushButton(tr("Cancel"), this);
    m_create = new QPushButton(Icons::get(QStringLiteral("add")), tr("Create key"), this);
    m_create->setObjectName(QStringLiteral("accentButton"));
    m_create->setDefault(true);
    buttons->addWidget(m_close);
    buttons->addWidget(m_create);
    layout->addLayout(buttons);

    connect(m_expiry, &QComboBox::currentIndexChanged, this, [this] {
        m_date->setEnabled(Expiry(m_expiry->currentData().toInt()) == Expiry::OnDate);
    });
    connect(m_create, &QPushButton::clicked, this, &KeyCreateDialog::create);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copy, m_key->text()); });
}

KeyCreateDialog::~KeyCreateDialog()
{
    m_key->clear();
}

void KeyCreateDialog::setExpiry(Expiry expiry)
{
    m_expiry->setCurrentIndex(m_expiry->findData(int(expiry)));
}

void KeyCreateDialog::done(int result)
{
    // The key leaves the screen with the dialog.
    m_key->clear();
    QDialog::done(result);
}

void KeyCreateDialog::showProblem(const QString &message)
{
    m_problem->showProblem(message);
}

void KeyCreateDialog::create()
{
    GatewayKeyRecord record;
    record.name = m_name->text().trimmed();
    if (record.name.isEmpty()) {
        showProblem(tr("A key needs a name, e.g. the client or person it is for."));
        m_name->setFocus();
        return;
    }
    const auto existing = GatewayKeyRepository(m_db).list(false);
    if (!existing) {
        showProblem(tr("Cannot read the existing keys: %1").arg(existing.error()));
        return;
    }
    for (const GatewayKeyRecord &key : existing.value())
        if (key.name == record.name) {
            showProblem(tr("A key named “%1” already exists. Pick another name, or revoke that "
                           "key first.")
                            .arg(record.name));
            m_name->setFocus();
            return;
        }
    if (const qint64 project = m_project->currentData().toLongLong(); project > 0)
        record.projectId = project;
    record.allowedModels =
        m_models->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    record.scope = m_scope->currentData().toString();
    if (const QString problem = KeyPermissions::problemWith(record.allowedModels, {});
        !problem.isEmpty()) {
        showProblem(problem);
        m_models->setFocus();
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (Expiry(m_expiry->currentData().toInt())) {
    case Expiry::Never:
        break;
    case Expiry::Days30:
        record.expiresAt = now.addDays(30);
        break;
    case Expiry::Days90:
        record.expiresAt = now.addDays(90);
        break;
    case Expiry::OnDate:
        if (m_date->date() <= QDate::currentDate()) {
            showProblem(tr("Pick an expiry date after today."));
            return;
        }
        // The key works through the whole day it expires on.
        record.expiresAt = QDateTime(m_date->date(), QTime(23, 59, 59)).toUTC();
        break;
    }
    const auto issued = GatewayKeyIssuer::issue(m_db, record);
    if (!issued) {
        showProblem(tr("Cannot create the key: %1").arg(issued.error()));
        return;
    }
    m_problem->hide();
    m_form->setEnabled(false);
    m_key->setText(issued->key);
    m_shown->show();
    m_create->hide();
    m_close->setText(tr("Done"));
    m_close->setObjectName(QStringLiteral("accentButton"));
    m_close->style()->unpolish(m_close);
    m_close->style()->polish(m_close);
    m_close->setDefault(true);
    m_copy->setFocus();
    Q_EMIT created(issued->record);
}

} // namespace llmux
