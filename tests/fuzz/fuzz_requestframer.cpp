// The client-facing framer: any bytes, in any pieces, end in a verdict without a crash, a hang
// or a reading past the input; a refused message can still be followed to its end.
#include "core/http/RequestFramer.h"
#include "tests/fuzz/FuzzInput.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace llmux;
    using Verdict = RequestFramer::Verdict;
    fuzz::FuzzInput in(data, size);
    const qsizetype piece = fuzz::pieceSize(in.choice());
    const QByteArrayView bytes = in.rest();
    RequestFramer framer(4096, 65536);
    qsizetype at = 0;
    int messages = 0;
    while (at < bytes.size() && messages < 64) {
        const QByteArrayView chunk = bytes.sliced(at, qMin(piece, bytes.size() - at));
        const RequestFramer::Progress p = framer.feed(chunk);
        if (p.consumed < 0 || p.consumed > chunk.size())
            std::abort();
        if (p.cutFrom >= 0 && (p.cutLength < 0 || p.cutFrom + p.cutLength > p.consumed))
            std::abort();
        if (p.verdict == Verdict::NeedMore && p.consumed != chunk.size())
            std::abort();
        at += p.consumed;
        switch (p.verdict) {
        case Verdict::NeedMore:
            break;
        case Verdict::MessageComplete:
            if (!framer.messageComplete() || framer.head().method.isEmpty())
                std::abort();
            framer.reset();
            ++messages;
            break;
        case Verdict::BodyTooLarge:
            framer.ignoreBodyLimit(); // discarded to its end, as the gateway does
            break;
        default:
            if (framer.head().problem.isEmpty() && p.verdict != Verdict::HeaderTooLarge)
                std::abort();
            return 0;
        }
    }
    return 0;
}
