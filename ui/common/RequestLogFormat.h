#pragma once

#include "core/domain/Records.h"
#include "ui/common/StatusTone.h"

#include <QCoreApplication>
#include <QString>

namespace llmux {

// How a request-log entry's cells read, shared by every view of the log (the logs page and the
// dashboard's recent requests) so the same request looks the same everywhere. Text and tone
// only: no widgets, no database.
class RequestLogFormat
{
    Q_DECLARE_TR_FUNCTIONS(llmux::RequestLogFormat)
public:
    // "200", or "200 (client left)" when the client went away before the answer was complete.
    static QString status(const RequestLogEntry &e);
    // Bad for an HTTP error or no answer, Warning for a client that left, else Good.
    static StatusTone statusTone(const RequestLogEntry &e);
    // The model asked for, with the provider's model after an arrow when it differs.
    static QString modelRoute(const RequestLogEntry &e);
    static QString latency(const RequestLogEntry &e);
    // Time to the first byte; empty when unknown.
    static QString firstByte(const RequestLogEntry &e);
    // "in / out"; empty when the upstream reported no tokens.
    static QString tokens(const RequestLogEntry &e);
    // Dollars; empty when the model has no price.
    static QString cost(const RequestLogEntry &e);
};

} // namespace llmux
