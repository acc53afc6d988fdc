#pragma once

#include <QRegularExpression>
#include <QString>

namespace llmux {

// Route names with '*' (any run of characters) or '?' (one character) are patterns, matched
// case-insensitively; the first '*' is captured for the upstream model names. Shared by the
// resolver, the configuration loader, the model catalog and the route editor.
class ModelPattern
{
public:
    static bool isPattern(const QString &name);
    static QRegularExpression compile(const QString &pattern);
};

} // namespace llmux
