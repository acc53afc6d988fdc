#pragma once

#include <QByteArray>

namespace llmux::test {

// What the fake upstream does for a request, chosen by the request's model name so that tests and
// out-of-process clients can pick a behaviour without any side channel. Every dialect plays every
// scenario, in its own wire format:
//   anything else       success (plain JSON, or a stream when asked for one)
//   error-<status>      the vendor's error body with that status (429 adds a retry hint)
//   html-<status>       that status with an HTML body
//   slow-<ms>           wait before answering
//   chunks-<n>-<ms>     stream n content chunks ("tok0 " ...) spaced ms apart
//   cut-<n>             send n chunks (or part of a body), then drop the connection
//   stall-<n>           send n chunks, then go silent with the connection open
//   flood-<mb>          stream about mb megabytes as fast as possible (16 KB chunks)
//   hang                never answer
//   flaky-<status>      every other request (odd ones) fails with that status, the rest succeed
//   failfirst-<n>-<status> the first n requests for this model fail with that status (as error-),
//                       the rest succeed
//   streamerror-<status> a stream that starts 200 and whose first event is the vendor's in-stream
//                       error (Anthropic "event: error"; an OpenAI-style {"error":...} chunk)
//   tool...             call the first tool the request declares (with {"city":"Paris"}); once
//                       the conversation ends with a tool's result, answer about it in text
//   think...            reason first ("Thinking it over."), then answer
//   thinktool...        reason first, then as tool... (Anthropic's fake then wants the signed
//                       thinking back in front of the call, as Anthropic does with thinking on)
struct FakeScenario
{
    enum class Kind {
        Success,
        Error,
        Html,
        Slow,
        Chunks,
        Cut,
        Stall,
        Flood,
        Hang,
        Tool,
        Think,
        ThinkTool,
        Flaky,
        FailFirst,
        StreamError
    };
    Kind kind = Kind::Success;
    int status = 200;
    int count = 0;
    int delayMs = 0;

    static FakeScenario fromModel(const QByteArray &model);
};

} // namespace llmux::test
