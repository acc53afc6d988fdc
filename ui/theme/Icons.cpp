#include "ui/theme/Icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace llmux {
namespace {

// Tinted renderings by icon, size and colour; GUI thread only.
QHash<QString, QPixmap> &cache()
{
    static QHash<QString, QPixmap> pixmaps;
    return pixmaps;
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

// Tints at paint time with the palette then in force, so that icons already set on buttons and
// actions follow a theme change (pixmaps tinted once would keep the old theme's colour).
class TintedIconEngine : public QIconEngine
{
public:
    TintedIconEngine(QString name, QByteArray svg)
        : m_name(std::move(name))
        , m_svg(std::move(svg))
    {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap pixmap = this->pixmap(rect.size() * dpr, mode, state);
        pixmap.setDevicePixelRatio(dpr);
        painter->drawPixmap(rect, pixmap);
    }

    // size is in device pixels (QIcon multiplies by the device pixel ratio before asking).
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QApplication::palette();
        const QColor color = mode == QIcon::Selected ? QColor(Qt::white)
                             : mode == QIcon::Disabled
                                 ? palette.color(QPalette::Disabled, QPalette::Text)
                                 : palette.color(QPalette::Text);
        const QString key = QStringLiteral("%1/%2x%3/%4")
                                .arg(m_name)
                                .arg(size.width())
                                .arg(size.height())
                                .arg(color.name(QColor::HexArgb));
        if (auto it = cache().constFind(key); it != cache().cend())
            return *it;
        QPixmap pixmap = render(m_svg, color, qMax(1, qMin(size.width(), size.height())), 1.0);
        cache().insert(key, pixmap);
        return pixmap;
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal) override
    {
        return pixmap(size, mode, state);
    }

    QIconEngine *clone() const override { return new TintedIconEngine(m_name, m_svg); }

private:
    QString m_name;
    QByteArray m_svg;
};

} // namespace

QIcon Icons::get(const QString &name)
{
    QFile file(QStringLiteral(":/llmux/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return QIcon();
    return QIcon(new TintedIconEngine(name, file.readAll()));
}

void Icons::clearCache()
{
    cache().clear();
}

} // namespace llmux
