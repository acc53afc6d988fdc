#include "ui/common/UsageRange.h"

#include <QDateTime>
#include <QLocale>

namespace llmux {

qint64 UsageRange::startMs() const
{
    return from.startOfDay().toMSecsSinceEpoch();
}

qint64 UsageRange::endMs() const
{
    return to.addDays(1).startOfDay().toMSecsSinceEpoch();
}

Granularity UsageRange::automaticGranularity() const
{
    const int n = days();
    if (n <= 2)
        return Granularity::Hour;
    if (n <= 62)
        return Granularity::Day;
    if (n <= 366)
        return Granularity::Week;
    return Granularity::Month;
}

bool UsageRange::allows(Granularity granularity) const
{
    return granularity != Granularity::Hour || days() <= 31;
}

QList<qint64> UsageRange::boundaries(Granularity granularity) const
{
    const qint64 start = startMs();
    const qint64 end = endMs();
    QList<qint64> out{start};
    if (end <= start)
        return out << start;
    switch (granularity) {
    case Granularity::Hour:
        for (qint64 t = start + 3600 * 1000; t < end; t += 3600 * 1000)
            out << t;
        break;
    case Granularity::Day:
        for (QDate d = from.addDays(1); d <= to; d = d.addDays(1))
            out << d.startOfDay().toMSecsSinceEpoch();
        break;
    case Granularity::Week: {
        const int firstDay = int(QLocale().firstDayOfWeek());
        QDate d = from.addDays(1);
        while (d.dayOfWeek() != firstDay)
            d = d.addDays(1);
        for (; d <= to; d = d.addDays(7))
            out << d.startOfDay().toMSecsSinceEpoch();
        break;
    }
    case Granularity::Month:
        for (QDate d = QDate(from.year(), from.month(), 1).addMonths(1); d <= to;
             d = d.addMonths(1))
            out << d.startOfDay().toMSecsSinceEpoch();
        break;
    }
    out << end;
    return out;
}

QString granularityId(Granularity granularity)
{
    switch (granularity) {
    case Granularity::Hour:
        return QStringLiteral("hour");
    case Granularity::Day:
        return QStringLiteral("day");
    case Granularity::Week:
        return QStringLiteral("week");
    case Granularity::Month:
        break;
    }
    return QStringLiteral("month");
}

} // namespace llmux
