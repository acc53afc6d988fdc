#pragma once

#include "core/domain/TokenUsage.h"
#include "core/http/SseParser.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace llmux {

// One streamed chat completion over HTTP: posts the body, reads the server-sent events as they
// arrive and reports the text piece by piece, then the usage and how long it took. Turns every
// failure (refused connection, an error body, an error event inside the stream) into one
// sentence for a person. Never blocks: everything happens in the network's signals.
class ChatStream : public QObject
{
    Q_OBJECT
public:
    explicit ChatStream(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ChatStream() override;

    // Starts a request; a running one is aborted first.
    void start(const QUrl &url, const QString &key, const QByteArray &body);
    // Ends the running request; finished() follows with stopped set.
    void abort();
    bool isRunning() const { return m_reply != nullptr; }

    std::optional<qint64> timeToFirstTokenMs() const { return m_firstTokenMs; }
    qint64 totalMs() const { return m_totalMs; }
    std::optional<TokenUsage> usage() const { return m_usage; }
    // The "model" field of the chunks: what answered.
    QString servedModel() const { return m_servedModel; }

Q_SIGNALS:
    void textReceived(const QString &text);
    // error is empty on success; stopped when abort() ended it.
    void finished(const QString &error, bool stopped);

private:
    void onReadyRead();
    void onFinished();
    void handleEvent(const SseParser::Event &event);
    QString describeHttpError(int status, const QByteArray &body) const;

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QElapsedTimer m_clock;
    QByteArray m_errorBody;
    QString m_streamError;
    QString m_servedModel;
    std::optional<qint64> m_firstTokenMs;
    std::optional<TokenUsage> m_usage;
    qint64 m_totalMs = 0;
    bool m_done = false;
    bool m_stopped = false;
};

} // namespace llmux
