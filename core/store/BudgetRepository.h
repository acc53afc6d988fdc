#pragma once

#include "core/common/Result.h"
#include "core/domain/Budget.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes budgets, and sums what the request log says was spent against one.
class BudgetRepository
{
public:
    explicit BudgetRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<Budget>> list() const;
    // Adds the budget, or replaces the one with the same scope, subject, measure and period.
    Result<qint64> set(const Budget &budget);
    Status remove(qint64 id);

    // What the request log holds for a budget's subject in [fromMs, toMs): the cost of priced
    // requests, every token (prompt and answer), and the tokens of requests without a price
    // (counted in token quotas, missing from spending).
    struct Spending
    {
        double usd = 0;
        qint64 tokens = 0;
        qint64 unpricedTokens = 0;
        double in(Budget::Measure measure) const
        {
            return measure == Budget::Measure::Usd ? usd : double(tokens);
        }
    };
    Result<Spending> spent(const Budget &budget, qint64 fromMs, qint64 toMs) const;

private:
    const Database &m_db;
};

} // namespace llmux
