#include "ui/logs/LogsPage.h"

#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/usage/RequestLogWriter.h"
#include "ui/common/RequestLogFormat.h"
#include "ui/logs/RequestLogModel.h"
#include "ui/theme/CopyFeedback.h"
#include "ui/theme/Icons.h"
#include "ui/theme/PageHeader.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace llmux {
namespace {

constexpr qint64 kHourMs = 3600000;

} // namespace

LogsPage::LogsPage(Gateway *gateway, const Database &db, QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestLogModel(db, this))
{
    qRegisterMetaType<QList<llmux::RequestLogEntry>>();
    setObjectName(QStringLiteral("logsPage"));
    setWindowTitle(tr("Logs"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    auto *header = new PageHeader(tr("Logs"), QString(), this);
    m_summary = header->summaryLabel();
    m_live = new QCheckBox(tr("Live tail"), this);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Show new requests at the top as the gateway handles them"));
    header->addControl(m_live);
    auto *refresh = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Refresh"), this);
    header->addControl(refresh);
    layout->addWidget(header);

    layout->addWidget(buildFilters());

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(QStringLiteral("problemLabel"));
    m_error->hide();
    layout->addWidget(m_error);

    m_newRequests = new QPushButton(this);
    m_newRequests->setObjectName(QStringLiteral("newRequestsHint"));
    m_newRequests->setFlat(true);
    m_newRequests->hide();
    layout->addWidget(m_newRequests, 0, Qt::AlignLeft);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(false);
    m_stack = new QStackedWidget(m_splitter);
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(QStringLiteral("logsTable"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    // Fixed row heights: a million rows cost nothing to lay out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    auto *columns = m_view->horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from the header's font, never from the rows: measuring them would read them all.
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    // Wide enough for typical values or the heading, whichever is wider.
    const QList<QPair<int, QString>> samples = {
        {RequestLogModel::Time, QStringLiteral("2026-12-31 23:59:59")},
        {RequestLogModel::Status, QStringLiteral("200")},
        {RequestLogModel::Model, QStringLiteral("claude-sonnet-4")},
        {RequestLogModel::Provider, QStringLiteral("anthropic")},
        {RequestLogModel::UpstreamModel, QStringLiteral("claude-sonnet-4")},
        {RequestLogModel::Key, QStringLiteral("laptop-key")},
        {RequestLogModel::Stream, QString()},
        {RequestLogModel::Latency, QStringLiteral("12345 ms")},
        {RequestLogModel::Ttfb, QStringLiteral("12345 ms")},
        {RequestLogModel::Tokens, QStringLiteral("12345 / 1234")},
        {RequestLogModel::Cost, QStringLiteral("$0.000000")},
        {RequestLogModel::Attempts, QString()},
        // The last column takes the room that is left, and never less than this.
        {RequestLogModel::Error, QStringLiteral("All 4 attempts for 'model' failed: upstream")},
    };
    // The style sheet draws headings semi-bold with 8 px padding each side.
    QFont headerFont = columns->font();
    headerFont.setWeight(QFont::DemiBold);
    const QFontMetrics headerMetrics(headerFont);
    for (const auto &[column, sample] : samples) {
        const QString title =
            m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        columns->resizeSection(column, std::max(fontMetrics().horizontalAdvance(sample),
                                                headerMetrics.horizontalAdvance(title) + 12) +
                                           16);
    }
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(buildDetail());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({500, 300});
    layout->addWidget(m_splitter, 1);

    connect(refresh, &QPushButton::clicked, this, [this] {
        applyFilter();
        m_model->loadChoices();
    });
    connect(m_live, &QCheckBox::toggled, this, &LogsPage::refreshAutoInsert);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &LogsPage::refreshAutoInsert);
    connect(m_newRequests, &QPushButton::clicked, this, [this] {
        m_model->showPending();
        m_view->scrollToTop();
    });
    connect(m_model, &RequestLogModel::loadingChanged, this, &LogsPage::refreshSummary);
    connect(m_model, &RequestLogModel::totalCountChanged, this, &LogsPage::refreshSummary);
    connect(m_model, &RequestLogModel::pendingCountChanged, this, &LogsPage::refreshNewRequests);
    connect(m_model, &RequestLogModel::loadFailed, this, [this](const QString &message) {
        m_error->setText(tr("Could not read the request log: %1. Check that the data folder is "
                            "readable and not full, then press Refresh.")
                             .arg(message));
        m_error->show();
    });
    connect(
        m_model, &RequestLogModel::choicesLoaded, this,
        [this](const QStringList &models, const QStringList &providers, const QStringList &keys) {
            fillChoices(m_modelFilter, models);
            fillChoices(m_provider, providers);
            fillChoices(m_key, keys);
        });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogsPage::refreshDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LogsPage::refreshDetail);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const int row = m_view->currentIndex().row();
                if (row >= from.row() && row <= to.row())
                    refreshDetail();
            });
    connect(m_copy, &QPushButton::clicked, this,
            [this] { copyWithFeedback(m_copy, m_detail->toPlainText()); });

    if (gateway)
        connect(gateway->requestLogWriter(), &RequestLogWriter::written, this,
                &LogsPage::addEntries);
    refreshSummary();
    refreshDetail();
    refreshAutoInsert();
}

QWidget *LogsPage::buildFilters()
{
    auto *filters = new QWidget(this);
    auto *rows = new QVBoxLayout(filters);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(8);
    auto *first = new QHBoxLayout();
    auto *second = new QHBoxLayout();
    first->setSpacing(8);
    second->setSpacing(8);
    rows->addLayout(first);
    rows->addLayout(second);

    m_range = new QComboBox(filters);
    m_range->addItem(tr("Last hour"), LastHour);
    m_range->addItem(tr("Last 24 hours"), LastDay);
    m_range->addItem(tr("Last 7 days"), LastWeek);
    m_range->addItem(tr("Last 30 days"), LastMonth);
    m_range->addItem(tr("All time"), AllTime);
    m_range->addItem(tr("Custom range"), Custom);
    m_range->setCurrentIndex(m_range->findData(AllTime));
    m_range->setToolTip(tr("Time range"));
    const QDateTime now = QDateTime::currentDateTime();
    m_from = new QDateTimeEdit(now.addDays(-1), filters);
    m_to = new QDateTimeEdit(now.addSecs(3600), filters);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    m_from->setToolTip(tr("From (inclusive)"));
    m_to->setToolTip(tr("To (exclusive)"));
    m_status = new QComboBox(filters);
    m_status->addItem(tr("All statuses"), int(LogStatusFilter::All));
    m_status->addItem(tr("Success (2xx)"), int(LogStatusFilter::Success));
    m_status->addItem(tr("Errors"), int(LogStatusFilter::Errors));
    m_status->addItem(tr("Client errors (4xx)"), int(LogStatusFilter::ClientErrors));
    m_status->addItem(tr("Server errors (5xx)"), int(LogStatusFilter::ServerErrors));
    m_status->addItem(tr("Client disconnected"), int(LogStatusFilter::ClientDisconnected));
    first->addWidget(m_range);
    first->addWidget(m_from);
    first->addWidget(new QLabel(QStringLiteral("–"), filters));
    first->addWidget(m_to);
    first->addWidget(m_status);
    first->addStretch(1);

    m_modelFilter = new QComboBox(filters);
    m_modelFilter->addItem(tr("All models"), QString());
    m_provider = new QComboBox(filters);
    m_provider->addItem(tr("All providers"), QString());
    m_key = new QComboBox(filters);
    m_key->addItem(tr("All keys"), QString());
    for (QComboBox *combo : {m_modelFilter, m_provider, m_key}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setMinimumContentsLength(12);
    }
    m_search = new QLineEdit(filters);
    m_search->setPlaceholderText(tr("Search models, providers, keys and errors"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::get(QStringLiteral("search")), QLineEdit::LeadingPosition);
    second->addWidget(m_modelFilter);
    second->addWidget(m_provider);
    second->addWidget(m_key);
    second->addWidget(m_search, 1);

    m_searchPause = new QTimer(this);
    m_searchPause->setSingleShot(true);
    m_searchPause->setInterval(300);
    connect(m_searchPause, &QTimer::timeout, this, &LogsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchPause, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &LogsPage::applyFilter);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = m_range->currentData().toInt() == Custom;
        m_from->setEnabled(custom);
        m_to->setEnabled(custom);
        applyFilter();
    });
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
            if (m_range->currentData().toInt() == Custom)
                applyFilter();
        });
    for (QComboBox *combo : {m_status, m_modelFilter, m_provider, m_key})
        connect(combo, &QComboBox::currentIndexChanged, this, &LogsPage::applyFilter);
    return filters;
}

QWidget *LogsPage::buildDetail()
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("statusCard"));
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);
    auto *titleRow = new QHBoxLayout();
    m_detailTitle = new QLabel(tr("Request details"), card);
    m_detailTitle->setObjectName(QStringLiteral("sectionHeading"));
    titleRow->addWidget(m_detailTitle, 1);
    m_copy = new QPushButton(Icons::get(QStringLiteral("copy")), tr("Copy"), card);
    m_copy->setToolTip(tr("Copy every field of this request"));
    titleRow->addWidget(m_copy);
    layout->addLayout(titleRow);
    m_detail = new QPlainTextEdit(card);
    m_detail->setObjectName(QStringLiteral("logDetail"));
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setMinimumHeight(fontMetrics().height() * 4);
    layout->addWidget(m_detail, 1);
    return card;
}

RequestLogFilter LogsPage::currentFilter() const
{
    RequestLogFilter f;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    switch (m_range->currentData().toInt()) {
    case LastHour:
        f.fromMs = now - kHourMs;
        break;
    case LastDay:
        f.fromMs = now - 24 * kHourMs;
        break;
    case LastWeek:
        f.fromMs = now - 7 * 24 * kHourMs;
        break;
    case LastMonth:
        f.fromMs = now - 30 * 24 * kHourMs;
        break;
    case Custom:
        f.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        f.toMs = m_to->dateTime().toMSecsSinceEpoch();
        break;
    default:
        break;
    }
    f.status = LogStatusFilter(m_status->currentData().toInt());
    f.model = m_modelFilter->currentData().toString();
    f.provider = m_provider->currentData().toString();
    f.keyName = m_key->currentData().toString();
    f.text = m_search->text().trimmed();
    return f;
}

void LogsPage::applyFilter()
{
    m_searchPause->stop();
    m_error->hide();
    m_started = true;
    m_model->setFilter(currentFilter());
}

void LogsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_started)
        applyFilter();
    m_model->loadChoices();
}

void LogsPage::addEntries(const QList<RequestLogEntry> &entries)
{
    // Before the first read the log itself has them.
    if (!m_started)
        return;
    for (const RequestLogEntry &e : entries) {
        addChoice(m_modelFilter, e.modelRequested);
        addChoice(m_provider, e.provider);
        addChoice(m_key, e.keyName);
    }
    m_model->addEntries(entries);
}

void LogsPage::fillChoices(QComboBox *combo, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    while (combo->count() > 1)
        combo->removeItem(1);
    for (const QString &value : values)
        combo->addItem(value, value);
    // A chosen value stays chosen even when it is gone from the log.
    if (!current.isEmpty() && combo->findData(current) < 0)
        combo->addItem(current, current);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void LogsPage::addChoice(QComboBox *combo, const QString &value)
{
    if (value.isEmpty() || combo->findData(value) >= 0)
        return;
    const QSignalBlocker blocker(combo);
    combo->addItem(value, value);
}

void LogsPage::refreshSummary()
{
    const qint64 total = m_model->totalCount();
    if (m_model->isLoading())
        m_summary->setText(tr("Reading the request log…"));
    else
        m_summary->setText(tr("%Ln request(s)", nullptr, int(std::min<qint64>(total, INT_MAX))));
    const bool empty = !m_model->isLoading() && total == 0;
    if (empty)
        m_empty->setText(currentFilter().text.isEmpty() && m_status->currentIndex() == 0 &&
                                 m_modelFilter->currentIndex() == 0 &&
                                 m_provider->currentIndex() == 0 && m_key->currentIndex() == 0 &&
                                 m_range->currentData().toInt() == AllTime
                             ? tr("No requests yet. Requests that clients send through the "
                                  "gateway appear here.")
                             : tr("No requests match these filters."));
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
}

void LogsPage::refreshDetail()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_detail->setPlainText(tr("Select a request to see all of its details."));
        m_copy->setEnabled(false);
        return;
    }
    const RequestLogEntry *entry = m_model->entryAt(current.row());
    if (!entry) {
        m_detail->setPlainText(tr("Loading…"));
        m_copy->setEnabled(false);
        return;
    }
    m_detail->setPlainText(describe(*entry));
    m_copy->setEnabled(true);
}

void LogsPage::refreshAutoInsert()
{
    m_model->setAutoInsert(m_live->isChecked() && m_view->verticalScrollBar()->value() == 0);
}

void LogsPage::refreshNewRequests(int count)
{
    m_newRequests->setVisible(count > 0);
    m_newRequests->setText(tr("%Ln new request(s) — show them", nullptr, count));
}

QString LogsPage::describe(const RequestLogEntry &e)
{
    const auto ms = [](double value) { return tr("%1 ms").arg(value, 0, 'f', 1); };
    const QString none = tr("—");
    QStringList lines;
    lines << tr("Request: #%1").arg(e.id);
    lines << tr("Time: %1")
                 .arg(QDateTime::fromMSecsSinceEpoch(e.timestampMs)
                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t")));
    lines << tr("Endpoint: %1").arg(e.endpoint.isEmpty() ? none : e.endpoint);
    lines << tr("Status: %1").arg(e.status);
    lines << tr("Client disconnected: %1").arg(e.clientDisconnected ? tr("yes") : tr("no"));
    lines << tr("Model requested: %1").arg(e.modelRequested.isEmpty() ? none : e.modelRequested);
    lines << tr("Provider: %1").arg(e.provider.isEmpty() ? none : e.provider);
    lines << tr("Upstream model: %1").arg(e.upstreamModel.isEmpty() ? none : e.upstreamModel);
    lines << (e.keyId ? tr("Key: %1 (#%2)").arg(e.keyName).arg(*e.keyId)
                      : tr("Key: %1").arg(e.keyName.isEmpty() ? none : e.keyName));
    lines << tr("Stream: %1").arg(e.stream ? tr("yes") : tr("no"));
    lines << tr("Session: %1").arg(e.session.isEmpty() ? none : e.session);
    lines << tr("Latency: %1").arg(ms(e.latencyMs));
    lines << tr("First byte: %1").arg(e.ttfbMs ? ms(*e.ttfbMs) : none);
    lines << tr("Tokens in: %1").arg(e.promptTokens ? QString::number(*e.promptTokens) : none);
    lines << tr("Tokens out: %1")
                 .arg(e.completionTokens ? QString::number(*e.completionTokens) : none);
    lines << tr("Cost: %1").arg(e.cost ? RequestLogFormat::cost(e) : none);
    lines << tr("Attempts: %1").arg(e.attempts);
    lines << tr("Error: %1").arg(e.error.isEmpty() ? none : e.error);
    if (e.attemptErrors.isEmpty()) {
        lines << tr("Attempt errors: %1").arg(none);
    } else {
        lines << tr("Attempt errors:");
        for (const QString &line : e.attemptErrors.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            lines << QStringLiteral("  ") + line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace llmux
