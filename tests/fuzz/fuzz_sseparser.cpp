// The server-sent-events parser that reads every provider stream: any bytes, in any pieces.
#include "core/http/SseParser.h"
#include "tests/fuzz/FuzzInput.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace llmux;
    fuzz::FuzzInput in(data, size);
    const qsizetype piece = fuzz::pieceSize(in.choice());
    const QByteArrayView bytes = in.rest();
    SseParser parser;
    qsizetype eventBytes = 0;
    for (const QByteArrayView chunk : fuzz::pieces(bytes, piece))
        for (const SseParser::Event &e : parser.feed(chunk))
            eventBytes += e.data.size() + e.event.size();
    const QByteArray tail = parser.takeRemainder();
    if (eventBytes + tail.size() > 2 * bytes.size() + 16)
        std::abort(); // a parser never makes more than it was given
    SseParser::parseEvent(tail + "\n\n");
    return 0;
}
