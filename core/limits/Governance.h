#pragma once

#include "core/limits/BudgetLedger.h"
#include "core/limits/RateLimiter.h"

#include <functional>

namespace llmux {

// What keeps a gateway's use in check, shared by its workers: rate limits and budgets.
struct Governance
{
    RateLimiter limiter{std::make_shared<LocalLimitCounters>()};
    BudgetLedger budgets;
    // Told (from any worker thread) when a request's spending crossed a budget's alert threshold
    // and when a limit refused a request; set before the workers start.
    std::function<void(const BudgetLedger::Crossing &)> crossed;
    std::function<void(const RateLimit &)> refused;
};

} // namespace llmux
