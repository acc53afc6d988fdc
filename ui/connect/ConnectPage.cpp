#include "ui/connect/ConnectPage.h"

#include "core/config/ListenSettings.h"
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/RequestLogRepository.h"
#include "ui/common/ModelPicker.h"
#include "ui/common/UsageLoader.h"
#include "ui/connect/AgentSetupCard.h"
#include "ui/theme/CopyFeedback.h"
#include "ui/theme/PageHeader.h"

#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QVBoxLayout>

namespace llmux {
namespace {

// How far back the page looks for the model clients used last.
constexpr int kRecentRequests = 500;

QLabel *sectionHeading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("sectionHeading"));
    return label;
}

QWidget *card(QWidget *parent)
{
    auto *widget = new QWidget(parent);
    widget->setObjectName(QStringLiteral("statusCard"));
    return widget;
}

} // namespace

ConnectPage::ConnectPage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_db(db)
    , m_loader(new UsageLoader(db, this))
{
    setObjectName(QStringLiteral("connectPage"));
    setWindowTitle(tr("Connect"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    layout->addWidget(new PageHeader(
        tr("Connect"),
        tr("Point a client at LLMux: create a key for it, pick a model, paste the settings."),
        this));

    layout->addWidget(buildAddressCard());
    layout->addWidget(sectionHeading(tr("Key and model"), this));
    layout->addWidget(buildKeyCard());
    layout->addWidget(sectionHeading(tr("Coding agents, in one click"), this));
    m_agents = new AgentSetupCard(
        db, QDir::homePath(),
        [this] {
            QString root = m_gateway->isRunning() ? m_gateway->baseUrl() : QString();
            if (root.endsWith(QLatin1String("/v1")))
                root.chop(3);
            return root;
        },
        [this] { return m_model->currentText(); }, this);
    layout->addWidget(m_agents);
    layout->addWidget(sectionHeading(tr("Client settings"), this));
    layout->addWidget(buildClientCard(), 1);

    connect(gateway, &Gateway::stateChanged, this, [this] {
        refreshState();
        refreshModels();
    });
    connect(gateway, &Gateway::ready, this, [this] {
        refreshState();
        refreshModels();
    });
    connect(gateway, &Gateway::configReloaded, this, &ConnectPage::refreshModels);
    refreshState();
    refreshModels();
    refreshSnippet();
}

QWidget *ConnectPage::buildAddressCard()
{
    QWidget *address = card(this);
    auto *row = new QHBoxLayout(address);
    row->setContentsMargins(18, 14, 18, 14);
    auto *texts = new QVBoxLayout();
    m_state = new QLabel(address);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_baseUrl = new QLabel(address);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlLabel"));
    m_baseUrl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_baseUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    texts->addWidget(m_state);
    texts->addWidget(m_baseUrl);
    row->addLayout(texts, 1);
    m_copyBaseUrl = new QPushButton(tr("Copy base URL"), address);
    row->addWidget(m_copyBaseUrl, 0, Qt::AlignVCenter);
    connect(m_copyBaseUrl, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copyBaseUrl, currentBaseUrl()); });
    return address;
}

QWidget *ConnectPage::buildKeyCard()
{
    QWidget *keys = card(this);
    auto *column = new QVBoxLayout(keys);
    column->setContentsMargins(18, 14, 18, 14);
    column->setSpacing(8);

    auto *createRow = new QHBoxLayout();
    createRow->addWidget(new QLabel(tr("Name"), keys));
    m_keyName =
        new QLineEdit(ClientSnippets::clientName(ClientSnippets::Client::CherryStudio), keys);
    m_keyName->setObjectName(QStringLiteral("keyNameEdit"));
    m_keyName->setToolTip(tr("Shown in the request log and in “llmux key list”"));
    createRow->addWidget(m_keyName, 1);
    m_createKey = new QPushButton(tr("Create a key for this client"), keys);
    m_createKey->setObjectName(QStringLiteral("accentButton"));
    createRow->addWidget(m_createKey);
    createRow->addSpacing(16);
    createRow->addWidget(new QLabel(tr("Model"), keys));
    m_model = new ModelPicker(keys);
    m_model->setMinimumContentsLength(18);
    m_model->setPlaceholderText(tr("No models yet"));
    m_model->setToolTip(tr("Public model names and routes; add them on the Models page."));
    createRow->addWidget(m_model);
    column->addLayout(createRow);

    m_keyShown = new QWidget(keys);
    auto *shown = new QVBoxLayout(m_keyShown);
    shown->setContentsMargins(0, 0, 0, 0);
    auto *keyRow = new QHBoxLayout();
    m_createdKey = new QLineEdit(m_keyShown);
    m_createdKey->setObjectName(QStringLiteral("createdKeyEdit"));
    m_createdKey->setReadOnly(true);
    m_createdKey->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    keyRow->addWidget(m_createdKey, 1);
    m_copyKey = new QPushButton(tr("Copy key"), m_keyShown);
    keyRow->addWidget(m_copyKey);
    shown->addLayout(keyRow);
    auto *warning = new QLabel(tr("Copy this key now: LLMux keeps only its hash and cannot show it "
                                  "again. The settings below already contain it."),
                               m_keyShown);
    warning->setObjectName(QStringLiteral("problemLabel"));
    warning->setWordWrap(true);
    shown->addWidget(warning);
    m_keyShown->hide();
    column->addWidget(m_keyShown);

    m_keyProblem = new QLabel(keys);
    m_keyProblem->setObjectName(QStringLiteral("problemLabel"));
    m_keyProblem->setWordWrap(true);
    m_keyProblem->hide();
    column->addWidget(m_keyProblem);

    connect(m_createKey, &QPushButton::clicked, this, &ConnectPage::createKey);
    connect(m_keyName, &QLineEdit::returnPressed, this, &ConnectPage::createKey);
    connect(m_copyKey, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copyKey, m_createdKey->text()); });
    connect(m_model, &QComboBox::currentIndexChanged, this, &ConnectPage::refreshSnippet);
    connect(m_model, &QComboBox::activated, this, [this] { m_modelChosen = true; });
    return keys;
}

QWidget *ConnectPage::buildClientCard()
{
    QWidget *clients = new QWidget(this);
    auto *column = new QVBoxLayout(clients);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(8);
    m_clients = new QTabBar(clients);
    m_clients->setObjectName(QStringLiteral("clientTabs"));
    m_clients->setExpanding(false);
    m_clients->setDrawBase(false);
    for (ClientSnippets::Client client : ClientSnippets::clients())
        m_clients->setTabData(m_clients->addTab(ClientSnippets::clientName(client)), int(client));
    column->addWidget(m_clients);

    m_note = new QLabel(clients);
    m_note->setObjectName(QStringLiteral("pageSummary"));
    m_note->setWordWrap(true);
    column->addWidget(m_note);

    m_snippet = new QPlainTextEdit(clients);
    m_snippet->setObjectName(QStringLiteral("snippetEdit"));
    m_snippet->setReadOnly(true);
    m_snippet->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_snippet->setMinimumHeight(120);
    column->addWidget(m_snippet, 1);

    auto *buttons = new QHBoxLayout();
    buttons->addStretch(1);
    m_copySnippet = new QPushButton(tr("Copy settings"), clients);
    m_copySnippet->setObjectName(QStringLiteral("accentButton"));
    buttons->addWidget(m_copySnippet);
    column->addLayout(buttons);

    connect(m_copySnippet, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copySnippet, m_snippet->toPlainText()); });
    connect(m_clients, &QTabBar::currentChanged, this, [this](int index) {
        // A name still naming a client follows the tab, so the key is named after its client.
        const QString name = m_keyName->text().trimmed();
        for (ClientSnippets::Client client : ClientSnippets::clients())
            if (name.isEmpty() || name == ClientSnippets::clientName(client)) {
                m_keyName->setText(ClientSnippets::clientName(
                    ClientSnippets::Client(m_clients->tabData(index).toInt())));
                break;
            }
        refreshSnippet();
    });
    return clients;
}

void ConnectPage::showClient(ClientSnippets::Client client)
{
    for (int i = 0; i < m_clients->count(); ++i)
        if (m_clients->tabData(i).toInt() == int(client))
            m_clients->setCurrentIndex(i);
}

QVariantMap ConnectPage::saveSession() const
{
    return {{QStringLiteral("keyName"), m_keyName->text()},
            {QStringLiteral("createdKey"), m_createdKey->text()},
            {QStringLiteral("model"), m_model->currentText()},
            {QStringLiteral("client"), m_clients->tabData(m_clients->currentIndex())}};
}

void ConnectPage::restoreSession(const QVariantMap &state)
{
    m_keyName->setText(state.value(QStringLiteral("keyName")).toString());
    const QString key = state.value(QStringLiteral("createdKey")).toString();
    m_createdKey->setText(key);
    m_keyShown->setVisible(!key.isEmpty());
    const int model = m_model->findText(state.value(QStringLiteral("model")).toString());
    if (model >= 0) {
        m_model->setCurrentIndex(model);
        m_modelChosen = true;
    }
    if (state.contains(QStringLiteral("client")))
        showClient(ClientSnippets::Client(state.value(QStringLiteral("client")).toInt()));
    refreshSnippet();
}

void ConnectPage::createKey()
{
    GatewayKeyRecord record;
    record.name = m_keyName->text().trimmed();
    if (record.name.isEmpty()) {
        m_keyProblem->setText(tr("A key needs a name, e.g. the client it is for."));
        m_keyProblem->show();
        return;
    }
    const auto issued = GatewayKeyIssuer::issue(m_db, record);
    if (!issued) {
        m_keyProblem->setText(issued.error());
        m_keyProblem->show();
        return;
    }
    m_keyProblem->hide();
    m_createdKey->setText(issued->key);
    m_keyShown->show();
    refreshSnippet();
}

QString ConnectPage::currentBaseUrl() const
{
    if (!m_lastBaseUrl.isEmpty())
        return m_lastBaseUrl;
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(ListenSettings::kDefaultPort);
}

void ConnectPage::refreshState()
{
    if (m_agents)
        m_agents->refresh();
    const bool running = m_gateway->isRunning();
    if (running)
        m_lastBaseUrl = m_gateway->baseUrl();
    if (running && m_gateway->isReady())
        m_state->setText(tr("● Running"));
    else if (running)
        m_state->setText(tr("● Starting…"));
    else
        m_state->setText(tr("○ Stopped: clients reach LLMux once it runs"));
    m_baseUrl->setText(tr("Base URL: %1").arg(currentBaseUrl()));
    refreshSnippet();
}

void ConnectPage::refreshModels()
{
    if (!m_model->refresh(*m_gateway))
        return;
    m_agents->refresh();
    refreshSnippet();
    if (!m_modelChosen && m_model->count() > 0)
        preferRecentlyUsedModel();
}

void ConnectPage::preferRecentlyUsedModel()
{
    m_loader->run([this](const Database &db) -> UsageLoader::Apply {
        QStringList answered; // newest first
        if (const auto recent = RequestLogRepository(db).recent(kRecentRequests))
            for (const RequestLogEntry &e : *recent)
                if (e.status >= 200 && e.status < 300 && !e.modelRequested.isEmpty())
                    answered << e.modelRequested;
        return [this, answered] {
            if (m_modelChosen)
                return;
            for (const QString &name : answered) {
                if (const int index = m_model->findText(name); index >= 0) {
                    m_model->setCurrentIndex(index);
                    refreshSnippet();
                    return;
                }
            }
        };
    });
}

void ConnectPage::refreshSnippet()
{
    if (!m_snippet)
        return;
    const auto client =
        ClientSnippets::Client(m_clients->tabData(m_clients->currentIndex()).toInt());
    const ClientSnippets snippets(currentBaseUrl(), m_createdKey->text(), m_model->currentText());
    m_note->setText(snippets.note(client));
    m_snippet->setPlainText(snippets.text(client));
}

} // namespace llmux
