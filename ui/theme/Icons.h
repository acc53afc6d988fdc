#pragma once

#include <QIcon>
#include <QString>

namespace llmux {

// The app's one icon set: line icons drawn on a 24-unit grid, shipped as SVG in
// resources/icons and tinted for the current theme (text colour; white when selected, as on the
// sidebar's accent). Names: dashboard, providers, models, keys, usage, logs, playground,
// settings, health, connect, add, remove, edit, copy, refresh, test, export, search, send, stop,
// play, pause, quit, open, warning, check.
class Icons
{
public:
    // An unknown name gives a null icon, so a missing file never crashes a page.
    static QIcon get(const QString &name);
    // Forgets tinted icons; called when the theme changes.
    static void clearCache();
};

} // namespace llmux
