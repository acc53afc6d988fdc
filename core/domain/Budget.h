#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace llmux {

// A spending budget or token quota for everything, one project or one key, per day, week, month
// (calendar periods in local time; weeks start on Monday) or in total. Crossing a threshold
// (percent of the amount) is worth an alert; a hard budget also refuses requests once spent,
// until the period rolls over or the amount is raised.
struct Budget
{
    enum class Scope { Global, Project, Key };
    enum class Measure { Usd, Tokens };
    enum class Period { Day, Week, Month, Total };

    qint64 id = 0;
    Scope scope = Scope::Global;
    QString subject; // project or key name; empty for global
    Measure measure = Measure::Usd;
    double amount = 0;
    Period period = Period::Month;
    QList<int> alertAt = defaultAlerts();
    bool hard = false;
    QDateTime createdAt;

    // 50, 80 and 100 %.
    static QList<int> defaultAlerts();
    static QString scopeName(Scope scope);
    static std::optional<Scope> scopeFromName(const QString &name);
    static QString measureName(Measure measure);
    static std::optional<Measure> measureFromName(const QString &name);
    static QString periodName(Period period);
    static std::optional<Period> periodFromName(const QString &name);
    // "50,80,100" as percents from 1 to 1000, ascending; nullopt for anything else.
    static std::optional<QList<int>> alertsFromText(const QString &text);

    // The period holding `now`: [start, end). A total budget's period began at the epoch and
    // never ends (an invalid end).
    struct Window
    {
        QDateTime start;
        QDateTime end;
    };
    Window periodAround(const QDateTime &now) const;
    // Where spending is heading by the end of the period at its pace so far; nullopt for a total
    // budget (no end) or too early in the period to tell (under 1 %).
    std::optional<double> projectedSpend(double spent, const QDateTime &now) const;

    // "project team-a", "key cherry", "everything".
    QString subjectText() const;
    // "$1.00", "250000 tokens": a value in this budget's measure.
    QString valueText(double value) const;
    // "$1.00 per month (hard)", "1000000 tokens in total".
    QString amountText() const;
};

} // namespace llmux
