#include "core/limits/RateLimiter.h"

#include <algorithm>

namespace llmux {

Admission::Admission(std::shared_ptr<LimitCounters> counters, QList<LimitClaim> claims,
                     QList<RateLimit> limits, LimitDecision decision, qint64 atMs)
    : m_counters(std::move(counters))
    , m_claims(std::move(claims))
    , m_limits(std::move(limits))
    , m_decision(std::move(decision))
    , m_atMs(atMs)
{}

Admission::~Admission()
{
    if (!m_decision.admitted)
        return;
    for (const LimitClaim &claim : std::as_const(m_claims))
        m_counters->release(claim);
}

GatewayError Admission::refusal() const
{
    if (m_decision.admitted || m_decision.refused < 0)
        return {};
    const RateLimit &limit = m_limits.at(m_decision.refused);
    GatewayError e;
    e.status = 429;
    e.code = "rate_limit_exceeded";
    if (m_decision.retryAfterMs < 0) {
        e.message =
            QStringLiteral("Rate limit %1 (%2: %3) cannot take this request: it needs "
                           "more %4 than the limit allows in one window.")
                .arg(limit.id)
                .arg(limit.subjectText(), limit.rateText(), RateLimit::kindName(limit.kind));
        return e;
    }
    const qint64 seconds = std::max<qint64>(1, (m_decision.retryAfterMs + 999) / 1000);
    e.retryAfter = QByteArray::number(seconds);
    // "Please try again in Ns." is what OpenAI's clients (Codex) read to wait.
    e.message = QStringLiteral("Rate limit reached for %1: %2 (limit %3). Please try again in "
                               "%4s.")
                    .arg(limit.subjectText(), limit.rateText())
                    .arg(limit.id)
                    .arg(seconds);
    return e;
}

HeaderList Admission::headers() const
{
    HeaderList out;
    for (const RateLimit::Kind kind : {RateLimit::Kind::Requests, RateLimit::Kind::Tokens}) {
        int tightest = -1;
        for (int i = 0; i < m_limits.size() && i < m_decision.remaining.size(); ++i)
            if (m_limits.at(i).kind == kind &&
                (tightest < 0 || m_decision.remaining.at(i) < m_decision.remaining.at(tightest)))
                tightest = i;
        if (tightest < 0)
            continue;
        const QByteArray suffix = kind == RateLimit::Kind::Requests ? "requests" : "tokens";
        out.append(
            {"x-ratelimit-limit-" + suffix, QByteArray::number(m_limits.at(tightest).amount)});
        out.append({"x-ratelimit-remaining-" + suffix,
                    QByteArray::number(m_decision.remaining.at(tightest))});
        out.append({"x-ratelimit-reset-" + suffix,
                    RateLimiter::durationText(m_decision.resetInMs.at(tightest))});
    }
    return out;
}

void Admission::settle(qint64 tokens, qint64 nowMs)
{
    if (!m_decision.admitted || m_settled)
        return;
    m_settled = true;
    for (int i = 0; i < m_claims.size(); ++i)
        if (m_limits.at(i).kind == RateLimit::Kind::Tokens)
            m_counters->settle(m_claims.at(i), m_atMs, tokens - m_claims.at(i).amount, nowMs);
}

RateLimiter::RateLimiter(std::shared_ptr<LimitCounters> counters)
    : m_counters(std::move(counters))
{}

bool RateLimiter::applies(const LimitRule &rule, const LimitedRequest &request)
{
    const RateLimit &l = rule.limit;
    switch (l.scope) {
    case RateLimit::Scope::Global:
        return true;
    case RateLimit::Scope::Endpoint:
        return l.subject == request.endpoint;
    case RateLimit::Scope::Project:
        return !request.projectName.isEmpty() &&
               l.subject.compare(request.projectName, Qt::CaseInsensitive) == 0;
    case RateLimit::Scope::Key:
        return l.subject == request.keyName;
    case RateLimit::Scope::Model:
        return std::any_of(request.models.cbegin(), request.models.cend(), [&](const QString &m) {
            return m.size() <= 256 && rule.modelPattern.match(m).hasMatch();
        });
    }
    return false;
}

LimitClaim RateLimiter::claimOf(const LimitRule &rule)
{
    LimitClaim claim;
    claim.counter = rule.counter;
    claim.concurrent = rule.limit.kind == RateLimit::Kind::Concurrent;
    claim.limit = rule.limit.amount;
    claim.windowMs = rule.limit.windowMs;
    return claim;
}

qint64 RateLimiter::inUse(const LimitRule &rule, qint64 nowMs) const
{
    return m_counters->inUse(claimOf(rule), nowMs);
}

std::unique_ptr<Admission> RateLimiter::admit(const GatewayConfig &config,
                                              const LimitedRequest &request, qint64 nowMs)
{
    QList<LimitClaim> claims;
    QList<RateLimit> limits;
    for (const LimitRule &rule : config.limits) {
        if (!applies(rule, request))
            continue;
        const RateLimit &l = rule.limit;
        LimitClaim claim = claimOf(rule);
        // A token limit admits on the prompt's estimate, at least one token.
        claim.amount = l.kind == RateLimit::Kind::Tokens
                           ? std::clamp<qint64>(request.estimatedTokens, 1, l.amount)
                           : 1;
        claims << claim;
        limits << l;
    }
    if (claims.isEmpty())
        return nullptr;
    LimitDecision decision = m_counters->acquire(claims, nowMs);
    return std::make_unique<Admission>(m_counters, std::move(claims), std::move(limits),
                                       std::move(decision), nowMs);
}

QByteArray RateLimiter::durationText(qint64 ms)
{
    if (ms < 1000)
        return QByteArray::number(std::max<qint64>(0, ms)) + "ms";
    qint64 s = (ms + 999) / 1000;
    QByteArray out;
    if (s >= 3600) {
        out += QByteArray::number(s / 3600) + 'h';
        s %= 3600;
    }
    if (!out.isEmpty() || s >= 60) {
        out += QByteArray::number(s / 60) + 'm';
        s %= 60;
    }
    return out + QByteArray::number(s) + 's';
}

} // namespace llmux
