#pragma once

#include "core/config/GatewayConfig.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace llmux {

class Database;
class ProblemLabel;

// Sets a budget: for everything, a project or a key; spending in US$ or tokens; per day, week,
// month or in total; the thresholds that raise alerts; and whether it refuses requests once
// spent. Setting one for the same subject, measure and period replaces it. Saved on OK.
class BudgetDialog : public QDialog
{
    Q_OBJECT
public:
    BudgetDialog(const Database &db, GatewayConfigPtr config, QWidget *parent = nullptr);

    QComboBox *scopeCombo() const { return m_scope; }
    QComboBox *subjectCombo() const { return m_subject; }
    QComboBox *measureCombo() const { return m_measure; }
    QDoubleSpinBox *amountSpin() const { return m_amount; }
    QComboBox *periodCombo() const { return m_period; }
    QLineEdit *alertsEdit() const { return m_alerts; }
    QCheckBox *hardCheck() const { return m_hard; }

    void accept() override;

private:
    void fillSubjects();

    const Database &m_db;
    GatewayConfigPtr m_config;
    QComboBox *m_scope;
    QComboBox *m_subject;
    QComboBox *m_measure;
    QDoubleSpinBox *m_amount;
    QComboBox *m_period;
    QLineEdit *m_alerts;
    QCheckBox *m_hard;
    ProblemLabel *m_problem;
};

} // namespace llmux
