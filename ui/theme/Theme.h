#pragma once

#include <QPalette>
#include <QString>

namespace llmux {

// Light and dark looks for the whole application: the Fusion style, a calm neutral palette with
// one accent (#007AFF) and the app's style sheet. "System" follows the platform's palette as it
// was when the app started.
class Theme
{
public:
    enum class Mode { System, Light, Dark };

    static Mode modeFromString(const QString &text); // unknown text: System
    static QString toString(Mode mode);

    // Applies the mode to the running QApplication (palette, style, style sheet) and tints icons
    // anew. Call it once at start and whenever the user picks another theme.
    static void apply(Mode mode);
    // The style sheet again, for a new application font (a language change); nothing when no
    // theme was applied.
    static void refreshStyleSheet();
    static Mode currentMode();
    // Whether the palette in force is dark, whatever the mode.
    static bool isDark();
    static QPalette palette(bool dark);

    static constexpr const char *kAccent = "#007AFF";
};

} // namespace llmux
