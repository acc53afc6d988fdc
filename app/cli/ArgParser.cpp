#include "app/cli/ArgParser.h"

namespace llmux::cli {

ArgParser::ArgParser(const QString &usage, const QString &description)
    : m_usage(usage)
{
    setApplicationDescription(description);
    addHelpOption();
    addOption({QStringLiteral("data-dir"),
               QStringLiteral("Data folder (default: $LLMUX_DATA_DIR or the platform's app-data "
                              "folder)."),
               QStringLiteral("DIR")});
    setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
}

int ArgParser::parse(const QStringList &args, QTextStream &out, QTextStream &err,
                     int expectedPositional)
{
    // QCommandLineParser takes the first element as the program name: here, the command's name.
    if (!QCommandLineParser::parse(args)) {
        err << "llmux: " << errorText() << "\nUsage: " << m_usage
            << "\nRun with --help for details." << Qt::endl;
        return 2;
    }
    if (isSet(QStringLiteral("help"))) {
        out << "Usage: " << m_usage << "\n\n"
            << helpText().section(QLatin1Char('\n'), 1) << Qt::flush;
        return 0;
    }
    if (expectedPositional >= 0 && positionalArguments().size() != expectedPositional) {
        err << "llmux: expected " << expectedPositional << " argument(s), got "
            << positionalArguments().size() << ".\nUsage: " << m_usage << Qt::endl;
        return 2;
    }
    return -1;
}

} // namespace llmux::cli
