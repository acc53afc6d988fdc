#pragma once

#include "core/common/Result.h"
#include "core/store/UsageQuery.h"
#include "ui/common/UsageRange.h"

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>

class QPainter;
class QSizeF;

namespace llmux {

class UsageBreakdownModel;

// What the usage page shows for one range: the query results it exports.
struct UsageReport
{
    UsageRange range;
    Granularity granularity = Granularity::Day;
    UsageDimension dimension = UsageDimension::Model;
    UsageTotals totals;
    QList<UsageBucket> series;
    QList<UsageSlice> breakdown;
    bool anyUsage = false; // whether the log holds any request at all
};

// Writes a usage report as CSV (RFC 4180, UTF-8) or PDF. The breakdown's names and columns come
// from the model that shows them, so the files read like the page.
class UsageExport
{
    Q_DECLARE_TR_FUNCTIONS(llmux::UsageExport)
public:
    // "llmux-usage-2026-11-01-to-2026-11-30-by-day.csv"
    static QString suggestedFileName(const UsageReport &report, const QString &extension);

    // One table: a row per time bucket (section "series"), then a row per breakdown group
    // (section "model", "provider" or "key"). Machine-readable: ISO 8601 times, plain numbers.
    static QByteArray csv(const UsageReport &report, const UsageBreakdownModel &breakdown);
    static Status writeCsv(const QString &path, const UsageReport &report,
                           const UsageBreakdownModel &breakdown);
    // Title, range, totals, the three charts, then the breakdown chart and table.
    static Status writePdf(const QString &path, const UsageReport &report,
                           const UsageBreakdownModel &breakdown);

    // The PDF's pages as images (A4 at 96 dpi), for a look without a PDF viewer.
    static QList<QImage> previewPages(const UsageReport &report,
                                      const UsageBreakdownModel &breakdown);

    static QString rangeText(const UsageRange &range);
    static QString granularityText(Granularity granularity);
    static QString dimensionText(UsageDimension dimension);

private:
    static void paint(QPainter &painter, const QSizeF &pageSize,
                      const std::function<void()> &newPage, const UsageReport &report,
                      const UsageBreakdownModel &breakdown);
};

} // namespace llmux
