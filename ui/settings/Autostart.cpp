#include "ui/settings/Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace llmux {
namespace {

#if defined(Q_OS_WIN)
const QString kRunKey =
    QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
const QString kValueName = QStringLiteral("LLMux");
#else
// Quotes one argument for a desktop entry's Exec line: the Exec quoting rule first, then the
// string escape of every desktop entry value (so a literal backslash ends up as four), and %%
// for the field codes.
QString quoted(const QString &argument)
{
    QString escaped = argument;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    escaped.replace(QLatin1Char('`'), QLatin1String("\\`"));
    escaped.replace(QLatin1Char('$'), QLatin1String("\\$"));
    escaped = QLatin1Char('"') + escaped + QLatin1Char('"');
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("%%"));
    return escaped;
}

QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

Status writeFile(const QString &path, const QByteArray &content)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Status::failure(
            QCoreApplication::translate("llmux::Autostart", "Cannot create the folder %1.")
                .arg(QFileInfo(path).absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Status::failure(
            QCoreApplication::translate("llmux::Autostart", "Cannot write %1: %2")
                .arg(path, file.errorString()));
    return Status::success();
}
#endif

} // namespace

QString Autostart::location()
{
#if defined(Q_OS_WIN)
    return kRunKey + QLatin1Char('\\') + kValueName;
#elif defined(Q_OS_MACOS)
    return QDir::homePath() + QStringLiteral("/Library/LaunchAgents/app.llmux.LLMux.plist");
#else
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/llmux.desktop");
#endif
}

bool Autostart::isEnabled()
{
#if defined(Q_OS_WIN)
    return QSettings(kRunKey, QSettings::NativeFormat).contains(kValueName);
#else
    return QFile::exists(location());
#endif
}

Status Autostart::setEnabled(bool enabled, const QString &program, const QStringList &arguments)
{
#if defined(Q_OS_WIN)
    QSettings run(kRunKey, QSettings::NativeFormat);
    if (!enabled) {
        run.remove(kValueName);
    } else {
        QStringList parts{QLatin1Char('"') + QDir::toNativeSeparators(program) + QLatin1Char('"')};
        for (const QString &argument : arguments)
            parts << QLatin1Char('"') + argument + QLatin1Char('"');
        run.setValue(kValueName, parts.join(QLatin1Char(' ')));
    }
    run.sync();
    if (run.status() != QSettings::NoError)
        return Status::failure(
            QCoreApplication::translate("llmux::Autostart", "Cannot change the Windows Run key."));
    return Status::success();
#else
    const QString path = location();
    if (!enabled) {
        if (QFile::exists(path) && !QFile::remove(path))
            return Status::failure(
                QCoreApplication::translate("llmux::Autostart", "Cannot remove %1.").arg(path));
        return Status::success();
    }
#if defined(Q_OS_MACOS)
    QString items = QStringLiteral("    <string>%1</string>\n").arg(xmlEscaped(program));
    for (const QString &argument : arguments)
        items += QStringLiteral("    <string>%1</string>\n").arg(xmlEscaped(argument));
    const QString plist = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                         "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                                         "<plist version=\"1.0\">\n<dict>\n"
                                         "  <key>Label</key><string>app.llmux.LLMux</string>\n"
                                         "  <key>ProgramArguments</key>\n  <array>\n%1  </array>\n"
                                         "  <key>RunAtLoad</key><true/>\n</dict>\n</plist>\n")
                              .arg(items);
    return writeFile(path, plist.toUtf8());
#else
    Q_UNUSED(xmlEscaped);
    QStringList exec{quoted(program)};
    for (const QString &argument : arguments)
        exec << quoted(argument);
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=LLMux\n"
                                         "Comment=Local LLM gateway\n"
                                         "Exec=%1\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(exec.join(QLatin1Char(' ')));
    return writeFile(path, entry.toUtf8());
#endif
#endif
}

} // namespace llmux
