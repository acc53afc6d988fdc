#pragma once

#include "core/common/Result.h"

#include <QDialog>

class QComboBox;
class QPushButton;
class QTextBrowser;

namespace llmux {

class Database;

// The billing report on screen: for this month or the last, for every project or one, a line
// per key with each project's total and the budgets as they stand (the same report as `llmux
// report billing`), and saved as a PDF.
class BillingReportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit BillingReportDialog(const Database &db, QWidget *parent = nullptr);

    QComboBox *periodCombo() const { return m_period; }
    QComboBox *projectCombo() const { return m_project; }
    QTextBrowser *view() const { return m_view; }
    QPushButton *saveButton() const { return m_save; }

    // Writes the report as shown to a PDF file, whole or not at all.
    Status savePdf(const QString &path) const;

private:
    void refresh();

    const Database &m_db;
    QComboBox *m_period;
    QComboBox *m_project;
    QTextBrowser *m_view;
    QPushButton *m_save;
};

} // namespace llmux
