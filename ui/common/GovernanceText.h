#pragma once

#include "core/domain/Budget.h"
#include "core/domain/RateLimit.h"

#include <QCoreApplication>
#include <QString>

namespace llmux {

// How limits and budgets read in the interface's language: what they apply to, how much they
// allow, and amounts in their measure. The core's English texts serve the command line.
class GovernanceText
{
    Q_DECLARE_TR_FUNCTIONS(llmux::GovernanceText)
public:
    static QString subjectOf(const RateLimit &limit);
    static QString rateOf(const RateLimit &limit);
    static QString subjectOf(const Budget &budget);
    static QString amountOf(const Budget &budget);            // "$20.00 per month, hard"
    static QString value(const Budget &budget, double value); // "$1.25", "30,000 tokens"
    static QString windowText(qint64 windowMs);
};

} // namespace llmux
