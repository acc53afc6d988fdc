#pragma once

#include "core/http/HeaderList.h"
#include "core/routing/FailurePolicy.h"
#include "core/translate/ApiFormat.h"

#include <QStringList>

namespace llmux {

// The facts about a request whose every attempt failed, as the relay knows them at the end.
struct FailedRoute
{
    ApiFormat client = ApiFormat::OpenAiChat;
    ApiFormat upstreamFormat = ApiFormat::OpenAiChat; // of the last attempt
    QString provider;                                 // of the last attempt
    QString routeName;
    int attempts = 0;
    bool oneTarget = false; // one provider was all there was to try (perhaps several times)
    bool lastFailureWasClientFault = false;
    QStringList history; // one line per attempt
};

// What the client is told then: the provider's own error in the client's format when that says it
// best (one provider was all there was, or the request itself was at fault), else a gateway error
// naming what failed. A pure function of the facts, so each case has a unit test
// (tst_failureanswer); the relay only gathers the facts and sends the answer.
struct FailureAnswer
{
    int status = 502;
    QByteArray body;
    HeaderList headers;
    // For the request log: the provider's own status when its error is passed on.
    int loggedStatus = 502;
    QString loggedError;

    static FailureAnswer choose(const AttemptFailure &failure, const FailedRoute &route);
};

} // namespace llmux
