#pragma once

#include "core/domain/Alert.h"

#include <QCoreApplication>

namespace llmux {

// Alert events and channel kinds as the interface names them, in its language.
class AlertText
{
    Q_DECLARE_TR_FUNCTIONS(llmux::AlertText)
public:
    static QString event(Alert::Event event);
    static QString kind(AlertChannel::Kind kind);
    static QString events(const AlertChannel &channel); // "Every event" or the names
};

} // namespace llmux
