#pragma once

#include "core/limits/BudgetLedger.h"
#include "core/limits/RateLimiter.h"

namespace llmux {

// What keeps a gateway's use in check, shared by its workers: rate limits and budgets.
struct Governance
{
    RateLimiter limiter{std::make_shared<LocalLimitCounters>()};
    BudgetLedger budgets;
};

} // namespace llmux
