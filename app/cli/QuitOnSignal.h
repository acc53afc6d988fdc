#pragma once

#include <QObject>

namespace llmux::cli {

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit(), so `llmux serve` flushes its
// request log before exiting. The signal handler only writes a byte to a pipe.
class QuitOnSignal : public QObject
{
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override;
};

} // namespace llmux::cli
