#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QPushButton;
class QTableView;

namespace llmux {

class Gateway;
class HealthModel;
class TargetHealthModel;

// The health page: every provider key's last check with a button to check again now, and every
// route target's circuit state. Shows the two models; the models do the reading.
class HealthPage : public QWidget
{
    Q_OBJECT
public:
    HealthPage(Gateway *gateway, HealthModel *keys, TargetHealthModel *targets,
               QWidget *parent = nullptr);

    QPushButton *checkButton() const { return m_check; }
    QTableView *keysView() const { return m_keysView; }
    QTableView *targetsView() const { return m_targetsView; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refreshSummary();
    void refreshCheckButton();
    QTableView *addTable(QAbstractItemModel *model, const QString &heading,
                         const QString &emptyText, const QString &objectName);

    Gateway *m_gateway;
    HealthModel *m_keys;
    TargetHealthModel *m_targets;
    QLabel *m_summary;
    QPushButton *m_check;
    QTableView *m_keysView;
    QTableView *m_targetsView;
};

} // namespace llmux
