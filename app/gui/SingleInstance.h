#pragma once

#include <QLocalServer>
#include <QObject>

namespace llmux {

// One desktop LLMux per data folder: the first instance listens on a local socket named after the
// folder; a later launch asks it to show its window and then exits instead of starting a second
// gateway.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);

    // True when another instance answered (and was asked to come to the front).
    bool activateRunningInstance();
    // Starts listening for later launches.
    bool listen();

Q_SIGNALS:
    void activationRequested();

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace llmux
