#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace llmux {

class Database;
class Gateway;
class TuningSettingsModel;

// The Settings page: where the gateway listens, starting with the system and minimized, language,
// theme, how long the request log is kept, the data folder, and the gateway's tuning numbers.
// Theme and address changes apply at once (a running gateway moves to a new address only once it
// is bound there); a new language is announced for the app to rebuild its window.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    SettingsPage(Gateway *gateway, const Database &db, const QString &dataDir,
                 QWidget *parent = nullptr);

    QComboBox *hostCombo() const { return m_host; }
    QSpinBox *portSpin() const { return m_port; }
    QPushButton *applyAddressButton() const { return m_applyAddress; }
    QLabel *addressMessage() const { return m_addressMessage; }
    QCheckBox *startWithSystemCheck() const { return m_startWithSystem; }
    QCheckBox *startMinimizedCheck() const { return m_startMinimized; }
    QComboBox *languageCombo() const { return m_language; }
    QComboBox *themeCombo() const { return m_theme; }
    QComboBox *retentionCombo() const { return m_retention; }
    QLabel *dataFolderLabel() const { return m_dataFolder; }
    QTableView *tuningTable() const { return m_tuningTable; }
    TuningSettingsModel *tuningModel() const { return m_tuning; }
    QLabel *problemLabel() const { return m_problem; }

    // The program and arguments the login item starts (tests point it elsewhere).
    void setAutostartCommand(const QString &program, const QStringList &arguments);

public Q_SLOTS:
    // Shows a problem at the top of the page, e.g. that the gateway could not listen where asked.
    void showProblem(const QString &message);

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    QWidget *buildGatewayCard();
    QWidget *buildStartupCard();
    QWidget *buildAppearanceCard();
    QWidget *buildDataCard();
    QWidget *buildAdvancedCard();
    void loadAddress();
    void refreshAddressState();
    void applyAddress();
    void loadRetention();
    void applyRetention();

    Gateway *m_gateway;
    const Database &m_db;
    QString m_dataDir;
    QString m_autostartProgram;
    QStringList m_autostartArguments;
    QComboBox *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QPushButton *m_applyAddress = nullptr;
    QLabel *m_addressMessage = nullptr;
    QCheckBox *m_startWithSystem = nullptr;
    QCheckBox *m_startMinimized = nullptr;
    QComboBox *m_language = nullptr;
    QComboBox *m_theme = nullptr;
    QComboBox *m_retention = nullptr;
    QLabel *m_dataFolder = nullptr;
    QTableView *m_tuningTable = nullptr;
    TuningSettingsModel *m_tuning = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace llmux
