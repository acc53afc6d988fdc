#include "core/usage/RequestLogSpool.h"

#include <QDataStream>
#include <QFileInfo>
#include <QIODevice>
#include <QLockFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/file.h>
#endif

namespace llmux {
namespace {

// The file: a header, then two halves of records.
constexpr char kFileMagic[8] = {'L', 'L', 'M', 'U', 'X', 'S', 'P', 'L'};
constexpr quint32 kFileVersion = 1;
constexpr qint64 kHeaderBytes = 64; // magic, version, run id, half size
// A record: magic, payload length, sequence, hash of both, then the payload (8-byte aligned).
constexpr quint32 kRecordMagic = 0x4345524C; // "LREC"
constexpr qint64 kRecordHeaderBytes = 24;
constexpr int kMaxSpoolFiles = 8;

qint64 aligned(qint64 n)
{
    return (n + 7) & ~qint64(7);
}

// FNV-1a over the sequence and the payload: tells a whole record from a torn or stale one.
quint64 hashOf(quint64 sequence, QByteArrayView payload)
{
    quint64 h = 1469598103934665603ULL;
    const auto mix = [&h](uchar c) {
        h ^= c;
        h *= 1099511628211ULL;
    };
    for (int i = 0; i < 8; ++i)
        mix(uchar(sequence >> (8 * i)));
    for (char c : payload)
        mix(uchar(c));
    return h;
}

template <typename T> T load(const uchar *at)
{
    T v;
    std::memcpy(&v, at, sizeof v);
    return v;
}

template <typename T> void store(uchar *at, T v)
{
    std::memcpy(at, &v, sizeof v);
}

} // namespace

RequestLogSpool::~RequestLogSpool()
{
    if (m_map)
        m_file.unmap(m_map);
}

bool RequestLogSpool::lockExclusively(const QString &path)
{
#ifdef Q_OS_UNIX
    // A lock the kernel gives back when the process ends, however it ends: a PID in a lock file
    // can outlive its process (a container restarts with the same PID, a host gets a new name).
    Q_UNUSED(path)
    return ::flock(m_file.handle(), LOCK_EX | LOCK_NB) == 0;
#else
    auto lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    lock->setStaleLockTime(0); // stale only when its process is gone
    if (!lock->tryLock(0))
        return false;
    m_lock = std::move(lock);
    return true;
#endif
}

QByteArray RequestLogSpool::serialize(const RequestLogEntry &e)
{
    QByteArray out;
    out.reserve(256);
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_0);
    const auto optional = [&s](const auto &value) {
        s << bool(value.has_value());
        if (value)
            s << *value;
    };
    s << quint8(2) << e.timestampMs;
    optional(e.keyId);
    s << e.keyName << e.endpoint << e.modelRequested << e.provider << e.upstreamModel << e.stream
      << qint32(e.status) << e.latencyMs;
    optional(e.ttfbMs);
    optional(e.promptTokens);
    optional(e.completionTokens);
    optional(e.cost);
    s << e.error << e.clientDisconnected << qint32(e.attempts) << e.attemptErrors;
    s << e.session; // version 2
    return out;
}

std::optional<RequestLogEntry> RequestLogSpool::deserialize(QByteArrayView payload)
{
    const QByteArray bytes = payload.toByteArray();
    QDataStream s(bytes);
    s.setVersion(QDataStream::Qt_6_0);
    RequestLogEntry e;
    const auto optional = [&s](auto &value) {
        bool has = false;
        s >> has;
        if (has) {
            typename std::remove_reference_t<decltype(value)>::value_type v{};
            s >> v;
            value = v;
        }
    };
    quint8 version = 0;
    s >> version;
    if (version != 1 && version != 2) // 1: before sessions were recorded
        return std::nullopt;
    qint32 status = 0, attempts = 0;
    s >> e.timestampMs;
    optional(e.keyId);
    s >> e.keyName >> e.endpoint >> e.modelRequested >> e.provider >> e.upstreamModel >> e.stream >>
        status >> e.latencyMs;
    optional(e.ttfbMs);
    optional(e.promptTokens);
    optional(e.completionTokens);
    optional(e.cost);
    s >> e.error >> e.clientDisconnected >> attempts >> e.attemptErrors;
    if (version >= 2)
        s >> e.session;
    if (s.status() != QDataStream::Ok)
        return std::nullopt;
    e.status = status;
    e.attempts = attempts;
    return e;
}

Status RequestLogSpool::open(const QString &dbPath, qint64 halfBytes)
{
    m_halfBytes = aligned(halfBytes);
    QString path;
    for (int i = 0; i < kMaxSpoolFiles && path.isEmpty(); ++i) {
        const QString candidate =
            dbPath + (i == 0 ? QStringLiteral(".spool") : QStringLiteral(".spool.%1").arg(i));
        m_file.setFileName(candidate);
        if (!m_file.open(QIODevice::ReadWrite))
            return Status::failure(QStringLiteral("Cannot open the request-log spool %1: %2")
                                       .arg(candidate, m_file.errorString()));
        if (lockExclusively(candidate))
            path = candidate;
        else
            m_file.close();
    }
    if (path.isEmpty())
        return Status::failure(
            QStringLiteral("Every request-log spool beside %1 is in use by another LLMux.")
                .arg(dbPath));
    m_name = QFileInfo(path).fileName();
    // What the last run left, read with the layout it was written in.
    qint64 fileHalf = 0;
    if (m_file.size() >= kHeaderBytes) {
        const QByteArray header = m_file.read(kHeaderBytes);
        if (std::memcmp(header.constData(), kFileMagic, 8) == 0 &&
            load<quint32>(reinterpret_cast<const uchar *>(header.constData()) + 8) ==
                kFileVersion) {
            m_leftoverRunId =
                load<qint64>(reinterpret_cast<const uchar *>(header.constData()) + 16);
            fileHalf = load<qint64>(reinterpret_cast<const uchar *>(header.constData()) + 24);
        }
    }
    if (fileHalf > 0 && m_file.size() >= kHeaderBytes + 2 * fileHalf) {
        if (uchar *old = m_file.map(0, kHeaderBytes + 2 * fileHalf)) {
            std::swap(m_map, old);
            std::swap(m_halfBytes, fileHalf);
            readHalf(0, m_leftovers);
            readHalf(1, m_leftovers);
            std::swap(m_halfBytes, fileHalf);
            std::swap(m_map, old);
            m_file.unmap(old);
        }
        std::sort(m_leftovers.begin(), m_leftovers.end(),
                  [](const Record &a, const Record &b) { return a.sequence < b.sequence; });
    }
    return Status::success();
}

void RequestLogSpool::start()
{
    if (!m_file.isOpen())
        return;
    std::lock_guard lock(m_mutex);
    if (m_map) {
        m_file.unmap(m_map);
        m_map = nullptr;
    }
    // Cut to nothing and grown again: every byte reads as zero, no stale record survives.
    if (!m_file.resize(0) || !m_file.resize(kHeaderBytes + 2 * m_halfBytes))
        return;
    // size() refreshes the size QFile caches, which map() checks against.
    if (m_file.size() != kHeaderBytes + 2 * m_halfBytes)
        return;
    m_map = m_file.map(0, kHeaderBytes + 2 * m_halfBytes);
    if (!m_map)
        return;
    do
        m_runId = qint64(QRandomGenerator::system()->generate64() >> 1);
    while (m_runId == 0 || m_runId == m_leftoverRunId);
    std::memcpy(m_map, kFileMagic, 8);
    store<quint32>(m_map + 8, kFileVersion);
    store<qint64>(m_map + 16, m_runId);
    store<qint64>(m_map + 24, m_halfBytes);
    m_half = 0;
    m_offset = 0;
    m_next = 1;
    m_stored = 0;
    m_otherHighest = 0;
    m_leftovers.clear();
}

uchar *RequestLogSpool::halfStart(int half) const
{
    return m_map + kHeaderBytes + half * m_halfBytes;
}

quint64 RequestLogSpool::append(const RequestLogEntry &entry)
{
    return appendSerialized(serialize(entry));
}

quint64 RequestLogSpool::appendSerialized(const QByteArray &payload)
{
    const qint64 need = kRecordHeaderBytes + aligned(payload.size());
    std::lock_guard lock(m_mutex);
    if (!m_map || need > m_halfBytes)
        return 0;
    if (m_offset + need > m_halfBytes) {
        // The other half may be reused once all of it is in the database.
        if (m_otherHighest > m_stored) {
            ++m_skipped;
            return 0;
        }
        m_otherHighest = m_next - 1;
        m_half ^= 1;
        m_offset = 0;
    }
    const quint64 sequence = m_next++;
    uchar *at = halfStart(m_half) + m_offset;
    std::memcpy(at + kRecordHeaderBytes, payload.constData(), size_t(payload.size()));
    store<quint32>(at + 4, quint32(payload.size()));
    store<quint64>(at + 8, sequence);
    store<quint64>(at + 16, hashOf(sequence, payload));
    store<quint32>(at, kRecordMagic);
    m_offset += need;
    // A record left after this one from an earlier turn has a lower sequence: reading stops there.
    return sequence;
}

void RequestLogSpool::markStored(quint64 sequence)
{
    std::lock_guard lock(m_mutex);
    m_stored = std::max(m_stored, sequence);
}

void RequestLogSpool::readHalf(int half, QList<Record> &out) const
{
    const uchar *start = halfStart(half);
    qint64 offset = 0;
    quint64 previous = 0;
    while (offset + kRecordHeaderBytes <= m_halfBytes) {
        const uchar *at = start + offset;
        if (load<quint32>(at) != kRecordMagic)
            break;
        const qint64 length = load<quint32>(at + 4);
        const quint64 sequence = load<quint64>(at + 8);
        if (offset + kRecordHeaderBytes + length > m_halfBytes)
            break;
        const QByteArrayView payload(reinterpret_cast<const char *>(at + kRecordHeaderBytes),
                                     length);
        if (load<quint64>(at + 16) != hashOf(sequence, payload))
            break; // torn by a kill in mid-copy, or left over from an earlier turn
        if (previous != 0 && sequence != previous + 1)
            break;
        std::optional<RequestLogEntry> entry = deserialize(payload);
        if (!entry)
            break;
        out.append({sequence, std::move(*entry)});
        previous = sequence;
        offset += kRecordHeaderBytes + aligned(length);
    }
}

} // namespace llmux
