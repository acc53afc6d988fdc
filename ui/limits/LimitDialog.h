#pragma once

#include "core/config/GatewayConfig.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace llmux {

class Database;
class ProblemLabel;

// Adds a rate limit: what it applies to (everything, an endpoint, a project, a key or a model),
// and how much it allows (requests or tokens per window, or requests at once). Saved on OK.
class LimitDialog : public QDialog
{
    Q_OBJECT
public:
    LimitDialog(const Database &db, GatewayConfigPtr config, QWidget *parent = nullptr);

    QComboBox *scopeCombo() const { return m_scope; }
    QComboBox *subjectCombo() const { return m_subject; }
    QComboBox *kindCombo() const { return m_kind; }
    QSpinBox *amountSpin() const { return m_amount; }
    QComboBox *windowCombo() const { return m_window; }
    // The id of the limit saved, once accepted.
    qint64 savedId() const { return m_savedId; }

    void accept() override;

private:
    void fillSubjects();

    const Database &m_db;
    GatewayConfigPtr m_config;
    QComboBox *m_scope;
    QComboBox *m_subject;
    QComboBox *m_kind;
    QSpinBox *m_amount;
    QComboBox *m_window;
    ProblemLabel *m_problem;
    qint64 m_savedId = 0;
};

} // namespace llmux
