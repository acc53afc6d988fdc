#pragma once

#include "core/config/GatewayConfig.h"
#include "core/domain/GatewayError.h"
#include "core/http/HeaderList.h"
#include "core/limits/LimitCounters.h"

#include <memory>

namespace llmux {

// What a request is, as far as rate limits care.
struct LimitedRequest
{
    QString keyName;
    QString projectName; // empty: in no project
    QString endpoint;    // KeyPermissions::endpointNames()
    // The names the request's model goes by: the one asked for, the route's, and each target's
    // provider/model, so that a model limit cannot be dodged by naming it another way.
    QStringList models;
    qint64 estimatedTokens = 0; // of the prompt; token limits admit on it, then settle
};

// What one request holds against the rate limits that apply to it, from admission to its end:
// its concurrent claims are given back when this is destroyed, its token estimate is settled on
// the real usage once known.
class Admission
{
public:
    Admission(std::shared_ptr<LimitCounters> counters, QList<LimitClaim> claims,
              QList<RateLimit> limits, LimitDecision decision, qint64 atMs);
    ~Admission();
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;

    bool admitted() const { return m_decision.admitted; }
    // The 429 a refused request gets: which limit, and when to try again.
    GatewayError refusal() const;
    // The limit that refused it (only when refused).
    RateLimit refusedLimit() const
    {
        return m_decision.refused >= 0 ? m_limits.at(m_decision.refused) : RateLimit{};
    }
    // OpenAI's x-ratelimit-{limit,remaining,reset}-{requests,tokens}, from the tightest limits.
    HeaderList headers() const;
    // The request's real token usage, once (prompt and answer).
    void settle(qint64 tokens, qint64 nowMs);

private:
    std::shared_ptr<LimitCounters> m_counters;
    QList<LimitClaim> m_claims;
    QList<RateLimit> m_limits; // one per claim
    LimitDecision m_decision;
    qint64 m_atMs;
    bool m_settled = false;
};

// Decides which rate limits apply to a request and asks the counters for room in all of them at
// once. No limit configured, nothing counted: most gateways pay nothing for this.
class RateLimiter
{
public:
    explicit RateLimiter(std::shared_ptr<LimitCounters> counters);

    // Null when no limit applies to the request.
    std::unique_ptr<Admission> admit(const GatewayConfig &config, const LimitedRequest &request,
                                     qint64 nowMs);
    static bool applies(const LimitRule &rule, const LimitedRequest &request);
    // What a limit's counter holds now: requests running, or requests or tokens in the window.
    qint64 inUse(const LimitRule &rule, qint64 nowMs) const;
    // "1s", "59s", "6m0s", "250ms", the way OpenAI's reset headers say it.
    static QByteArray durationText(qint64 ms);

private:
    static LimitClaim claimOf(const LimitRule &rule);
    std::shared_ptr<LimitCounters> m_counters;
};

} // namespace llmux
