#pragma once

#include <QBrush>
#include <QColor>
#include <Qt>

namespace llmux {

// How a health cell reads at a glance. The models return the tone's colour as Qt::ForegroundRole
// so any view shows it, and the tone itself under ToneRole for tests and delegates.
enum class StatusTone { Good, Warning, Bad, Neutral };

constexpr int ToneRole = Qt::UserRole + 1;

// Colours that read on light and dark backgrounds, matching the dashboard's status column.
inline QBrush toneBrush(StatusTone tone)
{
    switch (tone) {
    case StatusTone::Good:
        return QBrush(QColor(0x1a, 0x7f, 0x37));
    case StatusTone::Warning:
        return QBrush(QColor(0xb2, 0x6b, 0x00));
    case StatusTone::Bad:
        return QBrush(QColor(0xd7, 0x3a, 0x49));
    case StatusTone::Neutral:
        break;
    }
    return QBrush(QColor(0x8e, 0x8e, 0x93));
}

} // namespace llmux
