#pragma once

#include "core/common/Result.h"
#include "core/domain/Budget.h"
#include "core/store/KeyUsageQuery.h"

#include <QDateTime>
#include <QList>

namespace llmux {

class Database;

// What the printed report calls things, so the desktop app can show it in its language.
struct BillingReportLabels
{
    QString title = QStringLiteral("LLMux billing report");
    QString period = QStringLiteral("Period");
    QString projectHeading = QStringLiteral("Project");
    QString everyProject = QStringLiteral("every project");
    QString generated = QStringLiteral("Generated");
    QString key = QStringLiteral("Key");
    QString noProject = QStringLiteral("(no project)");
    QString projectTotal = QStringLiteral("Project total");
    QString total = QStringLiteral("Total");
    QString requests = QStringLiteral("Requests");
    QString errors = QStringLiteral("Errors");
    QString promptTokens = QStringLiteral("Prompt tokens");
    QString answerTokens = QStringLiteral("Answer tokens");
    QString cost = QStringLiteral("Cost (US$)");
    QString unpriced = QStringLiteral("Tokens without a price");
    QString budgetsHeading = QStringLiteral("Budgets");
    QString budgetFor = QStringLiteral("Budget for");
    QString amount = QStringLiteral("Amount");
    QString spent = QStringLiteral("Spent this period");
    QString remaining = QStringLiteral("Remaining");
    QString noRequests = QStringLiteral("No requests in this period.");
};

// The billing report for a period: a line per key (with its project) from the request log, each
// project's total, and the budgets as they stand in their current period. Built once and shown
// as the command line writes it (CSV, JSON, PDF) and as the desktop app shows it.
struct BillingReport
{
    QString range;   // "2026-12-01 to 2026-12-07"
    QString project; // empty: every project
    QDateTime generatedAt;
    QList<KeyUsageQuery::BillingRow> rows; // ordered by project
    struct Standing
    {
        Budget budget{};
        double spent = 0;
    };
    QList<Standing> budgets{};

    // project (and fromMs/toMs) as KeyUsageQuery::billing takes them; budgets of other projects
    // are left out when a project is named.
    static Result<BillingReport> build(const Database &db, const QString &project, qint64 fromMs,
                                       qint64 toMs, const QString &rangeText);

    // Each project's keys and total, in order: a subtotal row has an empty key name.
    struct Line
    {
        QString project;
        KeyUsageQuery::Row usage; // group: the key's name; empty for a project's total
        bool total = false;
    };
    QList<Line> lines() const;
    KeyUsageQuery::Row grandTotal() const;

    // A printable page (HTML for QTextDocument), every text from the log escaped.
    QString html(const BillingReportLabels &labels = BillingReportLabels()) const;
};

} // namespace llmux
