#pragma once

// Internal to the fakes: OpenAI's Responses API, for the OpenAI wire of a fake that offers it.

#include "tests/fakes/FakeWire.h"

namespace llmux::test::responseswire {

inline constexpr int kEndpoint = 100; // FakeTurn::endpoint of a Responses request

// Reads a POST /v1/responses body into the turn; a reply when the request is refused.
std::optional<FakeReply> route(const Json &request, int serial, FakeTurn &turn);
FakeReply reply(const FakeTurn &turn);
// POST /v1/responses/compact: the conversation as one opaque compaction item.
FakeReply compact(const Json &request, int serial);
FakeStream stream(const FakeTurn &turn);

} // namespace llmux::test::responseswire
