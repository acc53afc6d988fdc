#pragma once

#include <QList>
#include <QString>

namespace llmux {

// The UI language: which ones ship and the translator in force. "system" follows the OS locale.
class Language
{
public:
    struct Choice
    {
        QString code;       // "system", "en", "zh_CN"
        QString nativeName; // shown as is, in its own language
    };
    static QList<Choice> choices();

    // Replaces the installed translation with the one for `code`. Unknown codes and languages
    // without a translation fall back to English.
    static void install(const QString &code);
    static QString current();
};

} // namespace llmux
