#pragma once

#include "core/common/Result.h"
#include "ui/usage/UsageExport.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace llmux {

class Database;
class Gateway;
class NumberCards;
class UsageBreakdownModel;
class UsageLoader;

// The usage page: tokens, requests and cost over a range of days, in totals, charts over time
// and a breakdown by model, provider or key; exported as CSV or PDF. Queries run on a worker
// thread (UsageLoader); the page refreshes, throttled, as the gateway writes new usage.
class UsagePage : public QWidget
{
    Q_OBJECT
public:
    enum Preset { Today, Last7Days, Last30Days, ThisMonth, Custom };
    enum Card { Requests, TokensIn, TokensOut, Cost, ErrorRate, CardCount };

    UsagePage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);

    // Writes what the page shows; the export buttons ask for a path and call these. Once written,
    // the page says where (exportNote()), with a link to the folder.
    Status exportCsv(const QString &path);
    Status exportPdf(const QString &path);
    QLabel *exportNote() const { return m_exportNote; }

    // Shows a range of days; the granularity follows it (automatic) unless given.
    void setRange(const QDate &from, const QDate &to);
    void setPreset(Preset preset);
    void setGranularity(Granularity granularity);
    void setDimension(UsageDimension dimension);
    // Reads the usage again (also done, throttled, when new usage is written).
    void reload();

    bool isBusy() const;
    bool isLoaded() const { return m_loaded; }
    const UsageReport &report() const { return m_report; }
    QString cardText(Card card) const;
    QString problemText() const;
    bool showsEmptyState() const;

    QComboBox *presetCombo() const { return m_preset; }
    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    QComboBox *granularityCombo() const { return m_granularity; }
    QComboBox *dimensionCombo() const { return m_dimension; }
    UsageBreakdownModel *breakdownModel() const { return m_breakdownModel; }
    QTableView *breakdownView() const { return m_breakdownView; }
    QChartView *tokensChartView() const { return m_tokensView; }
    QChartView *requestsChartView() const { return m_requestsView; }
    QChartView *costChartView() const { return m_costView; }
    QChartView *breakdownChartView() const { return m_breakdownChartView; }
    QLabel *busyLabel() const { return m_busy; }
    // Names the models whose usage has no price (empty when every used model has one).
    QString priceHintText() const;
    QPushButton *csvButton() const { return m_csvButton; }
    QPushButton *pdfButton() const { return m_pdfButton; }

Q_SIGNALS:
    // After a query's result is shown (tests wait for it).
    void loaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    Status noteExport(const QString &path, const Status &written);
    QWidget *buildControls();
    QWidget *buildContent();
    void presetChosen(int index);
    void datesEdited();
    void rangeChanged();
    Granularity currentGranularity() const;
    UsageDimension currentDimension() const;
    void showReport(const UsageReport &report, const QString &problem);
    void restyleCharts();
    void usageWritten();
    void refreshForNewUsage();
    // The days of a preset as of today (Custom: today).
    static UsageRange presetRange(Preset preset);
    void chooseCsvPath();
    void choosePdfPath();

    UsageLoader *m_loader;
    UsageReport m_report;
    bool m_loaded = false;
    bool m_stale = false;
    UsageBreakdownModel *m_breakdownModel;
    QTimer *m_refreshTimer;
    QLabel *m_summary;
    QLabel *m_busy;
    QLabel *m_priceHint = nullptr;
    QLabel *m_exportNote = nullptr;
    QLabel *m_problem;
    QPushButton *m_csvButton;
    QPushButton *m_pdfButton;
    QComboBox *m_preset;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_granularity;
    QComboBox *m_dimension;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QWidget *m_content;
    NumberCards *m_cards = nullptr;
    QChartView *m_tokensView = nullptr;
    QChartView *m_requestsView = nullptr;
    QChartView *m_costView = nullptr;
    QChartView *m_breakdownChartView = nullptr;
    QTableView *m_breakdownView = nullptr;
};

} // namespace llmux
