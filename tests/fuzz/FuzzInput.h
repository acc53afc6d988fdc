#pragma once

#include <QByteArrayView>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace llmux::fuzz {

// The fuzzer's bytes, with a few leading ones spent on choices (how to split the input, which
// translator to use) so one input describes a whole scenario.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(qsizetype(size))
    {}

    // One byte of choice, 0 when the input is used up.
    uint8_t choice()
    {
        if (m_pos >= m_size)
            return 0;
        return uint8_t(m_data[m_pos++]);
    }
    QByteArrayView rest() const { return QByteArrayView(m_data + m_pos, m_size - m_pos); }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
};

// Pieces of 1 to 256 bytes, the way a network might deliver a stream.
inline qsizetype pieceSize(uint8_t choice)
{
    return qsizetype(choice) + 1;
}

// The bytes cut into pieces of that size (the last one shorter).
inline QList<QByteArrayView> pieces(QByteArrayView bytes, qsizetype size)
{
    QList<QByteArrayView> out;
    for (qsizetype at = 0; at < bytes.size(); at += size)
        out.append(bytes.sliced(at, qMin(size, bytes.size() - at)));
    return out;
}

} // namespace llmux::fuzz
