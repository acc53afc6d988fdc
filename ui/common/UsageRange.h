#pragma once

#include <QDate>
#include <QList>
#include <QString>

namespace llmux {

// How finely usage is bucketed over time.
enum class Granularity { Hour, Day, Week, Month };

// A range of whole local calendar days, from the start of `from` to the end of `to`, and its
// buckets. Days, weeks and months follow the local calendar, so a day is 23 or 25 hours when the
// clocks change.
struct UsageRange
{
    QDate from;
    QDate to; // inclusive

    qint64 startMs() const;
    qint64 endMs() const; // exclusive: the start of the day after `to`
    int days() const { return int(from.daysTo(to)) + 1; }

    // A granularity that gives a readable number of buckets: hours for up to two days, days up
    // to two months, weeks up to a year, months beyond.
    Granularity automaticGranularity() const;
    // Whether a granularity gives a chart of a sensible size (hours only up to a month).
    bool allows(Granularity granularity) const;
    // Bucket boundaries from startMs() to endMs(): hours in real time; days, weeks (starting on
    // the locale's first day of the week) and months at local midnight. The first and last
    // bucket may be partial weeks or months.
    QList<qint64> boundaries(Granularity granularity) const;
};

// "hour", "day", "week", "month": for file names.
QString granularityId(Granularity granularity);

} // namespace llmux
