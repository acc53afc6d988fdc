#include "core/gateway/FailureAnswer.h"

#include "core/translate/ErrorBody.h"
#include "core/translate/UpstreamErrorMapper.h"

namespace llmux {

FailureAnswer FailureAnswer::choose(const AttemptFailure &failure, const FailedRoute &route)
{
    FailureAnswer answer;
    // The failure, not the last response head: an error event inside a 200 stream carries its
    // own status and body.
    if (!failure.retryAfter.isEmpty() && failure.kind == AttemptFailure::Kind::Status)
        answer.headers.append({"Retry-After", failure.retryAfter});
    const bool providerRejectedKey = failure.kind == AttemptFailure::Kind::Status &&
                                     (failure.status == 401 || failure.status == 403);
    if (failure.kind == AttemptFailure::Kind::Status && !providerRejectedKey &&
        (route.oneTarget || route.lastFailureWasClientFault)) {
        const UpstreamErrorMapper::ClientError error =
            UpstreamErrorMapper::map(route.upstreamFormat, route.client, failure.status,
                                     failure.body, route.provider, failure.retryAfter);
        answer.status = error.status;
        answer.body = error.body;
        answer.loggedStatus = failure.status;
        answer.loggedError = error.summary;
        return answer;
    }

    QByteArray code = "upstream_unreachable";
    switch (failure.kind) {
    case AttemptFailure::Kind::Timeout:
        answer.status = 504;
        code = "upstream_timeout";
        break;
    case AttemptFailure::Kind::Protocol:
        code = "upstream_bad_response";
        break;
    case AttemptFailure::Kind::Unreachable:
        break;
    case AttemptFailure::Kind::Status:
        answer.status = UpstreamErrorMapper::map(route.upstreamFormat, route.client, failure.status,
                                                 failure.body, route.provider)
                            .status;
        code = "all_attempts_failed";
        // The client's own key is fine; what failed upstream is not its request.
        if (answer.status >= 400 && answer.status < 500 && answer.status != 429)
            answer.status = 502;
        if (providerRejectedKey && route.oneTarget)
            code = "provider_auth_failed";
        break;
    }
    const QString attempts =
        route.attempts > 1 ? QStringLiteral(" (%1 attempts)").arg(route.attempts) : QString();
    const QString message =
        providerRejectedKey && route.oneTarget
            ? QStringLiteral("Provider '%1' rejected LLMux's API key for it: %2%3. Check the key "
                             "with: llmux provider test %1")
                  .arg(route.provider, failure.summary, attempts)
        : route.oneTarget ? QStringLiteral("Provider '%1' failed: %2%3")
                                .arg(route.provider, failure.summary, attempts)
                          : QStringLiteral("All %1 attempts for '%2' failed: %3")
                                .arg(route.attempts)
                                .arg(route.routeName, route.history.join(QStringLiteral("; ")));
    answer.body = ErrorBody::forClient(route.client, answer.status, code, message,
                                       failure.kind == AttemptFailure::Kind::Status
                                           ? QByteArrayView(failure.retryAfter)
                                           : QByteArrayView());
    answer.loggedStatus = answer.status;
    answer.loggedError = message;
    return answer;
}

} // namespace llmux
