#pragma once

#include "core/services/ModelCatalog.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace llmux {

class Database;
class RouteTargetsModel;

// Adds or changes one route: a public name or pattern served by several targets, with the
// strategy that picks among them. Saving checks the route with ModelCatalog (the CLI's rules)
// and writes it only when it passes; a problem is shown in the dialog, which stays open.
class RouteDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RouteDialog(const Database &db, QWidget *parent = nullptr);

    // Switches to changing an existing route, the fields filled from it.
    void setRecord(const RouteRecord &record);
    void setStrategy(RouteStrategy strategy);

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *strategyCombo() const { return m_strategy; }
    QLabel *strategyHint() const { return m_strategyHint; }
    QTableView *targetsView() const { return m_targetsView; }
    RouteTargetsModel *targetsModel() const { return m_targets; }
    QPushButton *addTargetButton() const { return m_addTarget; }
    QPushButton *removeTargetButton() const { return m_removeTarget; }
    QPushButton *moveUpButton() const { return m_moveUp; }
    QPushButton *moveDownButton() const { return m_moveDown; }
    QCheckBox *enabledCheck() const { return m_enabled; }
    QLabel *problemLabel() const { return m_problem; }
    QPushButton *saveButton() const { return m_save; }
    const RouteRecord &savedRecord() const { return m_record; }

    static QString strategyExplanation(RouteStrategy strategy);
    QString issueText(const CatalogIssue &issue) const;

public Q_SLOTS:
    // Checks and saves; closes only when the route was saved.
    void accept() override;

private:
    RouteRecord recordFromFields() const;
    void addTarget();
    void moveCurrent(int by);
    void refreshButtons();
    void showProblem(const QString &text);

    const Database &m_db;
    RouteRecord m_record; // the route being changed (id 0 when adding), then as saved
    QLineEdit *m_name = nullptr;
    QLabel *m_patternHint = nullptr;
    QComboBox *m_strategy = nullptr;
    QLabel *m_strategyHint = nullptr;
    RouteTargetsModel *m_targets = nullptr;
    QTableView *m_targetsView = nullptr;
    QPushButton *m_addTarget = nullptr;
    QPushButton *m_removeTarget = nullptr;
    QPushButton *m_moveUp = nullptr;
    QPushButton *m_moveDown = nullptr;
    QCheckBox *m_enabled = nullptr;
    ProblemLabel *m_problem = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace llmux
