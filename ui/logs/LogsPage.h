#pragma once

#include "core/domain/Records.h"
#include "core/store/RequestLogQuery.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace llmux {

class Database;
class Gateway;
class RequestLogModel;

// The logs page: the whole request log in a table, newest first, with filters, a live tail of
// what the gateway writes, and every field of the selected request below. The model reads on its
// own thread; this page never runs SQL.
class LogsPage : public QWidget
{
    Q_OBJECT
public:
    enum TimeRange { LastHour, LastDay, LastWeek, LastMonth, AllTime, Custom };

    LogsPage(Gateway *gateway, const Database &db, QWidget *parent = nullptr);

    RequestLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *summaryLabel() const { return m_summary; }
    QComboBox *timeRangeCombo() const { return m_range; }
    QDateTimeEdit *fromEdit() const { return m_from; }
    QDateTimeEdit *toEdit() const { return m_to; }
    QComboBox *statusCombo() const { return m_status; }
    QComboBox *modelCombo() const { return m_modelFilter; }
    QComboBox *providerCombo() const { return m_provider; }
    QComboBox *keyCombo() const { return m_key; }
    QLineEdit *searchEdit() const { return m_search; }
    QCheckBox *liveTailCheck() const { return m_live; }
    // "N new requests": shown while entries are held back; a click puts them at the top.
    QPushButton *newRequestsButton() const { return m_newRequests; }
    QPlainTextEdit *detailEdit() const { return m_detail; }
    QPushButton *copyDetailButton() const { return m_copy; }
    QLabel *errorLabel() const { return m_error; }
    QSplitter *splitter() const { return m_splitter; }

    // The filter the widgets describe now ("last hour" counts back from now).
    RequestLogFilter currentFilter() const;
    // Applies the filter at once instead of after the typing pause.
    void applyFilter();

    // Every field of an entry, a line each, times in local time with milliseconds.
    static QString describe(const RequestLogEntry &entry);

public Q_SLOTS:
    // Entries the usage writer stored, oldest first.
    void addEntries(const QList<llmux::RequestLogEntry> &entries);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildFilters();
    QWidget *buildDetail();
    void fillChoices(QComboBox *combo, const QStringList &values);
    void addChoice(QComboBox *combo, const QString &value);
    void refreshSummary();
    void refreshDetail();
    void refreshAutoInsert();
    void refreshNewRequests(int count);

    RequestLogModel *m_model;
    bool m_started = false;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QComboBox *m_range = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_modelFilter = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_key = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchPause = nullptr;
    QCheckBox *m_live = nullptr;
    QPushButton *m_newRequests = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_detailTitle = nullptr;
};

} // namespace llmux
