#pragma once

#include <QCommandLineParser>
#include <QTextStream>

namespace llmux::cli {

// QCommandLineParser set up the same way for every (sub)command: --help prints usage and exits 0,
// unknown options and missing values become clear errors.
class ArgParser : public QCommandLineParser
{
public:
    ArgParser(const QString &usage, const QString &description);
    // Returns -1 to go on, or the exit code to return (0 after --help, 2 on a usage error).
    int parse(const QStringList &args, QTextStream &out, QTextStream &err,
              int expectedPositional = -1);

private:
    QString m_usage;
};

} // namespace llmux::cli
