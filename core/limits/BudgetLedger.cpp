#include "core/limits/BudgetLedger.h"

#include <QLoggingCategory>

#include <limits>

namespace llmux {
namespace {

Q_LOGGING_CATEGORY(lcBudget, "llmux.budget", QtInfoMsg)

} // namespace

QString BudgetLedger::keyOf(const Budget &b)
{
    // With its creation time: a budget added later under a reused id starts afresh.
    return QStringLiteral("%1|%2|%3|%4")
        .arg(b.id)
        .arg(b.createdAt.toMSecsSinceEpoch())
        .arg(int(b.measure))
        .arg(int(b.period));
}

QList<BudgetLedger::Seed> BudgetLedger::unseeded(const QList<Budget> &budgets,
                                                 const QDateTime &now) const
{
    QMutexLocker lock(&m_mutex);
    QList<Seed> out;
    for (const Budget &b : budgets) {
        const qint64 start = windowOf(b, now).startMs;
        const auto it = m_standings.constFind(keyOf(b));
        if (it != m_standings.cend() && it->periodStartMs == start)
            continue;
        out << Seed{b, start, now.toMSecsSinceEpoch() + 1};
    }
    return out;
}

void BudgetLedger::seed(const Budget &budget, const QDateTime &now, double spent)
{
    QMutexLocker lock(&m_mutex);
    // Requests charged since unseeded() asked are added, not overwritten (a request both
    // charged and already in the log counts twice: this errs towards stopping early).
    const qint64 start = windowOf(budget, now).startMs;
    Standing &s = m_standings[keyOf(budget)];
    s = {start, spent + (s.periodStartMs == start ? s.spent : 0.0)};
}

BudgetLedger::CachedWindow BudgetLedger::windowOf(const Budget &budget, const QDateTime &now) const
{
    // Calendar periods need the local time zone, which is slow to ask: once per period.
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const QString key = keyOf(budget);
    {
        QMutexLocker lock(&m_windowMutex);
        const auto it = m_windows.constFind(key);
        if (it != m_windows.cend() && nowMs >= it->startMs && (it->endMs < 0 || nowMs < it->endMs))
            return *it;
    }
    const Budget::Window window = budget.periodAround(now);
    CachedWindow cached{window, window.start.toMSecsSinceEpoch(),
                        window.end.isValid() ? window.end.toMSecsSinceEpoch() : -1};
    QMutexLocker lock(&m_windowMutex);
    m_windows.insert(key, cached);
    return cached;
}

bool BudgetLedger::applies(const Budget &b, const QString &keyName, const QString &projectName)
{
    switch (b.scope) {
    case Budget::Scope::Global:
        return true;
    case Budget::Scope::Project:
        return !projectName.isEmpty() && b.subject.compare(projectName, Qt::CaseInsensitive) == 0;
    case Budget::Scope::Key:
        return b.subject == keyName;
    }
    return false;
}

double BudgetLedger::spent(const Budget &budget, const QDateTime &now) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_standings.constFind(keyOf(budget));
    if (it == m_standings.cend() || it->periodStartMs != windowOf(budget, now).startMs)
        return 0;
    return it->spent;
}

std::optional<GatewayError> BudgetLedger::stop(const QList<Budget> &budgets, const QString &keyName,
                                               const QString &projectName,
                                               const QDateTime &now) const
{
    for (const Budget &b : budgets) {
        if (!b.hard || !applies(b, keyName, projectName))
            continue;
        const double used = spent(b, now);
        if (used < b.amount)
            continue;
        const Budget::Window window = windowOf(b, now).window;
        GatewayError e;
        e.status = 429;
        e.code = "insufficient_quota";
        const QString raise =
            QStringLiteral("llmux budget set %1--%2 AMOUNT --period %3 --hard")
                .arg(b.scope == Budget::Scope::Global
                         ? QStringLiteral("--global ")
                         : QStringLiteral("--%1 %2 ").arg(Budget::scopeName(b.scope), b.subject),
                     b.measure == Budget::Measure::Usd ? QStringLiteral("usd")
                                                       : QStringLiteral("tokens"),
                     Budget::periodName(b.period));
        if (window.end.isValid()) {
            e.retryAfter = QByteArray::number(std::max<qint64>(1, now.secsTo(window.end)));
            e.message = QStringLiteral("Budget %1 is used up: %2 has spent %3 of %4. It starts "
                                       "again at %5; or raise it: %6.")
                            .arg(b.id)
                            .arg(b.subjectText(), b.valueText(used), b.amountText(),
                                 window.end.toString(Qt::ISODate), raise);
        } else {
            e.message = QStringLiteral("Budget %1 is used up: %2 has spent %3 of %4. Raise it to "
                                       "go on: %5.")
                            .arg(b.id)
                            .arg(b.subjectText(), b.valueText(used), b.amountText(), raise);
        }
        return e;
    }
    return std::nullopt;
}

QList<BudgetLedger::Crossing> BudgetLedger::charge(const QList<Budget> &budgets,
                                                   const QString &keyName,
                                                   const QString &projectName,
                                                   std::optional<double> usd, qint64 tokens,
                                                   const QDateTime &now)
{
    QList<Crossing> crossed;
    QMutexLocker lock(&m_mutex);
    for (const Budget &b : budgets) {
        if (!applies(b, keyName, projectName))
            continue;
        const double add = b.measure == Budget::Measure::Usd ? usd.value_or(0) : double(tokens);
        Standing &s = m_standings[keyOf(b)];
        const qint64 start = windowOf(b, now).startMs;
        if (s.periodStartMs != start) // a new period: nothing spent in it yet
            s = {start, 0};
        const double before = s.spent;
        s.spent += add;
        if (b.amount <= 0)
            continue;
        // A hard budget always says when it starts refusing, whatever its thresholds.
        QList<int> marks = b.alertAt;
        if (b.hard && !marks.contains(100))
            marks << 100;
        for (int percent : std::as_const(marks)) {
            const double mark = b.amount * percent / 100.0;
            if (before < mark && s.spent >= mark) {
                crossed << Crossing{b, percent, s.spent};
                qCWarning(lcBudget).noquote()
                    << QStringLiteral("budget %1 (%2, %3) reached %4%: %5 spent")
                           .arg(b.id)
                           .arg(b.subjectText(), b.amountText())
                           .arg(percent)
                           .arg(b.valueText(s.spent));
            }
        }
    }
    return crossed;
}

} // namespace llmux
