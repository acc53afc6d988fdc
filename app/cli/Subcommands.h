#pragma once

#include <QStringList>

#include <functional>
#include <initializer_list>

namespace llmux::cli {

class CliContext;

struct Subcommand
{
    const char *name;
    // Gets the arguments from the subcommand's name on.
    std::function<int(CliContext &, const QStringList &)> run;
};

// Runs the subcommand args[1] names ("llmux route add ..." → add); with none, or --help, prints
// the usage (exit 2 or 0); an unknown one is a clear error naming the command.
int runSubcommand(CliContext &ctx, const QStringList &args, const QString &command,
                  const QString &usage, std::initializer_list<Subcommand> subcommands);

} // namespace llmux::cli
