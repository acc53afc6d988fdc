#include "ui/limits/BillingReportDialog.h"

#include "core/services/BillingReport.h"
#include "core/store/ProjectRepository.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace llmux {
namespace {

// The report's words in the interface's language.
BillingReportLabels labels()
{
    BillingReportLabels l;
    l.title = BillingReportDialog::tr("LLMux billing report");
    l.period = BillingReportDialog::tr("Period");
    l.projectHeading = BillingReportDialog::tr("Project");
    l.everyProject = BillingReportDialog::tr("every project");
    l.generated = BillingReportDialog::tr("Generated");
    l.key = BillingReportDialog::tr("Key");
    l.noProject = BillingReportDialog::tr("(no project)");
    l.projectTotal = BillingReportDialog::tr("Project total");
    l.total = BillingReportDialog::tr("Total");
    l.requests = BillingReportDialog::tr("Requests");
    l.errors = BillingReportDialog::tr("Errors");
    l.promptTokens = BillingReportDialog::tr("Prompt tokens");
    l.answerTokens = BillingReportDialog::tr("Answer tokens");
    l.cost = BillingReportDialog::tr("Cost (US$)");
    l.unpriced = BillingReportDialog::tr("Tokens without a price");
    l.budgetsHeading = BillingReportDialog::tr("Budgets");
    l.budgetFor = BillingReportDialog::tr("Budget for");
    l.amount = BillingReportDialog::tr("Amount");
    l.spent = BillingReportDialog::tr("Spent this period");
    l.remaining = BillingReportDialog::tr("Remaining");
    l.noRequests = BillingReportDialog::tr("No requests in this period.");
    return l;
}

} // namespace

BillingReportDialog::BillingReportDialog(const Database &db, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("billingReportDialog"));
    setWindowTitle(tr("Billing report"));
    resize(820, 600);
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout();
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("billingPeriodCombo"));
    m_period->addItem(tr("This month"), 0);
    m_period->addItem(tr("Last month"), -1);
    m_project = new QComboBox(this);
    m_project->setObjectName(QStringLiteral("billingProjectCombo"));
    m_project->addItem(tr("Every project"), QString());
    if (const auto projects = ProjectRepository(m_db).list())
        for (const ProjectRecord &p : projects.value())
            m_project->addItem(p.name, p.name);
    row->addWidget(new QLabel(tr("Period"), this));
    row->addWidget(m_period);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Project"), this));
    row->addWidget(m_project);
    row->addStretch(1);
    layout->addLayout(row);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("billingReportView"));
    layout->addWidget(m_view, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_save = buttons->addButton(tr("Save as PDF…"), QDialogButtonBox::ActionRole);
    m_save->setObjectName(QStringLiteral("billingSavePdfButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the billing report"),
                                                          QStringLiteral("llmux-billing.pdf"),
                                                          tr("PDF files (*.pdf)"));
        if (path.isEmpty())
            return;
        if (const Status saved = savePdf(path); !saved)
            QMessageBox::warning(this, tr("Billing report"), saved.error());
    });
    layout->addWidget(buttons);
    connect(m_period, &QComboBox::currentIndexChanged, this, &BillingReportDialog::refresh);
    connect(m_project, &QComboBox::currentIndexChanged, this, &BillingReportDialog::refresh);
    refresh();
}

void BillingReportDialog::refresh()
{
    // Calendar months in local time, as the command line's --from/--to take days.
    const QDate today = QDate::currentDate();
    const QDate first =
        QDate(today.year(), today.month(), 1).addMonths(m_period->currentData().toInt());
    const QDate last =
        m_period->currentData().toInt() == 0 ? today : first.addMonths(1).addDays(-1);
    const qint64 fromMs = first.startOfDay().toMSecsSinceEpoch();
    const qint64 toMs = last.addDays(1).startOfDay().toMSecsSinceEpoch();
    const QString range =
        tr("%1 to %2").arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate));
    const auto report =
        BillingReport::build(m_db, m_project->currentData().toString(), fromMs, toMs, range);
    m_view->setHtml(report ? report->html(labels())
                           : QStringLiteral("<p>%1</p>").arg(report.error().toHtmlEscaped()));
    m_save->setEnabled(report.ok());
}

Status BillingReportDialog::savePdf(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(tr("Cannot write %1: %2").arg(path, file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(tr("LLMux billing report"));
        writer.setCreator(QStringLiteral("LLMux"));
        m_view->document()->print(&writer);
    }
    if (!file.commit())
        return Status::failure(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return Status::success();
}

} // namespace llmux
