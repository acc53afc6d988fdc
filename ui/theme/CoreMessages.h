#pragma once

#include <QString>

namespace llmux {

// Shows a sentence from the core (a health check's reason, a provider test's result, a keychain
// error) in the interface's language. The core speaks English everywhere it writes (the request
// log, the command line, HTTP clients, the health history); the desktop app recognises the
// sentences it knows by their English pattern and renders them with tr(), translating the parts
// they were built from the same way. Text it does not know (a provider's own error) stays as it is.
namespace CoreMessages {
QString translate(const QString &english);
}

} // namespace llmux
