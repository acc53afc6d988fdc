#include "ui/common/GovernanceText.h"

#include <QLocale>

namespace llmux {

QString GovernanceText::subjectOf(const RateLimit &limit)
{
    switch (limit.scope) {
    case RateLimit::Scope::Global:
        return tr("Everything");
    case RateLimit::Scope::Endpoint:
        return tr("Endpoint %1").arg(limit.subject);
    case RateLimit::Scope::Project:
        return tr("Project %1").arg(limit.subject);
    case RateLimit::Scope::Key:
        return tr("Key %1").arg(limit.subject);
    case RateLimit::Scope::Model:
        return tr("Model %1").arg(limit.subject);
    }
    return limit.subject;
}

QString GovernanceText::windowText(qint64 windowMs)
{
    const qint64 s = windowMs / 1000;
    if (s > 0 && s % 86400 == 0)
        return s == 86400 ? tr("day") : tr("%n days", nullptr, int(s / 86400));
    if (s > 0 && s % 3600 == 0)
        return s == 3600 ? tr("hour") : tr("%n hours", nullptr, int(s / 3600));
    if (s > 0 && s % 60 == 0)
        return s == 60 ? tr("minute") : tr("%n minutes", nullptr, int(s / 60));
    return tr("%n seconds", nullptr, int(s));
}

QString GovernanceText::rateOf(const RateLimit &limit)
{
    QString amount = QLocale().toString(limit.amount);
    switch (limit.kind) {
    case RateLimit::Kind::Requests:
        return tr("%1 requests per %2").arg(amount, windowText(limit.windowMs));
    case RateLimit::Kind::Tokens:
        return tr("%1 tokens per %2").arg(amount, windowText(limit.windowMs));
    case RateLimit::Kind::Concurrent:
        return tr("%1 requests at once").arg(amount);
    }
    return amount;
}

QString GovernanceText::subjectOf(const Budget &budget)
{
    switch (budget.scope) {
    case Budget::Scope::Global:
        return tr("Everything");
    case Budget::Scope::Project:
        return tr("Project %1").arg(budget.subject);
    case Budget::Scope::Key:
        return tr("Key %1").arg(budget.subject);
    }
    return budget.subject;
}

QString GovernanceText::value(const Budget &budget, double value)
{
    if (budget.measure == Budget::Measure::Usd)
        return QStringLiteral("$") +
               QLocale().toString(value, 'f', value > 0 && value < 0.1 ? 4 : 2);
    return tr("%1 tokens").arg(QLocale().toString(qint64(value)));
}

QString GovernanceText::amountOf(const Budget &budget)
{
    QString period;
    switch (budget.period) {
    case Budget::Period::Day:
        period = tr("%1 per day");
        break;
    case Budget::Period::Week:
        period = tr("%1 per week");
        break;
    case Budget::Period::Month:
        period = tr("%1 per month");
        break;
    case Budget::Period::Total:
        period = tr("%1 in total");
        break;
    }
    QString text = period.arg(value(budget, budget.amount));
    if (budget.hard)
        text = tr("%1, hard").arg(text);
    return text;
}

} // namespace llmux
