#include "core/routing/FailurePolicy.h"

#include "core/translate/UpstreamErrorMapper.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace llmux {
namespace {

// A provider's hint is honoured up to a day; absurd values must not overflow the clock.
qint64 clampMs(double ms)
{
    constexpr double kDayMs = 24.0 * 3600 * 1000;
    return ms > 0 ? qint64(std::min(ms, kDayMs)) : 0;
}

} // namespace

qint64 FailurePolicy::retryAfterMs(const QByteArray &header, const QByteArray &body,
                                   const QDateTime &now)
{
    const QByteArray value = header.trimmed();
    if (!value.isEmpty()) {
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (ok && seconds >= 0)
            return clampMs(seconds * 1000);
        const QDateTime date =
            QLocale::c().toDateTime(QString::fromLatin1(value).simplified(),
                                    QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (date.isValid()) {
            const QDateTime utc(date.date(), date.time(), Qt::UTC);
            return clampMs(double(now.msecsTo(utc)));
        }
    }
    static const QRegularExpression retryDelay(
        QStringLiteral(R"("retryDelay"\s*:\s*"([0-9.]+)s")"));
    const QRegularExpressionMatch m = retryDelay.match(QString::fromUtf8(body.left(64 * 1024)));
    if (m.hasMatch())
        return clampMs(m.captured(1).toDouble() * 1000);
    return 0;
}

bool FailurePolicy::isExhaustedLimitHeader(QByteArrayView lowerCaseName, QByteArrayView value)
{
    if (!lowerCaseName.contains("ratelimit") || !lowerCaseName.contains("remaining"))
        return false;
    bool ok = false;
    const double remaining = value.trimmed().toDouble(&ok);
    return ok && remaining <= 0;
}

FailureVerdict FailurePolicy::classify(const AttemptFailure &failure, const RetryPolicy &retry,
                                       const QDateTime &now)
{
    using Scope = FailureVerdict::Scope;
    using KeyAction = FailureVerdict::KeyAction;
    FailureVerdict v;
    if (failure.kind != AttemptFailure::Kind::Status) {
        v.scope = Scope::Transient;
        // A proxy that failed says nothing about the provider behind it.
        v.countsAgainstTarget = !failure.proxyFault;
        return v;
    }
    const int status = failure.status;
    if (status == 429) {
        v.scope = Scope::Key;
        // "No money left" is not worth retrying on that key, whatever the provider's words.
        if (UpstreamErrorMapper::meansOutOfBalance(status, failure.body)) {
            v.key = KeyAction::Disable;
            v.outOfBalance = true;
            v.keyReason = QStringLiteral("out of balance or quota (HTTP 429)");
            return v;
        }
        const qint64 asked = retryAfterMs(failure.retryAfter, failure.body, now);
        if (asked <= 0 && !failure.limitExhausted)
            return v; // nothing says the key is spent: other requests may well pass
        v.key = KeyAction::Cooldown;
        v.cooldownMs = asked > 0 ? asked : retry.defaultCooldownMs;
        v.keyReason = QStringLiteral("rate limited (HTTP 429)");
        return v;
    }
    // Read once: it parses the provider's body.
    const bool outOfBalance = UpstreamErrorMapper::meansOutOfBalance(status, failure.body);
    if (status == 401 || status == 403 || outOfBalance) {
        v.scope = Scope::Key;
        v.key = KeyAction::Disable;
        v.outOfBalance = outOfBalance;
        v.keyReason = status == 401 || status == 403
                          ? QStringLiteral("rejected by the provider (HTTP %1)").arg(status)
                          : QStringLiteral("out of balance (HTTP %1)").arg(status);
        return v;
    }
    if (status == 408 || (status >= 500 && status != 501)) {
        v.scope = Scope::Transient;
        v.countsAgainstTarget = true;
        return v;
    }
    if (status == 404 || status == 501) {
        // The target does not have this model or operation; another target may.
        v.scope = Scope::Target;
        return v;
    }
    // Other 4xx are the request's own fault; anything else (a redirect from a wrong base URL,
    // a 1xx) is the target's.
    v.scope = status >= 400 && status < 500 ? Scope::Client : Scope::Target;
    return v;
}

} // namespace llmux
