#pragma once

#include "core/common/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace llmux {

class Database;

struct UsageTotals
{
    qint64 requests = 0;
    qint64 errors = 0; // status >= 400 or the client disconnected
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0;
    double medianLatencyMs = 0;

    qint64 tokens() const { return promptTokens + completionTokens; }
    double errorRate() const { return requests ? double(errors) / double(requests) : 0; }
};

// One bucket of a time series: [startMs, next bucket's startMs).
struct UsageBucket
{
    qint64 startMs = 0;
    UsageTotals totals;
};

enum class UsageDimension { Model, Provider, Key };

// One group of a breakdown. name is empty for requests without that dimension (no key, no
// provider reached); keyId is set only for UsageDimension::Key and requests made with a key.
struct UsageSlice
{
    QString name;
    std::optional<qint64> keyId;
    UsageTotals totals;
};

// Read-only aggregates over the request log for the usage page, the dashboard and the keys page.
// Ranges are half-open [from, to) in ms since the epoch. Queries scan a whole range: call them
// from a worker thread, never from the GUI thread.
class UsageQuery
{
public:
    explicit UsageQuery(const Database &db)
        : m_db(db)
    {}

    // Medians need every latency of a range in memory; callers that show no latency (the usage
    // page) turn them off and get medianLatencyMs = 0. On by default.
    void setWithMedians(bool on) { m_withMedians = on; }

    // Whether the log holds any request at all (an empty state instead of empty charts).
    Result<bool> hasUsage() const;
    Result<UsageTotals> totals(qint64 fromMs, qint64 toMs) const;
    // Buckets of bucketMs from fromMs up to toMs (the last one may be shorter), empty ones too.
    Result<QList<UsageBucket>> series(qint64 fromMs, qint64 toMs, qint64 bucketMs) const;
    // Buckets between explicit boundaries (ascending, at least two): bucket i is
    // [boundaries[i], boundaries[i + 1]). For calendar days, weeks and months across DST changes.
    Result<QList<UsageBucket>> series(const QList<qint64> &boundaries) const;
    // Groups ordered by requests, then tokens, then cost, biggest first.
    Result<QList<UsageSlice>> breakdown(qint64 fromMs, qint64 toMs, UsageDimension by) const;

private:
    const Database &m_db;
    bool m_withMedians = true;
};

} // namespace llmux
