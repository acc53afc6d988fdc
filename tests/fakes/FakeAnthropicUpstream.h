#pragma once

#include "tests/fakes/FakeUpstream.h"

namespace llmux::test {

// The fake Anthropic provider: /v1/messages (Message JSON, or the message_start ... message_stop
// event stream), /v1/messages/count_tokens, /v1/models. Requires x-api-key and anthropic-version;
// a key starting with "bad" is refused as invalid.
class FakeAnthropicUpstream : public FakeUpstream
{
public:
    explicit FakeAnthropicUpstream(QObject *parent = nullptr)
        : FakeUpstream(Dialect::Anthropic, parent)
    {}
};

} // namespace llmux::test
