#include "ui/theme/Theme.h"

#include "ui/theme/Icons.h"

#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QFontInfo>
#include <QStyle>
#include <QStyleFactory>

namespace llmux {
namespace {

Theme::Mode g_mode = Theme::Mode::System;
bool g_dark = false;

// The platform's palette, read before the first theme replaces it.
const QPalette &systemPalette()
{
    static const QPalette palette = QApplication::palette();
    return palette;
}

bool systemIsDark()
{
    const QPalette &p = systemPalette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

QString styleSheet()
{
    QFile file(QStringLiteral(":/llmux/styles/llmux.qss"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString sheet = QString::fromUtf8(file.readAll());
    // A font without a bold face (WenQuanYi, the usual Chinese one on Linux) would draw a bold
    // heading as bold Latin beside regular Chinese: headings keep the regular weight then.
    if (!QFontDatabase::styles(QFontInfo(QApplication::font()).family())
             .contains(QStringLiteral("Bold")))
        sheet +=
            QStringLiteral("\n#pageHeading, #sectionHeading, #stateLabel, #cardValue, "
                           "QHeaderView::section, QGroupBox::title { font-weight: normal; }\n");
    return sheet;
}

} // namespace

Theme::Mode Theme::modeFromString(const QString &text)
{
    if (text == QLatin1String("light"))
        return Mode::Light;
    if (text == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
}

QString Theme::toString(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

QPalette Theme::palette(bool dark)
{
    // Apple-like neutrals: grouped background, raised content, hairline separators.
    struct Colors
    {
        const char *window, *base, *alternate, *text, *secondary, *button, *mid, *midlight, *shadow,
            *disabledText, *tooltip;
    };
    static constexpr Colors light{"#F5F5F7", "#FFFFFF", "#FAFAFC", "#1D1D1F", "#6E6E73", "#FFFFFF",
                                  "#D2D2D7", "#E8E8ED", "#C7C7CC", "#AEAEB2", "#FFFFFF"};
    static constexpr Colors night{"#1C1C1E", "#2C2C2E", "#323236", "#F5F5F7", "#98989D", "#3A3A3C",
                                  "#48484A", "#3A3A3C", "#000000", "#636366", "#3A3A3C"};
    const Colors &c = dark ? night : light;
    const QColor accent{QLatin1String(kAccent)};
    QPalette p;
    p.setColor(QPalette::Window, QColor(QLatin1String(c.window)));
    p.setColor(QPalette::WindowText, QColor(QLatin1String(c.text)));
    p.setColor(QPalette::Base, QColor(QLatin1String(c.base)));
    p.setColor(QPalette::AlternateBase, QColor(QLatin1String(c.alternate)));
    p.setColor(QPalette::Text, QColor(QLatin1String(c.text)));
    p.setColor(QPalette::Button, QColor(QLatin1String(c.button)));
    p.setColor(QPalette::ButtonText, QColor(QLatin1String(c.text)));
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(QLatin1String(c.base)));
    p.setColor(QPalette::Midlight, QColor(QLatin1String(c.midlight)));
    p.setColor(QPalette::Mid, QColor(QLatin1String(c.mid)));
    // Dark is the secondary text colour (captions, summaries): the style sheet uses it so.
    p.setColor(QPalette::Dark, QColor(QLatin1String(c.secondary)));
    p.setColor(QPalette::Shadow, QColor(QLatin1String(c.shadow)));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::LinkVisited, accent);
    p.setColor(QPalette::PlaceholderText, QColor(QLatin1String(c.disabledText)));
    p.setColor(QPalette::ToolTipBase, QColor(QLatin1String(c.tooltip)));
    p.setColor(QPalette::ToolTipText, QColor(QLatin1String(c.text)));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(QLatin1String(c.disabledText)));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(QLatin1String(c.mid)));
    return p;
}

void Theme::apply(Mode mode)
{
    systemPalette(); // remember the platform's palette before replacing it
    g_mode = mode;
    g_dark = mode == Mode::Dark || (mode == Mode::System && systemIsDark());
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(palette(g_dark));
    Icons::clearCache();
    // Set again after the palette so palette(...) references in it resolve to the new colours.
    qApp->setStyleSheet(styleSheet());
}

void Theme::refreshStyleSheet()
{
    if (!qApp->styleSheet().isEmpty())
        qApp->setStyleSheet(styleSheet());
}

Theme::Mode Theme::currentMode()
{
    return g_mode;
}

bool Theme::isDark()
{
    return g_dark;
}

} // namespace llmux
