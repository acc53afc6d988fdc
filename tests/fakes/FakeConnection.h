#pragma once

#include "tests/fakes/FakeScenario.h"
#include "tests/fakes/FakeWire.h"

#include <QObject>

#include <functional>

class QTcpSocket;

namespace llmux::test {

// One client connection of a fake upstream: reads HTTP requests one after another (keep-alive,
// pipelining), asks the dialect's FakeWire what each means and plays its scenario.
class FakeConnection : public QObject
{
public:
    FakeConnection(FakeUpstream *owner, QTcpSocket *socket);
    ~FakeConnection() override;

private:
    void onReadyRead();
    bool takeRequest(FakeRequest &r);
    void processNext();
    void finishRequest();
    void done();

    void serve(const FakeRequest &r);
    void answer();
    void streamError(int status);
    void sendBody(const FakeReply &reply);
    void startStream(FakeStream stream);
    void streamNext();
    // Writes the next slice of a flood; true once all of it is queued.
    bool writeFloodSlice();

    void writeHead(int status, const QByteArray &contentType, qint64 length, bool chunked,
                   const QByteArray &extra = {});
    void respond(const FakeReply &reply);
    void writeChunk(const QByteArray &data);
    bool open() const;
    void drop();
    void later(int ms, std::function<void()> f);

    FakeUpstream *m_owner;
    const FakeWire &m_wire;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    bool m_busy = false;

    // The request being played.
    FakeCall m_call;
    QList<FakeEvent> m_events;
    qsizetype m_next = 0;
    int m_pieces = 0;
    int m_chunkDelayMs = 0;
    int m_stopAfter = -1;
    bool m_cut = false;
    int m_floodChunks = 0;
    int m_floodWritten = 0;
    qsizetype m_floodAt = -1;
    QByteArray m_floodPrefix, m_floodSuffix;
};

} // namespace llmux::test
