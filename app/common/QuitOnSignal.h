#pragma once

#include <QObject>

namespace llmux {

// Turns SIGINT and SIGTERM into a clean end of the event loop (QCoreApplication::exit(0)), so
// `llmux serve` and the desktop app stop the gateway and flush the request log before exiting, as
// on logout or `systemctl stop`. exit() rather than quit(): a window that hides to the tray on
// close must not be able to refuse it. The signal handler only writes a byte to a socket pair.
class QuitOnSignal : public QObject
{
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override;
};

} // namespace llmux
