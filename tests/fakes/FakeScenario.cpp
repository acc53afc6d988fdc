#include "tests/fakes/FakeScenario.h"

#include <QList>

namespace llmux::test {

FakeScenario FakeScenario::fromModel(const QByteArray &model)
{
    FakeScenario s;
    const QList<QByteArray> parts = model.split('-');
    const QByteArray head = parts.value(0);
    const int a = parts.value(1).toInt();
    const int b = parts.value(2).toInt();
    if (head == "error" && a >= 400) {
        s.kind = Kind::Error;
        s.status = a;
    } else if (head == "streamerror" && a >= 400) {
        s.kind = Kind::StreamError;
        s.status = a;
    } else if (head == "flaky" && a >= 400) {
        s.kind = Kind::Flaky;
        s.status = a;
    } else if (head == "failfirst" && a > 0 && b >= 400) {
        s.kind = Kind::FailFirst;
        s.count = a;
        s.status = b;
    } else if (head == "html" && a >= 400) {
        s.kind = Kind::Html;
        s.status = a;
    } else if (head == "slow" && a > 0) {
        s.kind = Kind::Slow;
        s.delayMs = a;
    } else if (head == "chunks" && a > 0) {
        s.kind = Kind::Chunks;
        s.count = a;
        s.delayMs = b;
    } else if (head == "cut") {
        s.kind = Kind::Cut;
        s.count = a;
    } else if (head == "stall") {
        s.kind = Kind::Stall;
        s.count = a;
    } else if (head == "flood" && a > 0) {
        s.kind = Kind::Flood;
        s.count = a;
    } else if (model == "hang") {
        s.kind = Kind::Hang;
    } else if (model.startsWith("thinktool")) {
        s.kind = Kind::ThinkTool;
    } else if (model.startsWith("tool")) {
        s.kind = Kind::Tool;
    } else if (model.startsWith("think")) {
        s.kind = Kind::Think;
    }
    return s;
}

} // namespace llmux::test
