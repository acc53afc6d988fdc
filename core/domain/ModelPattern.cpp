#include "core/domain/ModelPattern.h"

namespace llmux {

bool ModelPattern::isPattern(const QString &name)
{
    return name.contains(QLatin1Char('*')) || name.contains(QLatin1Char('?'));
}

QRegularExpression ModelPattern::compile(const QString &pattern)
{
    QString re = QStringLiteral("\\A");
    QString literal;
    bool captured = false;
    auto flush = [&] {
        re += QRegularExpression::escape(literal); // whole runs: surrogate pairs stay intact
        literal.clear();
    };
    for (const QChar c : pattern) {
        if (c == QLatin1Char('*')) {
            flush();
            re += captured ? QStringLiteral(".*") : QStringLiteral("(.*)");
            captured = true;
        } else if (c == QLatin1Char('?')) {
            flush();
            re += QLatin1Char('.');
        } else {
            literal += c;
        }
    }
    flush();
    re += QStringLiteral("\\z");
    return QRegularExpression(re, QRegularExpression::CaseInsensitiveOption |
                                      QRegularExpression::DotMatchesEverythingOption);
}

} // namespace llmux
