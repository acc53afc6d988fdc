#include "theme/Language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace llmux {
namespace {

std::unique_ptr<QTranslator> &installed()
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
    if (installed()) {
        QCoreApplication::removeTranslator(installed().get());
        installed().reset();
    }
    bool known = false;
    for (const Choice &choice : choices())
        known = known || choice.code == code;
    currentCode() = known ? code : QStringLiteral("system");
    const QLocale locale =
        currentCode() == QLatin1String("system") ? QLocale() : QLocale(currentCode());
    auto translator = std::make_unique<QTranslator>();
    if (translator->load(locale, QStringLiteral("llmux"), QStringLiteral("_"),
                         QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator.get());
        installed() = std::move(translator);
    }
}

QString Language::current()
{
    return currentCode();
}

} // namespace llmux
