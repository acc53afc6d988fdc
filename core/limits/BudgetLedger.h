#pragma once

#include "core/domain/Budget.h"
#include "core/domain/GatewayError.h"

#include <QHash>
#include <QMutex>

#include <optional>

namespace llmux {

// What each budget has spent in its current period, kept in memory so that a request is never
// held up by the database: read once from the request log when a budget (or its period) is new,
// then counted up as requests end. Refuses requests once a hard budget is spent, and says which
// alert thresholds a request crossed. Thread-safe.
class BudgetLedger
{
public:
    // A budget whose spending must be read from the request log first, over [fromMs, toMs).
    struct Seed
    {
        Budget budget;
        qint64 fromMs = 0;
        qint64 toMs = 0;
    };
    QList<Seed> unseeded(const QList<Budget> &budgets, const QDateTime &now) const;
    void seed(const Budget &budget, const QDateTime &now, double spent);

    static bool applies(const Budget &budget, const QString &keyName, const QString &projectName);
    // The 429 a request gets when a hard budget that applies to it is spent; nullopt: it may go.
    std::optional<GatewayError> stop(const QList<Budget> &budgets, const QString &keyName,
                                     const QString &projectName, const QDateTime &now) const;

    // A threshold a request's spending went past.
    struct Crossing
    {
        Budget budget;
        int percent = 0;
        double spent = 0;
    };
    // Counts a finished request: its cost (none: a model without a price, which only token
    // quotas count) and its tokens.
    QList<Crossing> charge(const QList<Budget> &budgets, const QString &keyName,
                           const QString &projectName, std::optional<double> usd, qint64 tokens,
                           const QDateTime &now);
    // Spent in the current period; 0 when nothing is known.
    double spent(const Budget &budget, const QDateTime &now) const;

private:
    struct Standing
    {
        qint64 periodStartMs = 0;
        double spent = 0;
    };
    static QString keyOf(const Budget &budget);

    mutable QMutex m_mutex;
    // By budget id, creation time and settings: a budget changed to another measure or period,
    // or a new one under a reused id, starts afresh.
    QHash<QString, Standing> m_standings;
    struct CachedWindow
    {
        Budget::Window window;
        qint64 startMs = 0;
        qint64 endMs = -1; // -1: never ends
    };
    CachedWindow windowOf(const Budget &budget, const QDateTime &now) const;
    mutable QMutex m_windowMutex; // apart from m_mutex: asked with it held
    mutable QHash<QString, CachedWindow> m_windows;
};

} // namespace llmux
