#include "ui/usage/UsagePage.h"

#include "core/gateway/Gateway.h"
#include "core/store/UsageQuery.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/common/UsageBreakdownModel.h"
#include "ui/common/UsageCharts.h"
#include "ui/common/UsageLoader.h"
#include "ui/theme/Icons.h"
#include "ui/theme/NumberCards.h"
#include "ui/theme/PageHeader.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace llmux {
namespace {

// New usage refreshes the page at most this often.
constexpr int kRefreshThrottleMs = 3000;
constexpr int kChartHeight = 220;

} // namespace

UsagePage::UsagePage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_loader(new UsageLoader(db, this))
    , m_breakdownModel(new UsageBreakdownModel(this))
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("usagePage"));
    setWindowTitle(tr("Usage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *header = new PageHeader(
        tr("Usage"), tr("Tokens, requests and cost of the requests sent through LLMux."), this);
    m_summary = header->summaryLabel();
    m_busy = new QLabel(tr("Loading…"), this);
    m_busy->setObjectName(QStringLiteral("hintLabel"));
    m_busy->hide();
    m_csvButton = new QPushButton(Icons::get(QStringLiteral("export")), tr("Export CSV…"), this);
    m_pdfButton = new QPushButton(Icons::get(QStringLiteral("export")), tr("Export PDF…"), this);
    m_csvButton->setEnabled(false);
    m_pdfButton->setEnabled(false);
    header->addControl(m_busy);
    header->addControl(m_csvButton);
    header->addControl(m_pdfButton);
    layout->addWidget(header);
    layout->addWidget(buildControls());

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    layout->addWidget(m_problem);
    m_priceHint = new QLabel(this);
    m_priceHint->setObjectName(QStringLiteral("hintLabel"));
    m_priceHint->setWordWrap(true);
    m_priceHint->hide();
    layout->addWidget(m_priceHint);
    m_exportNote = new QLabel(this);
    m_exportNote->setObjectName(QStringLiteral("hintLabel"));
    m_exportNote->setWordWrap(true);
    m_exportNote->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_exportNote->setOpenExternalLinks(true);
    m_exportNote->hide();
    layout->addWidget(m_exportNote);

    m_stack = new QStackedWidget(this);
    m_empty =
        new QLabel(tr("No usage yet. Send a request through LLMux and it shows up here."), m_stack);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_content = buildContent();
    m_stack->addWidget(m_content);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    connect(m_loader, &UsageLoader::busyChanged, m_busy, &QLabel::setVisible);
    connect(m_csvButton, &QPushButton::clicked, this, &UsagePage::chooseCsvPath);
    connect(m_pdfButton, &QPushButton::clicked, this, &UsagePage::choosePdfPath);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshThrottleMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refreshForNewUsage();
        else
            m_stale = true;
    });
    if (gateway)
        connect(gateway->requestLogWriter(), &RequestLogWriter::written, this,
                &UsagePage::usageWritten, Qt::QueuedConnection);

    setPreset(Last7Days);
}

QWidget *UsagePage::buildControls()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    m_preset = new QComboBox(bar);
    m_preset->setAccessibleName(tr("Range"));
    m_preset->addItem(tr("Today"), Today);
    m_preset->addItem(tr("Last 7 days"), Last7Days);
    m_preset->addItem(tr("Last 30 days"), Last30Days);
    m_preset->addItem(tr("This month"), ThisMonth);
    m_preset->addItem(tr("Custom range"), Custom);
    m_from = new QDateEdit(bar);
    m_to = new QDateEdit(bar);
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    m_from->setAccessibleName(tr("From"));
    m_to->setAccessibleName(tr("To"));
    m_granularity = new QComboBox(bar);
    m_granularity->setAccessibleName(tr("Granularity"));
    m_granularity->addItem(tr("By hour"), int(Granularity::Hour));
    m_granularity->addItem(tr("By day"), int(Granularity::Day));
    m_granularity->addItem(tr("By week"), int(Granularity::Week));
    m_granularity->addItem(tr("By month"), int(Granularity::Month));

    row->addWidget(m_preset);
    row->addWidget(m_from);
    row->addWidget(new QLabel(tr("to"), bar));
    row->addWidget(m_to);
    row->addSpacing(8);
    row->addWidget(m_granularity);
    row->addStretch(1);

    connect(m_preset, &QComboBox::activated, this, &UsagePage::presetChosen);
    connect(m_from, &QDateEdit::dateChanged, this, &UsagePage::datesEdited);
    connect(m_to, &QDateEdit::dateChanged, this, &UsagePage::datesEdited);
    connect(m_granularity, &QComboBox::activated, this, [this] { reload(); });
    return bar;
}

QWidget *UsagePage::buildContent()
{
    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scroll);
    content->setObjectName(QStringLiteral("usageContent"));
    content->setAutoFillBackground(false);
    scroll->viewport()->setAutoFillBackground(false);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);

    m_cards = new NumberCards(
        {tr("Requests"), tr("Tokens in"), tr("Tokens out"), tr("Cost"), tr("Error rate")}, content);
    layout->addWidget(m_cards);

    auto *overTime = new QLabel(tr("Over time"), content);
    overTime->setObjectName(QStringLiteral("sectionHeading"));
    layout->addWidget(overTime);
    auto *tabs = new QTabWidget(content);
    tabs->setDocumentMode(false);
    m_tokensView = UsageCharts::chartView(kChartHeight, tabs);
    m_requestsView = UsageCharts::chartView(kChartHeight, tabs);
    m_costView = UsageCharts::chartView(kChartHeight, tabs);
    tabs->addTab(m_tokensView, tr("Tokens"));
    tabs->addTab(m_requestsView, tr("Requests"));
    tabs->addTab(m_costView, tr("Cost"));
    tabs->setMinimumHeight(280);
    layout->addWidget(tabs, 2);

    auto *breakdownHeader = new QHBoxLayout();
    auto *breakdownHeading = new QLabel(tr("Breakdown"), content);
    breakdownHeading->setObjectName(QStringLiteral("sectionHeading"));
    m_dimension = new QComboBox(content);
    m_dimension->setAccessibleName(tr("Break down by"));
    m_dimension->addItem(tr("By model"), int(UsageDimension::Model));
    m_dimension->addItem(tr("By provider"), int(UsageDimension::Provider));
    m_dimension->addItem(tr("By key"), int(UsageDimension::Key));
    connect(m_dimension, &QComboBox::activated, this, [this] { reload(); });
    breakdownHeader->addWidget(breakdownHeading);
    breakdownHeader->addStretch(1);
    breakdownHeader->addWidget(m_dimension);
    layout->addLayout(breakdownHeader);

    auto *breakdown = new QHBoxLayout();
    breakdown->setSpacing(12);
    m_breakdownView = new QTableView(content);
    m_breakdownView->setObjectName(QStringLiteral("usageBreakdownTable"));
    m_breakdownView->setModel(m_breakdownModel);
    m_breakdownView->verticalHeader()->hide();
    m_breakdownView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_breakdownView->setAlternatingRowColors(true);
    m_breakdownView->setShowGrid(false);
    m_breakdownView->setWordWrap(false);
    m_breakdownView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_breakdownView->horizontalHeader()->setSectionResizeMode(UsageBreakdownModel::Name,
                                                              QHeaderView::Stretch);
    m_breakdownView->setMinimumHeight(200);
    auto *pieCard = new QFrame(content);
    pieCard->setObjectName(QStringLiteral("statusCard"));
    auto *pieLayout = new QVBoxLayout(pieCard);
    pieLayout->setContentsMargins(4, 4, 4, 4);
    m_breakdownChartView = UsageCharts::chartView(kChartHeight, pieCard);
    pieLayout->addWidget(m_breakdownChartView);
    breakdown->addWidget(m_breakdownView, 3);
    breakdown->addWidget(pieCard, 2);
    layout->addLayout(breakdown, 2);

    scroll->setWidget(content);
    return scroll;
}

void UsagePage::restyleCharts()
{
    const ChartColors colors = ChartColors::fromPalette(palette());
    for (QChartView *view : {m_tokensView, m_requestsView, m_costView, m_breakdownChartView})
        if (view)
            UsageCharts::styleChart(view->chart(), colors);
}

void UsagePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        restyleCharts();
        // Icons are tinted for the theme in force.
        m_csvButton->setIcon(Icons::get(QStringLiteral("export")));
        m_pdfButton->setIcon(Icons::get(QStringLiteral("export")));
    }
}

void UsagePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refreshForNewUsage();
}

UsageRange UsagePage::presetRange(Preset preset)
{
    const QDate today = QDate::currentDate();
    switch (preset) {
    case Today:
        return {today, today};
    case Last7Days:
        return {today.addDays(-6), today};
    case Last30Days:
        return {today.addDays(-29), today};
    case ThisMonth: {
        const QDate first(today.year(), today.month(), 1);
        return {first, first.addMonths(1).addDays(-1)};
    }
    case Custom:
        break;
    }
    return {today, today};
}

void UsagePage::setPreset(Preset preset)
{
    {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(m_preset->findData(preset));
    }
    if (preset != Custom) {
        const UsageRange range = presetRange(preset);
        setRange(range.from, range.to);
    }
}

void UsagePage::presetChosen(int index)
{
    const auto preset = Preset(m_preset->itemData(index).toInt());
    if (preset == Custom)
        m_from->setFocus();
    else
        setPreset(preset);
}

void UsagePage::setRange(const QDate &from, const QDate &to)
{
    {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_from->setDate(from);
        m_to->setDate(to < from ? from : to);
    }
    rangeChanged();
}

void UsagePage::datesEdited()
{
    // An edited date makes the range a custom one; the other end follows so from <= to.
    {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(m_preset->findData(Custom));
    }
    if (m_from->date() > m_to->date()) {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        if (sender() == m_from)
            m_to->setDate(m_from->date());
        else
            m_from->setDate(m_to->date());
    }
    rangeChanged();
}

void UsagePage::rangeChanged()
{
    const UsageRange range{m_from->date(), m_to->date()};
    // Hours only where the chart stays readable; the automatic choice otherwise.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_granularity->model())) {
        const int hour = m_granularity->findData(int(Granularity::Hour));
        if (QStandardItem *item = items->item(hour))
            item->setEnabled(range.allows(Granularity::Hour));
    }
    {
        const QSignalBlocker block(m_granularity);
        m_granularity->setCurrentIndex(m_granularity->findData(int(range.automaticGranularity())));
    }
    reload();
}

void UsagePage::setGranularity(Granularity granularity)
{
    const UsageRange range{m_from->date(), m_to->date()};
    if (!range.allows(granularity))
        return;
    m_granularity->setCurrentIndex(m_granularity->findData(int(granularity)));
    reload();
}

void UsagePage::setDimension(UsageDimension dimension)
{
    m_dimension->setCurrentIndex(m_dimension->findData(int(dimension)));
    reload();
}

Granularity UsagePage::currentGranularity() const
{
    return Granularity(m_granularity->currentData().toInt());
}

UsageDimension UsagePage::currentDimension() const
{
    return UsageDimension(m_dimension->currentData().toInt());
}

bool UsagePage::isBusy() const
{
    return m_loader->isBusy();
}

void UsagePage::reload()
{
    m_stale = false;
    m_refreshTimer->stop();
    UsageReport request;
    request.range = UsageRange{m_from->date(), m_to->date()};
    request.granularity = currentGranularity();
    request.dimension = currentDimension();
    m_loader->run([this, request](const Database &db) -> UsageLoader::Apply {
        UsageReport report = request;
        UsageQuery query(db);
        query.setWithMedians(false); // the page shows no latency
        QString problem;
        const auto any = query.hasUsage();
        const auto series = query.series(report.range.boundaries(report.granularity));
        const auto slices =
            query.breakdown(report.range.startMs(), report.range.endMs(), report.dimension);
        for (const Status &s : {any.status(), series.status(), slices.status()})
            if (!s.ok() && problem.isEmpty())
                problem = s.error();
        if (problem.isEmpty()) {
            report.anyUsage = *any;
            report.series = *series;
            // The buckets cover the range exactly: their sum is the range's totals.
            for (const UsageBucket &b : report.series) {
                report.totals.requests += b.totals.requests;
                report.totals.errors += b.totals.errors;
                report.totals.promptTokens += b.totals.promptTokens;
                report.totals.completionTokens += b.totals.completionTokens;
                report.totals.cost += b.totals.cost;
            }
            report.breakdown = *slices;
        }
        return [this, report, problem] { showReport(report, problem); };
    });
}

void UsagePage::showReport(const UsageReport &report, const QString &problem)
{
    if (!problem.isEmpty()) {
        m_problem->setText(
            tr("Cannot read the usage: %1 Try again; if it keeps failing, check the data "
               "folder's disk.")
                .arg(problem));
        m_problem->show();
        Q_EMIT loaded();
        return;
    }
    m_problem->hide();
    m_report = report;
    m_loaded = true;
    const QLocale locale;
    const UsageTotals &t = report.totals;
    m_cards->setValue(Requests, locale.toString(t.requests));
    m_cards->setValue(TokensIn, NumberCards::compactCount(t.promptTokens),
                      locale.toString(t.promptTokens));
    m_cards->setValue(TokensOut, NumberCards::compactCount(t.completionTokens),
                      locale.toString(t.completionTokens));
    m_cards->setValue(Cost, UsageBreakdownModel::formatCost(t.cost));
    m_cards->setValue(ErrorRate, locale.toString(100 * t.errorRate(), 'f', 1) + QLatin1Char('%'));
    m_summary->setText(tr("%n request(s), %1", nullptr, int(qMin<qint64>(t.requests, INT_MAX)))
                           .arg(UsageExport::rangeText(report.range)));

    const QStringList labels =
        UsageCharts::bucketLabels(report.series, report.granularity, report.range.days() > 1);
    UsageCharts::showChart(m_tokensView, UsageCharts::tokensChart(report.series, labels),
                           palette());
    UsageCharts::showChart(m_requestsView, UsageCharts::requestsChart(report.series, labels),
                           palette());
    UsageCharts::showChart(m_costView, UsageCharts::costChart(report.series, labels), palette());
    m_breakdownModel->setSlices(report.breakdown, report.dimension);
    // Costs read $0 for models without prices; say which, and where to set them.
    QStringList unpriced;
    if (report.dimension == UsageDimension::Model)
        for (const UsageSlice &slice : report.breakdown)
            if (slice.totals.tokens() > 0 && slice.totals.cost <= 0)
                unpriced << slice.name;
    m_priceHint->setText(unpriced.isEmpty() ? QString()
                                            : tr("%n model(s) without a price, so the cost shows "
                                                 "as $0: %1. Add prices per 1M tokens on the "
                                                 "Models page.",
                                                 nullptr, int(unpriced.size()))
                                                  .arg(unpriced.join(QStringLiteral(", "))));
    m_priceHint->setVisible(!unpriced.isEmpty());
    QStringList names;
    for (int row = 0; row < m_breakdownModel->rowCount(); ++row)
        names << m_breakdownModel->displayName(row);
    UsageCharts::showChart(m_breakdownChartView,
                           UsageCharts::breakdownChart(report.breakdown, names), palette());

    m_stack->setCurrentWidget(report.anyUsage ? m_content : static_cast<QWidget *>(m_empty));
    m_csvButton->setEnabled(report.anyUsage);
    m_pdfButton->setEnabled(report.anyUsage);
    Q_EMIT loaded();
}

QString UsagePage::cardText(Card card) const
{
    return m_cards->value(card);
}

QString UsagePage::priceHintText() const
{
    return m_priceHint->isVisibleTo(this) ? m_priceHint->text() : QString();
}

QString UsagePage::problemText() const
{
    return m_problem->isVisibleTo(this) ? m_problem->text() : QString();
}

bool UsagePage::showsEmptyState() const
{
    return m_stack->currentWidget() == m_empty;
}

void UsagePage::usageWritten()
{
    // Only a range that reaches into the future can gain new requests; a preset ("Today") moves
    // on with the date.
    const auto preset = Preset(m_preset->currentData().toInt());
    const UsageRange range =
        preset == Custom ? UsageRange{m_from->date(), m_to->date()} : presetRange(preset);
    if (range.endMs() <= QDateTime::currentMSecsSinceEpoch())
        return;
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void UsagePage::refreshForNewUsage()
{
    const auto preset = Preset(m_preset->currentData().toInt());
    if (preset != Custom && presetRange(preset).from != m_from->date())
        setPreset(preset); // a new day: the preset's days move on, and reload
    else
        reload();
}

Status UsagePage::exportCsv(const QString &path)
{
    if (!m_loaded)
        return Status::failure(tr("The usage is still loading; export again in a moment."));
    return noteExport(path, UsageExport::writeCsv(path, m_report, *m_breakdownModel));
}

Status UsagePage::exportPdf(const QString &path)
{
    if (!m_loaded)
        return Status::failure(tr("The usage is still loading; export again in a moment."));
    return noteExport(path, UsageExport::writePdf(path, m_report, *m_breakdownModel));
}

Status UsagePage::noteExport(const QString &path, const Status &written)
{
    if (!written) {
        m_exportNote->hide();
        return written;
    }
    const QFileInfo file(path);
    m_exportNote->setText(
        tr("Saved %1. <a href=\"%2\">Open its folder</a>")
            .arg(QDir::toNativeSeparators(file.absoluteFilePath()).toHtmlEscaped(),
                 QUrl::fromLocalFile(file.absolutePath()).toString(QUrl::FullyEncoded)));
    m_exportNote->show();
    return written;
}

void UsagePage::chooseCsvPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export usage as CSV"),
        QDir(dir).filePath(UsageExport::suggestedFileName(m_report, QStringLiteral("csv"))),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const Status s = exportCsv(path); !s)
        QMessageBox::warning(this, tr("Export failed"), s.error());
}

void UsagePage::choosePdfPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export usage as PDF"),
        QDir(dir).filePath(UsageExport::suggestedFileName(m_report, QStringLiteral("pdf"))),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const Status s = exportPdf(path); !s)
        QMessageBox::warning(this, tr("Export failed"), s.error());
}

} // namespace llmux
