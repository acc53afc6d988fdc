#include "ui/dashboard/DashboardPage.h"

#include "core/gateway/Gateway.h"
#include "core/limits/Governance.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/common/GovernanceText.h"
#include "ui/common/StatusTone.h"
#include "ui/common/UsageBreakdownModel.h"
#include "ui/common/UsageCharts.h"
#include "ui/common/UsageLoader.h"
#include "ui/dashboard/GettingStartedCard.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/theme/CopyFeedback.h"
#include "ui/theme/NumberCards.h"

#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <optional>

namespace llmux {
namespace {

// New usage refreshes the cards and the chart at most this often.
constexpr int kRefreshThrottleMs = 2000;
constexpr qint64 kMinuteMs = 60 * 1000;

QString formatLatency(double ms)
{
    const QLocale locale;
    if (ms < 1000)
        return DashboardPage::tr("%1 ms").arg(locale.toString(ms, 'f', 0));
    return DashboardPage::tr("%1 s").arg(locale.toString(ms / 1000, 'f', 1));
}

} // namespace

DashboardPage::DashboardPage(Gateway *gateway, RecentRequestsModel *recent, const Database *db,
                             QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
{
    setObjectName(QStringLiteral("dashboardPage"));
    setWindowTitle(tr("Dashboard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(16);

    auto *card = new QWidget(this);
    card->setObjectName(QStringLiteral("statusCard"));
    auto *cardLayout = new QHBoxLayout(card);
    cardLayout->setContentsMargins(18, 14, 18, 14);
    auto *texts = new QVBoxLayout();
    m_state = new QLabel(card);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_state->setTextFormat(Qt::RichText);
    m_address = new QLabel(card);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem = new QLabel(card);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    texts->addWidget(m_state);
    texts->addWidget(m_address);
    texts->addWidget(m_problem);
    cardLayout->addLayout(texts, 1);
    m_copy = new QPushButton(tr("Copy base URL"), card);
    m_toggle = new QPushButton(card);
    m_toggle->setObjectName(QStringLiteral("accentButton"));
    cardLayout->addWidget(m_copy);
    cardLayout->addWidget(m_toggle);
    layout->addWidget(card);
    if (db) {
        m_db = db;
        m_recent = recent;
        m_gettingStarted = new GettingStartedCard(this);
        connect(m_gettingStarted, &GettingStartedCard::pageRequested, this,
                &DashboardPage::pageRequested);
        layout->addWidget(m_gettingStarted);
        connect(recent, &QAbstractItemModel::rowsInserted, this,
                &DashboardPage::refreshGettingStarted);
        if (gateway)
            connect(gateway, &Gateway::configReloaded, this, &DashboardPage::refreshGettingStarted);
        refreshGettingStarted();
    }
    if (db)
        layout->addWidget(buildUsage(*db), 3);

    auto *heading = new QLabel(tr("Recent requests"), this);
    heading->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(heading);
    m_table = new QTableView(this);
    m_table->setModel(recent);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Fit the columns to the first rows that arrive; after that the user's widths stay.
    connect(recent, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_columnsFitted) {
            m_columnsFitted = true;
            m_table->resizeColumnsToContents();
            m_table->horizontalHeader()->setStretchLastSection(true);
        }
    });
    m_table->setMinimumHeight(120);
    layout->addWidget(m_table, 2);

    connect(m_copy, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copy, m_gateway->baseUrl()); });
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        if (m_gateway->isRunning())
            Q_EMIT stopRequested();
        else
            Q_EMIT startRequested();
    });
    connect(gateway, &Gateway::stateChanged, this, &DashboardPage::refreshState);
    connect(gateway, &Gateway::ready, this, &DashboardPage::refreshState);
    connect(gateway, &Gateway::problem, this, &DashboardPage::showProblem);
    refreshState();
    if (m_loader) {
        connect(
            gateway->requestLogWriter(), &RequestLogWriter::written, this,
            [this] {
                if (!m_refreshTimer->isActive())
                    m_refreshTimer->start(kRefreshThrottleMs);
            },
            Qt::QueuedConnection);
        reloadUsage();
    }
}

QWidget *DashboardPage::buildUsage(const Database &db)
{
    m_loader = new UsageLoader(db, this);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            reloadUsage();
        else
            m_stale = true;
    });
    // The last hour moves on even without new requests.
    auto *minute = new QTimer(this);
    minute->start(kMinuteMs);
    connect(minute, &QTimer::timeout, this, [this] {
        if (!m_refreshTimer->isActive())
            m_refreshTimer->start(0);
    });

    auto *usage = new QWidget(this);
    auto *layout = new QVBoxLayout(usage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    m_cards = new NumberCards({tr("Requests today"), tr("Success rate"), tr("Median latency"),
                               tr("Tokens today"), tr("Cost today")},
                              usage);
    layout->addWidget(m_cards);
    m_usageProblem = new QLabel(usage);
    m_usageProblem->setObjectName(QStringLiteral("problemLabel"));
    m_usageProblem->setWordWrap(true);
    m_usageProblem->hide();
    layout->addWidget(m_usageProblem);
    m_nearestBudget = new QLabel(usage);
    m_nearestBudget->setObjectName(QStringLiteral("nearestBudgetLabel"));
    m_nearestBudget->setWordWrap(true);
    m_nearestBudget->hide();
    layout->addWidget(m_nearestBudget);
    connect(m_gateway, &Gateway::configReloaded, this, &DashboardPage::refreshNearestBudget);

    auto *row = new QHBoxLayout();
    row->setSpacing(12);
    auto *live = new QVBoxLayout();
    live->setSpacing(6);
    auto *liveHeading = new QLabel(tr("Last hour"), usage);
    liveHeading->setObjectName(QStringLiteral("sectionHeading"));
    auto *liveCard = new QFrame(usage);
    liveCard->setObjectName(QStringLiteral("statusCard"));
    auto *liveLayout = new QVBoxLayout(liveCard);
    liveLayout->setContentsMargins(4, 4, 4, 4);
    m_liveView = UsageCharts::chartView(180, liveCard);
    liveLayout->addWidget(m_liveView);
    live->addWidget(liveHeading);
    live->addWidget(liveCard, 1);
    row->addLayout(live, 3);

    auto *top = new QVBoxLayout();
    top->setSpacing(6);
    auto *topHeading = new QLabel(tr("Top models today"), usage);
    topHeading->setObjectName(QStringLiteral("sectionHeading"));
    m_topModels = new UsageBreakdownModel(this);
    auto *topStack = new QStackedWidget(usage);
    auto *topEmpty = new QLabel(tr("No requests today yet."), topStack);
    topEmpty->setObjectName(QStringLiteral("emptyState"));
    topEmpty->setAlignment(Qt::AlignCenter);
    topEmpty->setWordWrap(true);
    auto *topView = new QTableView(topStack);
    topView->setObjectName(QStringLiteral("topModelsTable"));
    topView->setModel(m_topModels);
    topView->verticalHeader()->hide();
    topView->setSelectionMode(QAbstractItemView::NoSelection);
    topView->setShowGrid(false);
    topView->setWordWrap(false);
    topView->setColumnHidden(UsageBreakdownModel::Share, true);
    topView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    topView->horizontalHeader()->setSectionResizeMode(UsageBreakdownModel::Name,
                                                      QHeaderView::Stretch);
    topStack->addWidget(topEmpty);
    topStack->addWidget(topView);
    connect(m_topModels, &QAbstractItemModel::modelReset, topStack,
            [this, topStack, topView, topEmpty] {
                topStack->setCurrentWidget(
                    m_topModels->rowCount() > 0 ? static_cast<QWidget *>(topView) : topEmpty);
            });
    top->addWidget(topHeading);
    top->addWidget(topStack, 1);
    row->addLayout(top, 2);
    layout->addLayout(row, 1);
    return usage;
}

void DashboardPage::reloadUsage()
{
    if (!m_loader)
        return;
    m_stale = false;
    m_refreshTimer->stop();
    const QDate today = QDate::currentDate();
    const qint64 dayStart = today.startOfDay().toMSecsSinceEpoch();
    const qint64 dayEnd = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    // Sixty whole minutes, the current one last.
    const qint64 hourEnd = (QDateTime::currentMSecsSinceEpoch() / kMinuteMs + 1) * kMinuteMs;
    m_loader->run([this, dayStart, dayEnd, hourEnd](const Database &db) -> UsageLoader::Apply {
        const UsageQuery query(db);
        Snapshot snapshot;
        const auto today = query.totals(dayStart, dayEnd);
        const auto lastHour = query.series(hourEnd - 60 * kMinuteMs, hourEnd, kMinuteMs);
        const auto models = query.breakdown(dayStart, dayEnd, UsageDimension::Model);
        for (const Status &s : {today.status(), lastHour.status(), models.status()})
            if (!s.ok() && snapshot.problem.isEmpty())
                snapshot.problem = s.error();
        if (snapshot.problem.isEmpty()) {
            snapshot.today = *today;
            snapshot.lastHour = *lastHour;
            snapshot.models = *models;
        }
        return [this, snapshot] { showUsage(snapshot); };
    });
}

void DashboardPage::showUsage(const Snapshot &snapshot)
{
    if (!snapshot.problem.isEmpty()) {
        m_usageProblem->setText(
            tr("Cannot read today's usage: %1 It is tried again with the next request.")
                .arg(snapshot.problem));
        m_usageProblem->show();
        Q_EMIT usageLoaded();
        return;
    }
    m_usageProblem->hide();
    m_loaded = true;
    const QLocale locale;
    const UsageTotals &t = snapshot.today;
    const QString none = QStringLiteral("–");
    m_cards->setValue(RequestsToday, locale.toString(t.requests));
    m_cards->setValue(
        SuccessRate,
        t.requests ? QString(locale.toString(100 * (1 - t.errorRate()), 'f', 1) + QLatin1Char('%'))
                   : none);
    m_cards->setValue(MedianLatency, t.requests ? formatLatency(t.medianLatencyMs) : none);
    m_cards->setValue(
        TokensToday, NumberCards::compactCount(t.tokens()),
        tr("%1 in, %2 out")
            .arg(locale.toString(t.promptTokens), locale.toString(t.completionTokens)));
    m_cards->setValue(CostToday, UsageBreakdownModel::formatCost(t.cost));
    m_lastHour = snapshot.lastHour;
    UsageCharts::showChart(
        m_liveView,
        UsageCharts::liveChart(m_lastHour,
                               UsageCharts::bucketLabels(m_lastHour, Granularity::Hour, false, 6)),
        palette());
    m_topModels->setSlices(snapshot.models, UsageDimension::Model, kTopModels);
    refreshNearestBudget();
    Q_EMIT usageLoaded();
}

QString DashboardPage::nearestBudgetText() const
{
    return m_nearestBudget && !m_nearestBudget->isHidden() ? m_nearestBudget->text() : QString();
}

void DashboardPage::refreshNearestBudget()
{
    if (!m_nearestBudget)
        return;
    const GatewayConfigPtr config = m_gateway->currentConfig();
    const QDateTime now = QDateTime::currentDateTime();
    std::optional<Budget> nearest;
    double nearestUsed = -1;
    double nearestSpent = 0;
    if (config)
        for (const Budget &b : config->budgets) {
            const double spent = m_gateway->governance().budgets.spent(b, now);
            const double used = b.amount > 0 ? spent / b.amount : 0;
            if (used > nearestUsed) {
                nearest = b;
                nearestUsed = used;
                nearestSpent = spent;
            }
        }
    if (!nearest) {
        m_nearestBudget->hide();
        return;
    }
    const StatusTone tone = nearestUsed >= 1     ? StatusTone::Bad
                            : nearestUsed >= 0.8 ? StatusTone::Warning
                                                 : StatusTone::Good;
    m_nearestBudget->setText(tr("Nearest budget: %1, %2 of %3 (%4%)")
                                 .arg(GovernanceText::subjectOf(*nearest),
                                      GovernanceText::value(*nearest, nearestSpent),
                                      GovernanceText::amountOf(*nearest),
                                      QLocale().toString(100 * nearestUsed, 'f', 0)));
    m_nearestBudget->setStyleSheet(QStringLiteral("color: %1").arg(toneBrush(tone).color().name()));
    m_nearestBudget->show();
}

bool DashboardPage::isBusy() const
{
    return m_loader && m_loader->isBusy();
}

QString DashboardPage::cardText(Card card) const
{
    return m_cards ? m_cards->value(card) : QString();
}

void DashboardPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_liveView)
        UsageCharts::styleChart(m_liveView->chart(), ChartColors::fromPalette(palette()));
}

void DashboardPage::refreshGettingStarted()
{
    // Once every step is done the card stays away: no more queries per logged request.
    if (!m_gettingStarted || m_gettingStarted->allDone())
        return;
    // Configuration rows only (a handful); the request log is not read here.
    const auto providers = ProviderRepository(*m_db).list();
    const auto keys = GatewayKeyRepository(*m_db).list(false);
    m_gettingStarted->setDone(GettingStartedCard::AddProvider,
                              providers.ok() && !providers->isEmpty());
    m_gettingStarted->setDone(GettingStartedCard::ConnectClient, keys.ok() && !keys->isEmpty());
    m_gettingStarted->setDone(GettingStartedCard::FirstRequest, m_recent->rowCount() > 0);
    m_gettingStarted->setVisible(!m_gettingStarted->allDone());
}

void DashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshGettingStarted();
    if (m_stale)
        reloadUsage();
}

QString DashboardPage::stateText() const
{
    return m_stateText;
}

void DashboardPage::showState(const QString &text, StatusTone tone)
{
    // The leading dot carries the state's colour; the words keep the text colour.
    m_stateText = text;
    m_state->setText(QStringLiteral("<span style=\"color:%1\">%2</span>%3")
                         .arg(toneBrush(tone).color().name(), text.left(1).toHtmlEscaped(),
                              text.mid(1).toHtmlEscaped()));
    m_state->setProperty("tone", int(tone));
}

QString DashboardPage::addressText() const
{
    return m_address->text();
}

void DashboardPage::refreshState()
{
    const bool running = m_gateway->isRunning();
    if (running && m_gateway->isReady())
        showState(tr("● Running"), StatusTone::Good);
    else if (running)
        showState(tr("● Starting…"), StatusTone::Warning);
    else
        showState(tr("○ Stopped"), StatusTone::Neutral);
    m_address->setText(running ? tr("Base URL: %1").arg(m_gateway->baseUrl())
                               : tr("The gateway is not listening."));
    m_copy->setEnabled(running);
    m_toggle->setText(running ? tr("Stop gateway") : tr("Start gateway"));
    if (running)
        m_problem->hide();
}

void DashboardPage::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

} // namespace llmux
