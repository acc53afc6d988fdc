#include "ui/theme/Language.h"

#include "ui/theme/Theme.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QFontInfo>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace llmux {
namespace {

// For a language the default font cannot write, a font that can goes first, so Latin and Chinese
// in one label come from the same font (a bold heading is bold throughout, not Latin only); one
// with a bold face where there is one. The default font otherwise, as the app started with it.
void useFontFor(QLocale::Language language)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return;
    static const QFont startFont = QGuiApplication::font();
    QFontDatabase::WritingSystem system = QFontDatabase::Any;
    if (language == QLocale::Chinese)
        system = QFontDatabase::SimplifiedChinese;
    QFont font = startFont;
    if (system != QFontDatabase::Any &&
        !QFontDatabase::writingSystems(QFontInfo(startFont).family()).contains(system)) {
        QString chosen;
        for (const QString &family : QFontDatabase::families(system)) {
            if (chosen.isEmpty())
                chosen = family;
            if (QFontDatabase::styles(family).contains(QStringLiteral("Bold"))) {
                chosen = family;
                break;
            }
        }
        if (!chosen.isEmpty())
            font.setFamilies(QStringList{chosen} + startFont.families());
    }
    QGuiApplication::setFont(font);
    Theme::refreshStyleSheet(); // its heading weights depend on the font
}

// LLMux's own strings, and Qt's (standard buttons, context menus), in that order.
std::unique_ptr<QTranslator> &installed()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

std::unique_ptr<QTranslator> &installedQt()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

QString &currentCode()
{
    static QString code = QStringLiteral("system");
    return code;
}

} // namespace

QList<Language::Choice> Language::choices()
{
    return {
        {QStringLiteral("system"),
         QCoreApplication::translate("llmux::Language", "System default")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
}

void Language::install(const QString &code)
{
    for (std::unique_ptr<QTranslator> *slot : {&installed(), &installedQt()}) {
        if (*slot) {
            QCoreApplication::removeTranslator(slot->get());
            slot->reset();
        }
    }
    bool known = false;
    for (const Choice &choice : choices())
        known = known || choice.code == code;
    currentCode() = known ? code : QStringLiteral("system");
    static const QLocale systemLocale; // before any setDefault below
    // A language the system speaks keeps the system's regional formats (en_GB dates stay en_GB
    // after a trip to Chinese and back); another one brings its own.
    const QLocale chosen(currentCode());
    const bool systemSpeaksIt =
        chosen.language() == systemLocale.language() ||
        (chosen.language() == QLocale::English && systemLocale.language() == QLocale::C);
    const QLocale locale =
        currentCode() == QLatin1String("system") || systemSpeaksIt ? systemLocale : chosen;
    // Dates, month names and numbers follow the chosen language too.
    QLocale::setDefault(locale);
    // The texts in the chosen language itself, whatever the formats.
    const QLocale texts = currentCode() == QLatin1String("system") ? systemLocale : chosen;
    useFontFor(texts.language());
    auto translator = std::make_unique<QTranslator>();
    if (translator->load(texts, QStringLiteral("llmux"), QStringLiteral("_"),
                         QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator.get());
        installed() = std::move(translator);
        // Only with a translation of ours: an English UI keeps Qt's English buttons.
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(texts, QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            installedQt() = std::move(qt);
        }
    }
}

QString Language::current()
{
    return currentCode();
}

} // namespace llmux
