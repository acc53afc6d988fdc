#include "core/domain/Budget.h"

#include <QStringList>

#include <algorithm>

namespace llmux {
namespace {

const QStringList kScopes = {QStringLiteral("global"), QStringLiteral("project"),
                             QStringLiteral("key")};
const QStringList kMeasures = {QStringLiteral("usd"), QStringLiteral("tokens")};
const QStringList kPeriods = {QStringLiteral("day"), QStringLiteral("week"),
                              QStringLiteral("month"), QStringLiteral("total")};

template <typename E> std::optional<E> fromName(const QStringList &names, const QString &name)
{
    const qsizetype i = names.indexOf(name.trimmed().toLower());
    return i < 0 ? std::nullopt : std::optional(E(i));
}

} // namespace

QList<int> Budget::defaultAlerts()
{
    return QList<int>() << 50 << 80 << 100;
}

QString Budget::scopeName(Scope scope)
{
    return kScopes.at(int(scope));
}

std::optional<Budget::Scope> Budget::scopeFromName(const QString &name)
{
    return fromName<Scope>(kScopes, name);
}

QString Budget::measureName(Measure measure)
{
    return kMeasures.at(int(measure));
}

std::optional<Budget::Measure> Budget::measureFromName(const QString &name)
{
    return fromName<Measure>(kMeasures, name);
}

QString Budget::periodName(Period period)
{
    return kPeriods.at(int(period));
}

std::optional<Budget::Period> Budget::periodFromName(const QString &name)
{
    return fromName<Period>(kPeriods, name);
}

std::optional<QList<int>> Budget::alertsFromText(const QString &text)
{
    QList<int> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int percent = part.trimmed().remove(QLatin1Char('%')).toInt(&ok);
        if (!ok || percent < 1 || percent > 1000)
            return std::nullopt;
        if (!out.contains(percent))
            out << percent;
    }
    std::sort(out.begin(), out.end());
    return out;
}

Budget::Window Budget::periodAround(const QDateTime &now) const
{
    const QDate today = now.toLocalTime().date();
    QDate first;
    QDate next;
    switch (period) {
    case Period::Day:
        first = today;
        next = today.addDays(1);
        break;
    case Period::Week:
        first = today.addDays(1 - today.dayOfWeek());
        next = first.addDays(7);
        break;
    case Period::Month:
        first = QDate(today.year(), today.month(), 1);
        next = first.addMonths(1);
        break;
    case Period::Total:
        return {QDateTime::fromMSecsSinceEpoch(0), QDateTime()};
    }
    return {first.startOfDay(), next.startOfDay()};
}

std::optional<double> Budget::projectedSpend(double spent, const QDateTime &now) const
{
    const Window window = periodAround(now);
    if (!window.end.isValid())
        return std::nullopt;
    const double elapsed = double(window.start.msecsTo(now)) /
                           double(std::max<qint64>(1, window.start.msecsTo(window.end)));
    if (elapsed <= 0.01)
        return std::nullopt;
    return spent / std::min(1.0, elapsed);
}

QString Budget::subjectText() const
{
    return scope == Scope::Global ? QStringLiteral("everything")
                                  : scopeName(scope) + QLatin1Char(' ') + subject;
}

QString Budget::valueText(double value) const
{
    if (measure == Measure::Usd)
        return QStringLiteral("$") + QString::number(value, 'f', value > 0 && value < 1 ? 4 : 2);
    return QStringLiteral("%1 tokens").arg(qint64(value));
}

QString Budget::amountText() const
{
    const QString per = period == Period::Total ? QStringLiteral(" in total")
                                                : QStringLiteral(" per ") + periodName(period);
    return valueText(amount) + per + (hard ? QStringLiteral(" (hard)") : QString());
}

} // namespace llmux
