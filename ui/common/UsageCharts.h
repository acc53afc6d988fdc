#pragma once

#include "core/store/UsageQuery.h"
#include "ui/common/UsageRange.h"

#include <QColor>
#include <QList>
#include <QStringList>

class QChart;
class QChartView;
class QPalette;
class QWidget;

namespace llmux {

// The colours a chart is drawn with: from the widget palette on screen (light or dark theme),
// or black on white for paper (PDF).
struct ChartColors
{
    QColor text;
    QColor secondaryText;
    QColor grid;
    QColor axisLine;

    static ChartColors fromPalette(const QPalette &palette);
    static ChartColors paper();
};

// Builds the usage charts from query results, so the page, the dashboard and the PDF export
// draw the same thing. Charts have no background of their own (they sit on a card); call
// styleChart() again when the palette changes.
namespace UsageCharts {

QColor accent();
// Colours for the n-th slice of a breakdown; the accent first.
QColor sliceColor(int index);

// Axis labels for buckets: about a dozen, the others empty, so they stay readable.
QStringList bucketLabels(const QList<UsageBucket> &buckets, Granularity granularity, bool multiDay,
                         int maxLabels = 12);

QChart *tokensChart(const QList<UsageBucket> &buckets, const QStringList &labels);
QChart *requestsChart(const QList<UsageBucket> &buckets, const QStringList &labels);
QChart *costChart(const QList<UsageBucket> &buckets, const QStringList &labels);
// Requests per bucket as bars and the median latency as a line on a second axis.
QChart *liveChart(const QList<UsageBucket> &buckets, const QStringList &labels);
// A donut of the slices' share of requests: the biggest few, the rest as "Other".
QChart *breakdownChart(const QList<UsageSlice> &slices, const QStringList &names);

void styleChart(QChart *chart, const ChartColors &colors);

// A view for these charts: antialiased, with no frame or background of its own, showing an empty
// chart until showChart() gives it one.
QChartView *chartView(int minimumHeight, QWidget *parent);
// Shows a chart in a view, styled for the palette, and deletes the chart it replaces (a view
// does not delete the charts it showed).
void showChart(QChartView *view, QChart *chart, const QPalette &palette);

} // namespace UsageCharts
} // namespace llmux
