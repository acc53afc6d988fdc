// The parser of provider responses (status line, headers, fixed, chunked and close-delimited
// bodies): any bytes, in any pieces, then the peer closing.
#include "core/upstream/HttpResponseParser.h"
#include "tests/fuzz/FuzzInput.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace llmux;
    fuzz::FuzzInput in(data, size);
    const qsizetype piece = fuzz::pieceSize(in.choice());
    const QByteArrayView bytes = in.rest();
    HttpResponseParser parser;
    qsizetype body = 0;
    bool ended = false;
    for (const QByteArrayView chunk : fuzz::pieces(bytes, piece)) {
        if (ended)
            break;
        const HttpResponseParser::Output out = parser.feed(chunk);
        body += out.body.size();
        ended = out.complete || !out.error.isEmpty();
    }
    if (!ended)
        body += parser.peerClosed().body.size();
    if (body > bytes.size())
        std::abort(); // a body is never longer than what carried it
    return 0;
}
