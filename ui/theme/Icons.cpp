#include "theme/Icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace llmux {
namespace {

QHash<QString, QIcon> &cache()
{
    static QHash<QString, QIcon> icons;
    return icons;
}

// The SVGs draw with currentColor; the tint replaces it before rendering.
QPixmap render(const QByteArray &svg, const QColor &color, int size, qreal dpr)
{
    QByteArray tinted = svg;
    tinted.replace("currentColor", color.name().toLatin1());
    QSvgRenderer renderer(tinted);
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.fill(Qt::transparent);
    pixmap.setDevicePixelRatio(dpr);
    QPainter painter(&pixmap);
    renderer.render(&painter, QRectF(0, 0, size, size));
    return pixmap;
}

} // namespace

QIcon Icons::get(const QString &name)
{
    auto it = cache().constFind(name);
    if (it != cache().constEnd())
        return *it;
    QFile file(QStringLiteral(":/llmux/icons/%1.svg").arg(name));
    QIcon icon;
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray svg = file.readAll();
        const QPalette palette = QApplication::palette();
        for (int size : {16, 20, 24, 32}) {
            for (qreal dpr : {1.0, 2.0}) {
                icon.addPixmap(render(svg, palette.color(QPalette::Text), size, dpr),
                               QIcon::Normal);
                icon.addPixmap(
                    render(svg, palette.color(QPalette::Disabled, QPalette::Text), size, dpr),
                    QIcon::Disabled);
                icon.addPixmap(render(svg, Qt::white, size, dpr), QIcon::Selected);
            }
        }
    }
    cache().insert(name, icon);
    return icon;
}

void Icons::clearCache()
{
    cache().clear();
}

} // namespace llmux
