#include "ui/usage/UsageExport.h"

#include "core/common/Csv.h"
#include "ui/common/UsageBreakdownModel.h"
#include "ui/common/UsageCharts.h"

#include <QChart>
#include <QDateTime>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace llmux {
namespace {

QString isoTime(qint64 ms)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

QString dimensionId(UsageDimension dimension)
{
    switch (dimension) {
    case UsageDimension::Model:
        return QStringLiteral("model");
    case UsageDimension::Provider:
        return QStringLiteral("provider");
    case UsageDimension::Key:
        break;
    }
    return QStringLiteral("key");
}

void renderChart(QPainter &painter, QChart *chart, const QRectF &target)
{
    QGraphicsScene scene; // owns the chart from here on
    UsageCharts::styleChart(chart, ChartColors::paper());
    scene.addItem(chart);
    chart->resize(target.size());
    scene.setSceneRect(QRectF(QPointF(0, 0), target.size()));
    scene.render(&painter, target, scene.sceneRect());
}

// Lays text and charts down pages (of a PDF, or images for a preview), starting a new page when
// one is full.
class PageLayout
{
public:
    PageLayout(QPainter &painter, const QSizeF &page, std::function<void()> newPage)
        : m_painter(painter)
        , m_page(page)
        , m_newPage(std::move(newPage))
    {}

    qreal width() const { return m_page.width(); }
    // Room for `height` more, on a new page if needed; returns the top of that room.
    qreal take(qreal height)
    {
        if (m_y > 0 && m_y + height > m_page.height())
            newPage();
        const qreal top = m_y;
        m_y += height;
        return top;
    }
    void text(const QString &s, int pointSize, bool bold, const QColor &color, qreal spacing = 6)
    {
        QFont font = m_painter.font();
        font.setPointSize(pointSize);
        font.setBold(bold);
        m_painter.setFont(font);
        const qreal h = QFontMetricsF(font, m_painter.device()).height();
        const qreal top = take(h + spacing);
        m_painter.setPen(color);
        m_painter.drawText(QRectF(0, top, width(), h), Qt::AlignLeft | Qt::AlignVCenter, s);
    }
    void skip(qreal height) { m_y += height; }
    void newPage()
    {
        if (m_y > 0)
            m_newPage();
        m_y = 0;
    }

private:
    QPainter &m_painter;
    QSizeF m_page;
    std::function<void()> m_newPage;
    qreal m_y = 0;
};

// A4 at 96 dpi with 15 mm margins, for the PDF and its preview alike.
QPageLayout pageLayout()
{
    return QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                       QPageLayout::Millimeter);
}
constexpr int kDpi = 96;

} // namespace

QString UsageExport::rangeText(const UsageRange &range)
{
    const QLocale locale;
    if (range.from == range.to)
        return locale.toString(range.from, QLocale::LongFormat);
    return tr("%1 – %2").arg(locale.toString(range.from, QLocale::ShortFormat),
                             locale.toString(range.to, QLocale::ShortFormat));
}

QString UsageExport::granularityText(Granularity granularity)
{
    switch (granularity) {
    case Granularity::Hour:
        return tr("by hour");
    case Granularity::Day:
        return tr("by day");
    case Granularity::Week:
        return tr("by week");
    case Granularity::Month:
        break;
    }
    return tr("by month");
}

QString UsageExport::dimensionText(UsageDimension dimension)
{
    switch (dimension) {
    case UsageDimension::Model:
        return tr("By model");
    case UsageDimension::Provider:
        return tr("By provider");
    case UsageDimension::Key:
        break;
    }
    return tr("By key");
}

QString UsageExport::suggestedFileName(const UsageReport &report, const QString &extension)
{
    return QStringLiteral("llmux-usage-%1-to-%2-by-%3.%4")
        .arg(report.range.from.toString(Qt::ISODate), report.range.to.toString(Qt::ISODate),
             granularityId(report.granularity), extension);
}

QByteArray UsageExport::csv(const UsageReport &report, const UsageBreakdownModel &breakdown)
{
    // Column names stay English: the file is data for spreadsheets and scripts.
    QStringList lines;
    lines << QStringLiteral("Section,Period start,Period end,Name,Key ID,Requests,Errors,Prompt "
                            "tokens,Completion tokens,Cost (USD),Share of requests");
    for (int i = 0; i < report.series.size(); ++i) {
        const UsageBucket &b = report.series.at(i);
        const qint64 end =
            i + 1 < report.series.size() ? report.series.at(i + 1).startMs : report.range.endMs();
        lines << QStringList{QStringLiteral("series"),
                             isoTime(b.startMs),
                             isoTime(end),
                             QString(),
                             QString(),
                             QString::number(b.totals.requests),
                             QString::number(b.totals.errors),
                             QString::number(b.totals.promptTokens),
                             QString::number(b.totals.completionTokens),
                             number(b.totals.cost),
                             QString()}
                     .join(QLatin1Char(','));
    }
    const QString section = dimensionId(breakdown.dimension());
    for (int row = 0; row < breakdown.rowCount(); ++row) {
        const UsageSlice &s = breakdown.slices().at(row);
        lines << QStringList{section,
                             isoTime(report.range.startMs()),
                             isoTime(report.range.endMs()),
                             csv::field(breakdown.displayName(row)),
                             s.keyId ? QString::number(*s.keyId) : QString(),
                             QString::number(s.totals.requests),
                             QString::number(s.totals.errors),
                             QString::number(s.totals.promptTokens),
                             QString::number(s.totals.completionTokens),
                             number(s.totals.cost),
                             QString::number(breakdown.share(row), 'f', 6)}
                     .join(QLatin1Char(','));
    }
    // A byte-order mark, so spreadsheet programs read the names as UTF-8.
    return QByteArrayLiteral("\xEF\xBB\xBF") + lines.join(QStringLiteral("\r\n")).toUtf8() +
           QByteArrayLiteral("\r\n");
}

Status UsageExport::writeCsv(const QString &path, const UsageReport &report,
                             const UsageBreakdownModel &breakdown)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(
            tr("Cannot write %1: %2. Choose another folder.").arg(path, file.errorString()));
    file.write(csv(report, breakdown));
    if (!file.commit())
        return Status::failure(tr("Cannot write %1: %2. Check the free space and try again.")
                                   .arg(path, file.errorString()));
    return Status::success();
}

Status UsageExport::writePdf(const QString &path, const UsageReport &report,
                             const UsageBreakdownModel &breakdown)
{
    {
        // QPdfWriter reports no errors of its own: find out first whether the file can be made.
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly))
            return Status::failure(
                tr("Cannot write %1: %2. Choose another folder.").arg(path, probe.errorString()));
    }
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setPageLayout(pageLayout());
    writer.setTitle(tr("LLMux usage"));
    writer.setCreator(QStringLiteral("LLMux"));
    QPainter painter;
    if (!painter.begin(&writer))
        return Status::failure(
            tr("Cannot create the PDF %1. Choose another folder and try again.").arg(path));
    paint(
        painter, pageLayout().paintRectPixels(kDpi).size(), [&writer] { writer.newPage(); }, report,
        breakdown);
    if (!painter.end())
        return Status::failure(
            tr("Cannot finish the PDF %1. Check the free space and try again.").arg(path));
    return Status::success();
}

QList<QImage> UsageExport::previewPages(const UsageReport &report,
                                        const UsageBreakdownModel &breakdown)
{
    const QPageLayout layout = pageLayout();
    const QRect full = layout.fullRectPixels(kDpi);
    const QRect paintRect = layout.paintRectPixels(kDpi);
    QList<QImage> pages;
    QImage page;
    QPainter painter;
    auto startPage = [&] {
        page = QImage(full.size(), QImage::Format_RGB32);
        page.setDotsPerMeterX(qRound(kDpi / 0.0254));
        page.setDotsPerMeterY(qRound(kDpi / 0.0254));
        page.fill(Qt::white);
        painter.begin(&page);
        painter.translate(paintRect.topLeft());
    };
    startPage();
    paint(
        painter, paintRect.size(),
        [&] {
            painter.end();
            pages << page;
            startPage();
        },
        report, breakdown);
    painter.end();
    pages << page;
    return pages;
}

void UsageExport::paint(QPainter &painter, const QSizeF &pageSize,
                        const std::function<void()> &newPage, const UsageReport &report,
                        const UsageBreakdownModel &breakdown)
{
    painter.setRenderHint(QPainter::Antialiasing);
    const ChartColors colors = ChartColors::paper();
    const QLocale locale;
    PageLayout layout(painter, pageSize, newPage);

    layout.text(tr("LLMux usage"), 20, true, colors.text, 4);
    layout.text(tr("%1, %2").arg(rangeText(report.range), granularityText(report.granularity)), 11,
                false, colors.secondaryText, 2);
    layout.text(
        tr("Exported %1").arg(locale.toString(QDateTime::currentDateTime(), QLocale::ShortFormat)),
        9, false, colors.secondaryText, 14);

    // Totals: a row of value-over-caption cells.
    const UsageTotals &t = report.totals;
    const QList<QPair<QString, QString>> totals = {
        {locale.toString(t.requests), tr("Requests")},
        {locale.toString(t.promptTokens), tr("Tokens in")},
        {locale.toString(t.completionTokens), tr("Tokens out")},
        {UsageBreakdownModel::formatCost(t.cost), tr("Cost")},
        {locale.toString(100 * t.errorRate(), 'f', 1) + QLatin1Char('%'), tr("Error rate")}};
    const qreal cellWidth = layout.width() / totals.size();
    const qreal top = layout.take(56);
    for (int i = 0; i < totals.size(); ++i) {
        const QRectF cell(i * cellWidth, top, cellWidth - 8, 52);
        painter.setPen(colors.grid);
        painter.drawRoundedRect(cell, 6, 6);
        QFont font = painter.font();
        font.setPointSize(14);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(colors.text);
        painter.drawText(cell.adjusted(8, 4, -8, -24), Qt::AlignLeft | Qt::AlignVCenter,
                         totals.at(i).first);
        font.setPointSize(8);
        font.setBold(false);
        painter.setFont(font);
        painter.setPen(colors.secondaryText);
        painter.drawText(cell.adjusted(8, 28, -8, -4), Qt::AlignLeft | Qt::AlignVCenter,
                         totals.at(i).second);
    }
    layout.skip(14);

    const QStringList labels =
        UsageCharts::bucketLabels(report.series, report.granularity, report.range.days() > 1);
    const struct
    {
        QString title;
        QChart *(*make)(const QList<UsageBucket> &, const QStringList &);
    } charts[] = {{tr("Tokens"), &UsageCharts::tokensChart},
                  {tr("Requests"), &UsageCharts::requestsChart},
                  {tr("Cost"), &UsageCharts::costChart}};
    for (const auto &chart : charts) {
        layout.text(chart.title, 12, true, colors.text, 2);
        renderChart(painter, chart.make(report.series, labels),
                    QRectF(0, layout.take(220), layout.width(), 210));
    }

    // The breakdown on its own page: its chart, then its table.
    layout.newPage();
    layout.text(dimensionText(report.dimension), 14, true, colors.text, 6);
    QStringList names;
    for (int row = 0; row < breakdown.rowCount(); ++row)
        names << breakdown.displayName(row);
    if (!names.isEmpty())
        renderChart(painter, UsageCharts::breakdownChart(breakdown.slices(), names),
                    QRectF(0, layout.take(230), layout.width(), 220));
    const qreal widths[] = {0.4, 0.15, 0.15, 0.15, 0.15};
    auto drawRow = [&](const QStringList &cells, bool header) {
        QFont font = painter.font();
        font.setPointSize(9);
        font.setBold(header);
        painter.setFont(font);
        const qreal y = layout.take(22);
        qreal x = 0;
        painter.setPen(header ? colors.secondaryText : colors.text);
        for (int c = 0; c < cells.size(); ++c) {
            const qreal w = widths[c] * layout.width();
            painter.drawText(QRectF(x + 4, y, w - 8, 22),
                             (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                             QFontMetricsF(font, painter.device())
                                 .elidedText(cells.at(c), Qt::ElideRight, w - 8));
            x += w;
        }
        painter.setPen(colors.grid);
        painter.drawLine(QPointF(0, y + 22), QPointF(layout.width(), y + 22));
    };
    QStringList header;
    for (int c = 0; c < UsageBreakdownModel::ColumnCount; ++c)
        header << breakdown.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    drawRow(header, true);
    for (int row = 0; row < breakdown.rowCount(); ++row) {
        QStringList cells;
        for (int c = 0; c < UsageBreakdownModel::ColumnCount; ++c)
            cells << breakdown.index(row, c).data().toString();
        drawRow(cells, false);
    }
    if (breakdown.rowCount() == 0)
        layout.text(tr("No requests in this range."), 10, false, colors.secondaryText);
}

} // namespace llmux
