#include "theme/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace llmux {
namespace {

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
