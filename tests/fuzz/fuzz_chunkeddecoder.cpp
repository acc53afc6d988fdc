// The chunked decoder (client bodies and provider answers alike): any bytes, in any pieces.
#include "core/http/ChunkedDecoder.h"
#include "tests/fuzz/FuzzInput.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace llmux;
    fuzz::FuzzInput in(data, size);
    const qsizetype piece = fuzz::pieceSize(in.choice());
    const QByteArrayView bytes = in.rest();
    ChunkedDecoder decoder;
    QByteArray out;
    for (qsizetype at = 0; at < bytes.size();) {
        const QByteArrayView chunk = bytes.sliced(at, qMin(piece, bytes.size() - at));
        const ChunkedDecoder::Progress p = decoder.feed(chunk, &out);
        // decodedBytes() counts each chunk's declared size as soon as its size line is read.
        if (p.consumed < 0 || p.consumed > chunk.size() || out.size() > decoder.decodedBytes() ||
            (p.done && out.size() != decoder.decodedBytes()))
            std::abort();
        if (p.trailerFrom >= 0 && p.trailerFrom + p.trailerLength > p.consumed)
            std::abort();
        if (p.malformed || p.done)
            break;
        at += p.consumed;
    }
    return 0;
}
