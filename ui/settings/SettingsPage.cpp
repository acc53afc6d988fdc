#include "ui/settings/SettingsPage.h"

#include "core/config/ListenSettings.h"
#include "core/config/TuningSettings.h"
#include "core/gateway/Gateway.h"
#include "core/store/SettingsRepository.h"
#include "ui/settings/Autostart.h"
#include "ui/settings/DesktopPreferences.h"
#include "ui/settings/TuningSettingsModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/Language.h"
#include "ui/theme/PageHeader.h"
#include "ui/theme/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace llmux {
namespace {

QFrame *card(QWidget *parent, const QString &title, QVBoxLayout **body)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(QStringLiteral("statusCard"));
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(18, 14, 18, 16);
    layout->setSpacing(10);
    auto *heading = new QLabel(title, frame);
    heading->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(heading);
    *body = layout;
    return frame;
}

QLabel *hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("hintLabel"));
    label->setWordWrap(true);
    return label;
}

const QString kLoopback = QStringLiteral("127.0.0.1");
const QString kEverywhere = QStringLiteral("0.0.0.0");

} // namespace

SettingsPage::SettingsPage(Gateway *gateway, const Database &db, const QString &dataDir,
                           QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_dataDir(dataDir)
    , m_autostartProgram(QCoreApplication::applicationFilePath())
    , m_autostartArguments{QStringLiteral("--data-dir"), QDir::toNativeSeparators(dataDir)}
{
    setWindowTitle(tr("Settings"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    content->setMaximumWidth(900); // long lines read badly on wide windows
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(24, 20, 24, 24);
    layout->setSpacing(14);

    layout->addWidget(new PageHeader(
        tr("Settings"), tr("How LLMux listens, starts and looks, and how long it keeps its log."),
        content));
    m_problem = new QLabel(content);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);

    layout->addWidget(buildGatewayCard());
    layout->addWidget(buildStartupCard());
    layout->addWidget(buildAppearanceCard());
    layout->addWidget(buildDataCard());
    layout->addWidget(buildAdvancedCard());
    layout->addStretch(1);

    if (m_gateway)
        connect(m_gateway, &Gateway::stateChanged, this, &SettingsPage::refreshAddressState);
    loadAddress();
    loadRetention();
}

void SettingsPage::setAutostartCommand(const QString &program, const QStringList &arguments)
{
    m_autostartProgram = program;
    m_autostartArguments = arguments;
}

QWidget *SettingsPage::buildGatewayCard()
{
    QVBoxLayout *body = nullptr;
    QFrame *frame = card(this, tr("Gateway"), &body);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(14);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_host = new QComboBox(frame);
    m_host->setEditable(true);
    m_host->addItem(tr("This computer only (127.0.0.1)"), kLoopback);
    m_host->addItem(tr("Every network interface (0.0.0.0)"), kEverywhere);
    m_host->setMinimumWidth(280);
    m_host->setAccessibleName(tr("Listen address"));
    form->addRow(tr("Listen on"), m_host);
    m_port = new QSpinBox(frame);
    m_port->setRange(1, 65535);
    m_port->setAccessibleName(tr("Port"));
    m_port->setMinimumWidth(110);
    form->addRow(tr("Port"), m_port);
    body->addLayout(form);
    m_addressMessage = hint(QString(), frame);
    body->addWidget(m_addressMessage);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    m_applyAddress = new QPushButton(tr("Apply and restart gateway"), frame);
    m_applyAddress->setObjectName(QStringLiteral("accentButton"));
    row->addWidget(m_applyAddress);
    body->addLayout(row);

    connect(m_host, &QComboBox::currentTextChanged, this, &SettingsPage::refreshAddressState);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsPage::refreshAddressState);
    connect(m_applyAddress, &QPushButton::clicked, this, &SettingsPage::applyAddress);
    return frame;
}

QWidget *SettingsPage::buildStartupCard()
{
    QVBoxLayout *body = nullptr;
    QFrame *frame = card(this, tr("Startup"), &body);
    m_startWithSystem = new QCheckBox(tr("Start LLMux when I log in"), frame);
    m_startWithSystem->setChecked(Autostart::isEnabled());
    m_startMinimized = new QCheckBox(tr("Start minimized to the tray"), frame);
    m_startMinimized->setChecked(DesktopPreferences(m_db).startMinimized());
    body->addWidget(m_startWithSystem);
    body->addWidget(m_startMinimized);
    body->addWidget(
        hint(tr("Closing the window keeps the gateway running in the tray; quit from the tray "
                "icon's menu."),
             frame));
    connect(m_startWithSystem, &QCheckBox::toggled, this, [this](bool on) {
        if (Status s = Autostart::setEnabled(on, m_autostartProgram, m_autostartArguments); !s) {
            showProblem(tr("Could not change starting with the system: %1").arg(s.error()));
            const QSignalBlocker block(m_startWithSystem);
            m_startWithSystem->setChecked(Autostart::isEnabled());
        }
    });
    connect(m_startMinimized, &QCheckBox::toggled, this, [this](bool on) {
        if (Status s = DesktopPreferences(m_db).setStartMinimized(on); !s)
            showProblem(s.error());
    });
    return frame;
}

QWidget *SettingsPage::buildAppearanceCard()
{
    QVBoxLayout *body = nullptr;
    QFrame *frame = card(this, tr("Appearance"), &body);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(14);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_language = new QComboBox(frame);
    m_language->setMinimumWidth(220);
    for (const Language::Choice &choice : Language::choices())
        m_language->addItem(choice.nativeName, choice.code);
    m_language->setCurrentIndex(qMax(0, m_language->findData(Language::current())));
    form->addRow(tr("Language"), m_language);
    m_theme = new QComboBox(frame);
    m_theme->setMinimumWidth(220);
    m_theme->addItem(tr("Same as the system"), Theme::toString(Theme::Mode::System));
    m_theme->addItem(tr("Light"), Theme::toString(Theme::Mode::Light));
    m_theme->addItem(tr("Dark"), Theme::toString(Theme::Mode::Dark));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(Theme::toString(Theme::currentMode()))));
    form->addRow(tr("Theme"), m_theme);
    body->addLayout(form);

    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        const QString code = m_language->currentData().toString();
        if (Status s = DesktopPreferences(m_db).setLanguage(code); !s) {
            showProblem(s.error());
            return;
        }
        Language::install(code);
        Q_EMIT languageChanged(code);
    });
    connect(m_theme, &QComboBox::currentIndexChanged, this, [this] {
        const Theme::Mode mode = Theme::modeFromString(m_theme->currentData().toString());
        if (Status s = DesktopPreferences(m_db).setTheme(mode); !s)
            showProblem(s.error());
        Theme::apply(mode);
    });
    return frame;
}

QWidget *SettingsPage::buildDataCard()
{
    QVBoxLayout *body = nullptr;
    QFrame *frame = card(this, tr("Data"), &body);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(14);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_retention = new QComboBox(frame);
    m_retention->setMinimumWidth(220);
    m_retention->addItem(tr("7 days"), 7);
    m_retention->addItem(tr("30 days"), 30);
    m_retention->addItem(tr("90 days"), 90);
    m_retention->addItem(tr("1 year"), 365);
    m_retention->addItem(tr("2 years"), 730);
    m_retention->addItem(tr("Forever"), 0);
    form->addRow(tr("Keep request logs"), m_retention);

    auto *folderRow = new QHBoxLayout;
    m_dataFolder = new QLabel(QDir::toNativeSeparators(m_dataDir), frame);
    m_dataFolder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataFolder->setWordWrap(true);
    m_dataFolder->setMinimumWidth(240);
    m_dataFolder->setToolTip(QDir::toNativeSeparators(m_dataDir));
    auto *open = new QPushButton(Icons::get(QStringLiteral("open")), tr("Open folder"), frame);
    folderRow->addWidget(m_dataFolder, 1);
    folderRow->addWidget(open);
    form->addRow(tr("Data folder"), folderRow);
    body->addLayout(form);
    body->addWidget(hint(
        tr("The folder holds the configuration database and the request log; provider keys are "
           "in the system keychain. To use another folder, start LLMux with --data-dir FOLDER or "
           "set LLMUX_DATA_DIR."),
        frame));
    connect(m_retention, &QComboBox::currentIndexChanged, this, &SettingsPage::applyRetention);
    connect(open, &QPushButton::clicked, this, [this] {
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_dataDir)))
            showProblem(tr("Could not open %1 in the file manager.")
                            .arg(QDir::toNativeSeparators(m_dataDir)));
    });
    return frame;
}

QWidget *SettingsPage::buildAdvancedCard()
{
    QVBoxLayout *body = nullptr;
    QFrame *frame = card(this, tr("Retries, circuit breakers and health checks"), &body);
    body->addWidget(
        hint(tr("Double-click a value to change it; changes apply to the next request. Bold "
                "values differ from the default."),
             frame));
    m_tuning = new TuningSettingsModel(m_db, this);
    m_tuningTable = new QTableView(frame);
    m_tuningTable->setModel(m_tuning);
    m_tuningTable->verticalHeader()->hide();
    m_tuningTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tuningTable->setWordWrap(true);
    m_tuningTable->setShowGrid(false);
    m_tuningTable->setAlternatingRowColors(true);
    m_tuningTable->horizontalHeader()->setSectionResizeMode(TuningSettingsModel::Setting,
                                                            QHeaderView::ResizeToContents);
    m_tuningTable->horizontalHeader()->setSectionResizeMode(TuningSettingsModel::Value,
                                                            QHeaderView::ResizeToContents);
    m_tuningTable->horizontalHeader()->setSectionResizeMode(TuningSettingsModel::Default,
                                                            QHeaderView::ResizeToContents);
    m_tuningTable->horizontalHeader()->setStretchLastSection(true);
    m_tuningTable->setMinimumHeight(260);
    body->addWidget(m_tuningTable);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    auto *reset = new QPushButton(tr("Restore defaults"), frame);
    row->addWidget(reset);
    body->addLayout(row);
    connect(m_tuning, &TuningSettingsModel::problem, this, &SettingsPage::showProblem);
    connect(reset, &QPushButton::clicked, m_tuning, &TuningSettingsModel::resetAll);
    return frame;
}

void SettingsPage::loadAddress()
{
    const SettingsRepository settings(m_db);
    const QString host = ListenSettings::storedHost(settings);
    const QSignalBlocker blockHost(m_host);
    const QSignalBlocker blockPort(m_port);
    const int known = m_host->findData(host);
    if (known >= 0)
        m_host->setCurrentIndex(known);
    else
        m_host->setEditText(host);
    const auto port = ListenSettings::parsePort(ListenSettings::storedPort(settings));
    m_port->setValue(port && *port > 0 ? *port : ListenSettings::kDefaultPort);
    refreshAddressState();
}

// The address in the combo: a known entry's address, or what the user typed.
static QString enteredHost(const QComboBox *combo)
{
    const int index = combo->findText(combo->currentText());
    return index >= 0 ? combo->itemData(index).toString() : combo->currentText().trimmed();
}

void SettingsPage::refreshAddressState()
{
    const SettingsRepository settings(m_db);
    const QString host = enteredHost(m_host);
    const bool changed = host != ListenSettings::storedHost(settings) ||
                         QString::number(m_port->value()) != ListenSettings::storedPort(settings);
    const auto address = ListenSettings::parseHost(host);
    m_applyAddress->setEnabled(changed && address.ok());
    if (!address) {
        m_addressMessage->setText(tr("Enter an IP address such as 127.0.0.1, ::1 or 0.0.0.0."));
    } else if (!address->isLoopback()) {
        m_addressMessage->setText(
            tr("Other computers on your network can reach LLMux at this address. Every request "
               "still needs a gateway key."));
    } else if (m_gateway && m_gateway->isRunning()) {
        m_addressMessage->setText(tr("Serving at %1").arg(m_gateway->baseUrl()));
    } else if (m_gateway) {
        m_addressMessage->setText(
            tr("The gateway is stopped; it listens here once it is started."));
    } else {
        m_addressMessage->setText(tr("Only programs on this computer can reach LLMux."));
    }
}

void SettingsPage::applyAddress()
{
    const QString host = enteredHost(m_host);
    const QString port = QString::number(m_port->value());
    const auto address = ListenSettings::parseHost(host);
    if (!address)
        return; // the button is disabled then
    // A running gateway keeps serving where it is until the new address is bound; only an
    // address it could take is stored. A paused one listens there when resumed.
    if (m_gateway && m_gateway->isRunning()) {
        if (Status moved = m_gateway->moveTo(*address, quint16(m_port->value())); !moved) {
            showProblem(tr("LLMux cannot listen on %1 port %2: another program (or another "
                           "LLMux) is using it, or the address does not belong to this computer. "
                           "It keeps serving at %3. Choose another port, or close the program "
                           "that uses this one.")
                            .arg(host, port, m_gateway->baseUrl()));
            refreshAddressState();
            return;
        }
    }
    SettingsRepository settings(m_db);
    if (Status s = ListenSettings::save(settings, host, port); !s) {
        showProblem(s.error());
        return;
    }
    m_problem->hide();
    refreshAddressState();
}

void SettingsPage::loadRetention()
{
    const int days = TuningSettings::value(
        SettingsRepository(m_db), *TuningSettings::find(QStringLiteral("log.retention_days")));
    const QSignalBlocker block(m_retention);
    int index = m_retention->findData(days);
    if (index < 0) {
        // A value set with `llmux settings` that the list does not offer.
        m_retention->addItem(tr("%n day(s)", nullptr, days), days);
        index = m_retention->count() - 1;
    }
    m_retention->setCurrentIndex(index);
}

void SettingsPage::applyRetention()
{
    SettingsRepository settings(m_db);
    if (Status s = TuningSettings::set(settings, QStringLiteral("log.retention_days"),
                                       QString::number(m_retention->currentData().toInt()));
        !s)
        showProblem(s.error());
}

void SettingsPage::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

} // namespace llmux
