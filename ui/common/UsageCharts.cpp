#include "ui/common/UsageCharts.h"

#include "ui/common/StatusTone.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPalette>
#include <QPieSeries>
#include <QPieSlice>
#include <QSet>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace llmux {

ChartColors ChartColors::fromPalette(const QPalette &palette)
{
    return {palette.color(QPalette::Text), palette.color(QPalette::Dark),
            palette.color(QPalette::Midlight), palette.color(QPalette::Mid)};
}

ChartColors ChartColors::paper()
{
    return {QColor(0x1d, 0x1d, 0x1f), QColor(0x6e, 0x6e, 0x73), QColor(0xe5, 0xe5, 0xea),
            QColor(0xc7, 0xc7, 0xcc)};
}

namespace UsageCharts {
namespace {

// Bars sit at x = 0, 1, … n-1; a category axis over that range names the buckets that have a
// label (bucketLabels() leaves most empty when there are many) and leaves the rest unnamed, where
// QBarCategoryAxis would squeeze every name into its slot and elide them all.
QCategoryAxis *bucketAxis(const QStringList &labels)
{
    auto *axis = new QCategoryAxis();
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(-0.5);
    for (int i = 0; i < labels.size(); ++i)
        if (!labels.at(i).isEmpty())
            axis->append(labels.at(i), i);
    axis->setRange(-0.5, std::max<qsizetype>(1, labels.size()) - 0.5);
    axis->setGridLineVisible(false);
    return axis;
}

QValueAxis *valueAxis(double max, const QString &format)
{
    auto *axis = new QValueAxis();
    axis->setRange(0, max > 0 ? max : 1);
    axis->setLabelFormat(format);
    axis->applyNiceNumbers();
    // Whole-number labels over a small range would repeat (0, 0, 1, 1, 2): one tick per unit.
    if (format.contains(QLatin1String("%.0f")) && axis->max() < 4) {
        axis->setRange(0, 4);
        axis->setTickCount(5);
    }
    return axis;
}

QChart *newChart()
{
    auto *chart = new QChart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeCircle);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

QBarSet *barSet(const QString &name, const QColor &color)
{
    auto *set = new QBarSet(name);
    set->setColor(color);
    set->setBorderColor(color);
    return set;
}

// Bars over the buckets, on a value axis up to max with labels in a printf format.
QChart *barChart(QAbstractBarSeries *series, const QStringList &labels, double max,
                 const QString &format)
{
    series->setBarWidth(0.7);
    QChart *chart = newChart();
    chart->addSeries(series);
    auto *x = bucketAxis(labels);
    auto *y = valueAxis(max, format);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    return chart;
}

} // namespace

QColor accent()
{
    return QColor(0x00, 0x7a, 0xff);
}

QColor sliceColor(int index)
{
    static const QColor colors[] = {QColor(0x00, 0x7a, 0xff), QColor(0x34, 0xc7, 0x59),
                                    QColor(0xff, 0x95, 0x00), QColor(0xaf, 0x52, 0xde),
                                    QColor(0xff, 0x2d, 0x55), QColor(0x5a, 0xc8, 0xfa),
                                    QColor(0xff, 0xcc, 0x00)};
    constexpr int n = int(sizeof colors / sizeof colors[0]);
    return index < n ? colors[index] : QColor(0x8e, 0x8e, 0x93);
}

QStringList bucketLabels(const QList<UsageBucket> &buckets, Granularity granularity, bool multiDay,
                         int maxLabels)
{
    // The date patterns are translated: a Chinese axis reads "12月1日", not "12月 1".
    const auto pattern = [](const char *text) {
        //: A date pattern for chart axis labels (QDate::toString); keep the letters' meaning.
        return QCoreApplication::translate("llmux::UsageCharts", text);
    };
    QString format;
    switch (granularity) {
    case Granularity::Hour:
        format = multiDay ? pattern(QT_TRANSLATE_NOOP("llmux::UsageCharts", "MMM d HH:mm"))
                          : QStringLiteral("HH:mm");
        break;
    case Granularity::Day:
    case Granularity::Week:
        format = pattern(QT_TRANSLATE_NOOP("llmux::UsageCharts", "MMM d"));
        break;
    case Granularity::Month:
        format = pattern(QT_TRANSLATE_NOOP("llmux::UsageCharts", "MMM yyyy"));
        break;
    }
    const QLocale locale;
    // Long labels (day and hour) get fewer of them.
    if (granularity == Granularity::Hour && multiDay)
        maxLabels = std::max(1, maxLabels * 2 / 3);
    const int step = std::max<int>(1, int((buckets.size() + maxLabels - 1) / maxLabels));
    QStringList labels;
    QSet<QString> seen;
    for (int i = 0; i < buckets.size(); ++i) {
        if (i % step) {
            labels << QString();
            continue;
        }
        QString label =
            locale.toString(QDateTime::fromMSecsSinceEpoch(buckets.at(i).startMs), format);
        // Names must be unique: an hour repeated when the clocks go back gets an invisible mark.
        while (seen.contains(label))
            label += QChar(0x200b);
        seen.insert(label);
        labels << label;
    }
    return labels;
}

QChart *tokensChart(const QList<UsageBucket> &buckets, const QStringList &labels)
{
    auto *prompt =
        barSet(QCoreApplication::translate("llmux::UsageCharts", "Prompt tokens"), accent());
    auto *completion =
        barSet(QCoreApplication::translate("llmux::UsageCharts", "Completion tokens"),
               accent().lighter(160));
    double max = 0;
    for (const UsageBucket &b : buckets) {
        *prompt << double(b.totals.promptTokens);
        *completion << double(b.totals.completionTokens);
        max = std::max(max, double(b.totals.tokens()));
    }
    auto *series = new QStackedBarSeries();
    series->append({prompt, completion});
    return barChart(series, labels, max, QStringLiteral("%.0f"));
}

QChart *requestsChart(const QList<UsageBucket> &buckets, const QStringList &labels)
{
    auto *ok = barSet(QCoreApplication::translate("llmux::UsageCharts", "Succeeded"), accent());
    auto *failed = barSet(QCoreApplication::translate("llmux::UsageCharts", "Failed"),
                          toneBrush(StatusTone::Bad).color());
    double max = 0;
    for (const UsageBucket &b : buckets) {
        *ok << double(b.totals.requests - b.totals.errors);
        *failed << double(b.totals.errors);
        max = std::max(max, double(b.totals.requests));
    }
    auto *series = new QStackedBarSeries();
    series->append({ok, failed});
    return barChart(series, labels, max, QStringLiteral("%.0f"));
}

QChart *costChart(const QList<UsageBucket> &buckets, const QStringList &labels)
{
    auto *cost = barSet(QCoreApplication::translate("llmux::UsageCharts", "Cost (USD)"), accent());
    double max = 0;
    for (const UsageBucket &b : buckets) {
        *cost << b.totals.cost;
        max = std::max(max, b.totals.cost);
    }
    auto *series = new QBarSeries();
    series->append(cost);
    return barChart(series, labels, max,
                    max >= 10 ? QStringLiteral("$%.0f") : QStringLiteral("$%.2f"));
}

QChart *liveChart(const QList<UsageBucket> &buckets, const QStringList &labels)
{
    auto *requests =
        barSet(QCoreApplication::translate("llmux::UsageCharts", "Requests per minute"), accent());
    auto *latency = new QLineSeries();
    latency->setName(QCoreApplication::translate("llmux::UsageCharts", "Median latency (ms)"));
    QPen pen(QColor(0xff, 0x95, 0x00));
    pen.setWidthF(2);
    latency->setPen(pen);
    latency->setPointsVisible(true); // a lone minute with requests is a dot, not nothing
    double maxRequests = 0;
    double maxLatency = 0;
    for (int i = 0; i < buckets.size(); ++i) {
        const UsageTotals &t = buckets.at(i).totals;
        *requests << double(t.requests);
        maxRequests = std::max(maxRequests, double(t.requests));
        if (t.requests > 0) {
            latency->append(i, t.medianLatencyMs);
            maxLatency = std::max(maxLatency, t.medianLatencyMs);
        }
    }
    auto *bars = new QBarSeries();
    bars->append(requests);
    bars->setBarWidth(0.8);
    QChart *chart = newChart();
    chart->addSeries(bars);
    chart->addSeries(latency);
    auto *x = bucketAxis(labels);
    auto *yRequests = valueAxis(maxRequests, QStringLiteral("%.0f"));
    auto *yLatency = valueAxis(maxLatency, QStringLiteral("%.0f ms"));
    yLatency->setGridLineVisible(false);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(yRequests, Qt::AlignLeft);
    chart->addAxis(yLatency, Qt::AlignRight);
    bars->attachAxis(x);
    bars->attachAxis(yRequests);
    latency->attachAxis(x);
    latency->attachAxis(yLatency);
    return chart;
}

QChart *breakdownChart(const QList<UsageSlice> &slices, const QStringList &names)
{
    constexpr int kShown = 6;
    auto *series = new QPieSeries();
    series->setHoleSize(0.55);
    qint64 other = 0;
    for (int i = 0; i < slices.size(); ++i) {
        const qint64 requests = slices.at(i).totals.requests;
        if (i < kShown) {
            QPieSlice *slice = series->append(names.value(i), double(requests));
            slice->setColor(sliceColor(i));
            slice->setBorderColor(Qt::transparent);
        } else {
            other += requests;
        }
    }
    if (other > 0) {
        QPieSlice *slice = series->append(
            QCoreApplication::translate("llmux::UsageCharts", "Other"), double(other));
        slice->setColor(sliceColor(kShown + 1));
        slice->setBorderColor(Qt::transparent);
    }
    QChart *chart = newChart();
    chart->addSeries(series);
    chart->legend()->setAlignment(Qt::AlignRight);
    return chart;
}

void styleChart(QChart *chart, const ChartColors &colors)
{
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(colors.text);
    chart->legend()->setLabelColor(colors.text);
    chart->legend()->setBackgroundVisible(false);
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(colors.secondaryText);
        axis->setTitleBrush(colors.secondaryText);
        axis->setLinePenColor(colors.axisLine);
        axis->setGridLineColor(colors.grid);
        axis->setMinorGridLineColor(colors.grid);
    }
}

QChartView *chartView(int minimumHeight, QWidget *parent)
{
    auto *view = new QChartView(parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setBackgroundBrush(Qt::NoBrush);
    view->setStyleSheet(QStringLiteral("background: transparent;"));
    view->setMinimumHeight(minimumHeight);
    showChart(view, new QChart(), parent->palette());
    return view;
}

void showChart(QChartView *view, QChart *chart, const QPalette &palette)
{
    QChart *old = view->chart();
    styleChart(chart, ChartColors::fromPalette(palette));
    view->setChart(chart);
    delete old;
}

} // namespace UsageCharts
} // namespace llmux
