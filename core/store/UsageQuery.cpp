#include "core/store/UsageQuery.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace llmux {
namespace {

const QString kAggregates = QStringLiteral(
    "COUNT(*), "
    "COALESCE(SUM(CASE WHEN status >= 400 OR client_disconnected <> 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), "
    "COALESCE(SUM(cost), 0)");

// Reads the five columns of kAggregates starting at column `first`.
UsageTotals readAggregates(const QSqlQuery &q, int first)
{
    UsageTotals t;
    t.requests = q.value(first).toLongLong();
    t.errors = q.value(first + 1).toLongLong();
    t.promptTokens = q.value(first + 2).toLongLong();
    t.completionTokens = q.value(first + 3).toLongLong();
    t.cost = q.value(first + 4).toDouble();
    return t;
}

// The median of a group's latencies: the middle value, or the mean of the two middle values.
// Sorting in SQLite (ORDER BY ... OFFSET n/2, or window functions) takes seconds on a million
// rows; selecting in memory takes a fraction of that.
double median(std::vector<double> &values)
{
    if (values.empty())
        return 0;
    const auto mid = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), mid, values.end());
    if (values.size() % 2)
        return *mid;
    const double below = *std::max_element(values.begin(), mid);
    return (below + *mid) / 2;
}

} // namespace

Result<bool> UsageQuery::hasUsage() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM request_log)"));
    if (auto s = sql::exec(q, QStringLiteral("reading usage")); !s)
        return s;
    return q.next() && q.value(0).toBool();
}

Result<UsageTotals> UsageQuery::totals(qint64 fromMs, qint64 toMs) const
{
    auto buckets = series(QList<qint64>{fromMs, std::max(fromMs, toMs)});
    if (!buckets)
        return buckets.status();
    return buckets->first().totals;
}

Result<QList<UsageBucket>> UsageQuery::series(qint64 fromMs, qint64 toMs, qint64 bucketMs) const
{
    if (bucketMs <= 0)
        return Result<QList<UsageBucket>>::failure(
            QStringLiteral("Usage buckets must be longer than zero (got %1 ms).").arg(bucketMs));
    QList<qint64> boundaries;
    for (qint64 t = fromMs; t < toMs; t += bucketMs)
        boundaries << t;
    if (boundaries.isEmpty())
        return QList<UsageBucket>();
    boundaries << toMs;
    return series(boundaries);
}

Result<QList<UsageBucket>> UsageQuery::series(const QList<qint64> &boundaries) const
{
    if (boundaries.size() < 2)
        return QList<UsageBucket>();
    if (!std::is_sorted(boundaries.cbegin(), boundaries.cend()))
        return Result<QList<UsageBucket>>::failure(
            QStringLiteral("Usage bucket boundaries must be in ascending order."));
    const QSqlDatabase db = m_db.connection();
    QSqlQuery aggregate(db);
    aggregate.prepare(QStringLiteral("SELECT ") + kAggregates +
                      QStringLiteral(" FROM request_log WHERE ts_ms >= ? AND ts_ms < ?"));
    QList<UsageBucket> out;
    out.reserve(boundaries.size() - 1);
    for (int i = 0; i + 1 < boundaries.size(); ++i) {
        UsageBucket bucket;
        bucket.startMs = boundaries.at(i);
        aggregate.bindValue(0, bucket.startMs);
        aggregate.bindValue(1, boundaries.at(i + 1));
        if (auto s = sql::exec(aggregate, QStringLiteral("reading usage")); !s)
            return s;
        if (aggregate.next())
            bucket.totals = readAggregates(aggregate, 0);
        aggregate.finish();
        out << bucket;
    }
    if (!m_withMedians)
        return out;

    // Latencies come in ts_ms order (the index), so each row falls in the current bucket or a
    // later one.
    QSqlQuery latencies(db);
    latencies.setForwardOnly(true);
    latencies.prepare(QStringLiteral("SELECT ts_ms, latency_ms FROM request_log WHERE ts_ms >= ? "
                                     "AND ts_ms < ? AND latency_ms IS NOT NULL ORDER BY ts_ms"));
    latencies.addBindValue(boundaries.first());
    latencies.addBindValue(boundaries.last());
    if (auto s = sql::exec(latencies, QStringLiteral("reading latencies")); !s)
        return s;
    int bucket = 0;
    std::vector<double> values;
    while (latencies.next()) {
        const qint64 ts = latencies.value(0).toLongLong();
        while (ts >= boundaries.at(bucket + 1)) {
            out[bucket].totals.medianLatencyMs = median(values);
            values.clear();
            ++bucket;
        }
        values.push_back(latencies.value(1).toDouble());
    }
    out[bucket].totals.medianLatencyMs = median(values);
    return out;
}

Result<QList<UsageSlice>> UsageQuery::breakdown(qint64 fromMs, qint64 toMs, UsageDimension by) const
{
    // The group's name: for keys the name of the key's newest request (SQLite takes bare
    // columns from the row of the single MAX()), so a renamed key shows its current name.
    QString group;
    QString name;
    switch (by) {
    case UsageDimension::Model:
        group = QStringLiteral("COALESCE(model_requested, '')");
        name = group;
        break;
    case UsageDimension::Provider:
        group = QStringLiteral("COALESCE(provider, '')");
        name = group;
        break;
    case UsageDimension::Key:
        group = QStringLiteral("key_id");
        name = QStringLiteral("COALESCE(key_name, '')");
        break;
    }
    const QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1, %2, MAX(ts_ms), %3 FROM request_log WHERE ts_ms >= ? AND "
                             "ts_ms < ? GROUP BY %1")
                  .arg(group, name, kAggregates));
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (auto s = sql::exec(q, QStringLiteral("reading the usage breakdown")); !s)
        return s;
    QList<UsageSlice> out;
    QHash<QString, int> indexOfGroup; // group value as text ("" for NULL keys)
    while (q.next()) {
        UsageSlice slice;
        slice.name = q.value(1).toString();
        if (by == UsageDimension::Key && !q.value(0).isNull())
            slice.keyId = q.value(0).toLongLong();
        slice.totals = readAggregates(q, 3);
        indexOfGroup.insert(q.value(0).isNull() ? QString() : q.value(0).toString(), out.size());
        out << slice;
    }
    q.finish();

    if (m_withMedians) {
        QSqlQuery latencies(db);
        latencies.setForwardOnly(true);
        latencies.prepare(QStringLiteral("SELECT %1, latency_ms FROM request_log WHERE ts_ms >= ? "
                                         "AND ts_ms < ? AND latency_ms IS NOT NULL")
                              .arg(group));
        latencies.addBindValue(fromMs);
        latencies.addBindValue(toMs);
        if (auto s = sql::exec(latencies, QStringLiteral("reading latencies")); !s)
            return s;
        std::vector<std::vector<double>> values(out.size());
        while (latencies.next()) {
            const QVariant g = latencies.value(0);
            const auto it = indexOfGroup.constFind(g.isNull() ? QString() : g.toString());
            if (it != indexOfGroup.constEnd())
                values[*it].push_back(latencies.value(1).toDouble());
        }
        for (int i = 0; i < out.size(); ++i)
            out[i].totals.medianLatencyMs = median(values[i]);
    }

    std::stable_sort(out.begin(), out.end(), [](const UsageSlice &a, const UsageSlice &b) {
        if (a.totals.requests != b.totals.requests)
            return a.totals.requests > b.totals.requests;
        if (a.totals.tokens() != b.totals.tokens())
            return a.totals.tokens() > b.totals.tokens();
        if (a.totals.cost != b.totals.cost)
            return a.totals.cost > b.totals.cost;
        return a.name < b.name;
    });
    return out;
}

} // namespace llmux
