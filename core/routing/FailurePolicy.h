#pragma once

#include "core/config/GatewayConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace llmux {

// One upstream attempt that did not give the client an answer.
struct AttemptFailure
{
    enum class Kind { Unreachable, Timeout, Protocol, Status };
    Kind kind = Kind::Status;
    int status = 0;          // the provider's HTTP status, for Kind::Status
    QByteArray retryAfter;   // its Retry-After header
    QByteArray body;         // its error body
    QString summary;         // one line for the log and the final error
    bool proxyFault = false; // the proxy failed, not the provider
    // The provider's rate-limit headers show a limit used up (a "remaining" count at zero).
    bool limitExhausted = false;
};

// What a failure says about where the fault lies, and so what to try next.
struct FailureVerdict
{
    enum class Scope {
        Client,    // the request itself is wrong: answer it, try nothing else
        Key,       // this API key is rejected or limited: another key of the same provider may work
        Target,    // this target cannot serve the request: try other targets, not this one again
        Transient, // anything may work on another try, this target included
    };
    enum class KeyAction { None, Cooldown, Disable };

    Scope scope = Scope::Client;
    KeyAction key = KeyAction::None;
    qint64 cooldownMs = 0;
    bool countsAgainstTarget = false; // feeds the circuit breaker
    QString keyReason;                // why the key was taken out ("rate limited", ...)
    bool outOfBalance = false;        // the key was disabled for want of credit
};

// Decides what a failure means. Connection errors, timeouts, 5xx, 529 and 408 are transient;
// 429 cools the key down for its Retry-After when the provider signals a key- or model-wide limit
// (Retry-After, a retry delay, rate-limit headers at zero), otherwise it is about that request
// alone ("request too large") and only moves on to another key; 401/403 and exhausted balances
// take the key out until it is tested again; 404 and 501 rule the target out; other 4xx are the
// client's fault.
class FailurePolicy
{
public:
    static FailureVerdict classify(const AttemptFailure &failure, const RetryPolicy &retry,
                                   const QDateTime &now = QDateTime::currentDateTimeUtc());

    // How long a provider asked to wait: Retry-After in seconds or as an HTTP date, else Gemini's
    // RetryInfo "retryDelay" in the body; 0 when it did not say.
    static qint64 retryAfterMs(const QByteArray &header, const QByteArray &body,
                               const QDateTime &now);
    // Whether one response header (name in lower case) reports a rate limit used up:
    // "x-ratelimit-remaining-requests: 0", "anthropic-ratelimit-tokens-remaining: 0",
    // "ratelimit-remaining: 0" and the like.
    static bool isExhaustedLimitHeader(QByteArrayView lowerCaseName, QByteArrayView value);
};

} // namespace llmux
